/** `release-approvals.json`: who approved the release, in which role. */
import { defineContract, jsonExample } from './define';
import {
  JSON_SCHEMA_DRAFT_07,
  NON_BLANK,
  EvidenceJsonSchema,
  parseJsonWithSchema,
} from './json';

/** A decision on a release. @public */
export type ApprovalDecision = 'approved' | 'rejected' | 'pending';

/** One approver's decision in `release-approvals.json`. @public */
export interface ReleaseApproval {
  /** The role the approver signs for, such as `cab` or `rollback-owner`. */
  role: string;
  /** Who decided: an email address, user name or entity ref. */
  approver: string;
  decision: ApprovalDecision;
  /** When, as an ISO 8601 date-time. */
  decided_at: string;
  comment?: string;
}

/** The content of `release-approvals.json`. @public */
export interface ReleaseApprovals {
  release?: string;
  /** Roles that must each have an approved decision. */
  required_roles: string[];
  approvals: ReleaseApproval[];
}

const text = NON_BLANK;

/** JSON Schema (draft-07) of `release-approvals.json`. @public */
export const releaseApprovalsSchema: EvidenceJsonSchema = {
  $schema: JSON_SCHEMA_DRAFT_07,
  $id: 'urn:protocol11:evidence:release-approvals',
  title: 'Release approvals log',
  type: 'object',
  required: ['required_roles', 'approvals'],
  properties: {
    release: { type: 'string', description: 'Release tag or version.' },
    required_roles: {
      type: 'array',
      minItems: 1,
      description: 'Roles that must each approve before production deployment.',
      items: text,
    },
    approvals: {
      type: 'array',
      items: {
        type: 'object',
        required: ['role', 'approver', 'decision', 'decided_at'],
        properties: {
          role: text,
          approver: text,
          decision: {
            type: 'string',
            enum: ['approved', 'rejected', 'pending'],
          },
          decided_at: { type: 'string', format: 'date-time' },
          comment: { type: 'string' },
        },
      },
    },
  },
};

const sameRole = (a: string, b: string) =>
  a.trim().toLowerCase() === b.trim().toLowerCase();

/** The release approvals contract. @internal */
export const approvalsContract = defineContract<ReleaseApprovals>({
  id: 'approvals',
  fileName: 'release-approvals.json',
  title: 'Release approvals log',
  phase: 1,
  format: 'json',
  contents:
    "Every governance approval the release needs (CAB, business sign-off, rollback owner): the roles that must approve and each approver's decision.",
  formatDescription:
    'A JSON object. `required_roles`: list of role names that must approve (at least one). `approvals`: list of `{ "role", "approver", "decision", "decided_at", "comment"? }` where `decision` is `approved`, `rejected` or `pending` and `decided_at` an ISO 8601 date-time. Extra fields are allowed.',
  schema: releaseApprovalsSchema,
  example: jsonExample({
    release: 'v2.4.0',
    required_roles: ['cab', 'business-owner', 'rollback-owner'],
    approvals: [
      {
        role: 'cab',
        approver: 'jane.doe@example.com',
        decision: 'approved',
        decided_at: '2024-05-01T09:00:00Z',
      },
      {
        role: 'business-owner',
        approver: 'sam.lee@example.com',
        decision: 'approved',
        decided_at: '2024-05-01T09:10:00Z',
      },
      {
        role: 'rollback-owner',
        approver: 'ops-oncall@example.com',
        decision: 'approved',
        decided_at: '2024-05-01T09:12:00Z',
      },
    ],
  }),
  passes: [
    'every role in `required_roles` has an `approved` decision',
    'no decision is `rejected`',
  ],
  fails: [
    'a required role has no decision, or only a `pending` one (MissingApproval)',
    'any decision is `rejected`',
    'error: not valid JSON, or a field is missing or of the wrong type (the reason names its path, e.g. `approvals[2].decision`)',
  ],
  parse(source) {
    const parsed = parseJsonWithSchema(source, releaseApprovalsSchema);
    return parsed.ok
      ? { ok: true, doc: parsed.value as ReleaseApprovals }
      : parsed;
  },
  criteria: [
    {
      id: 'approvals.required-roles-approved',
      description: 'Every required role has an approved decision.',
      evaluate(doc) {
        for (const [i, role] of doc.required_roles.entries()) {
          const entries = doc.approvals.filter(a => sameRole(a.role, role));
          if (!entries.some(a => a.decision === 'approved')) {
            const state =
              entries.length === 0
                ? 'has no decision'
                : `is ${entries[entries.length - 1].decision}`;
            return {
              status: 'failed',
              field: `required_roles[${i}]`,
              reason: `MissingApproval: required role "${role}" ${state}`,
            };
          }
        }
        return {
          status: 'passed',
          field: 'required_roles',
          reason: `all ${doc.required_roles.length} required role(s) approved`,
        };
      },
    },
    {
      id: 'approvals.none-rejected',
      description: 'No approver rejected the release.',
      evaluate(doc) {
        const i = doc.approvals.findIndex(a => a.decision === 'rejected');
        if (i >= 0) {
          const a = doc.approvals[i];
          return {
            status: 'failed',
            field: `approvals[${i}].decision`,
            reason: `${a.approver} (${a.role}) rejected the release`,
          };
        }
        return {
          status: 'passed',
          field: 'approvals',
          reason: `${doc.approvals.length} decision(s), none rejected`,
        };
      },
    },
  ],
});
