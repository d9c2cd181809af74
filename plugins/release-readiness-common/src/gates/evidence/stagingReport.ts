/** `staging-validation-report.json`: the staging verification run and the go-live decision. */
import { defineContract, jsonExample } from './define';
import {
  JSON_SCHEMA_DRAFT_07,
  NON_BLANK,
  EvidenceJsonSchema,
  parseJsonWithSchema,
} from './json';

/** One smoke test of the staging verification. @public */
export interface SmokeTest {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
}

/**
 * The go-live approval: the answer to the `[APPROVAL REQUEST]` prompt that
 * follows a successful staging verification.
 * @public
 */
export interface GoLiveApproval {
  approver: string;
  decision: 'approved' | 'rejected' | 'pending';
  decided_at: string;
  /** The prompt that was answered, such as `[APPROVAL REQUEST] Staging verification succeeded. ...`. */
  prompt?: string;
}

/** The content of `staging-validation-report.json`. @public */
export interface StagingValidationReport {
  release?: string;
  environment?: string;
  status: 'passed' | 'failed';
  completed_at?: string;
  smoke_tests: SmokeTest[];
  go_live_approval?: GoLiveApproval;
}

/** JSON Schema (draft-07) of `staging-validation-report.json`. @public */
export const stagingValidationReportSchema: EvidenceJsonSchema = {
  $schema: JSON_SCHEMA_DRAFT_07,
  $id: 'urn:protocol11:evidence:staging-validation-report',
  title: 'Staging verification report',
  type: 'object',
  required: ['status', 'smoke_tests'],
  properties: {
    release: { type: 'string' },
    environment: { type: 'string' },
    status: { type: 'string', enum: ['passed', 'failed'] },
    completed_at: { type: 'string', format: 'date-time' },
    smoke_tests: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'status'],
        properties: {
          name: NON_BLANK,
          status: { type: 'string', enum: ['passed', 'failed', 'skipped'] },
        },
      },
    },
    go_live_approval: {
      type: 'object',
      description: 'The answer to the [APPROVAL REQUEST] go-live prompt.',
      required: ['approver', 'decision', 'decided_at'],
      properties: {
        approver: NON_BLANK,
        decision: { type: 'string', enum: ['approved', 'rejected', 'pending'] },
        decided_at: { type: 'string', format: 'date-time' },
        prompt: { type: 'string' },
      },
    },
  },
};

/** The staging verification report contract. @internal */
export const stagingReportContract = defineContract<StagingValidationReport>({
  id: 'staging-report',
  fileName: 'staging-validation-report.json',
  title: 'Staging verification report',
  phase: 2,
  format: 'json',
  contents:
    'The staging redeploy of the release tag, its smoke tests, and the go-live approval given in answer to the `[APPROVAL REQUEST]` prompt.',
  formatDescription:
    'A JSON object. `status`: `passed` or `failed`. `smoke_tests`: list of `{ "name", "status" }` with status `passed`, `failed` or `skipped`. `go_live_approval` (added once the go-live prompt is answered): `{ "approver", "decision", "decided_at", "prompt"? }`, decision `approved`, `rejected` or `pending`. Optional `release`, `environment`, `completed_at`.',
  schema: stagingValidationReportSchema,
  example: jsonExample({
    release: 'v2.4.0',
    environment: 'staging',
    status: 'passed',
    completed_at: '2024-05-01T10:00:00Z',
    smoke_tests: [
      { name: 'health endpoint', status: 'passed' },
      { name: 'checkout flow', status: 'passed' },
    ],
    go_live_approval: {
      approver: 'jane.doe@example.com',
      decision: 'approved',
      decided_at: '2024-05-01T10:05:00Z',
      prompt:
        '[APPROVAL REQUEST] Staging verification succeeded. Proceed with production deployment? (yes/no)',
    },
  }),
  passes: [
    '`status` is `passed`, there is at least one smoke test and none failed',
    '`go_live_approval.decision` is `approved`',
  ],
  fails: [
    '`status` is `failed`, a smoke test failed (the reason names `smoke_tests[i].status`), or no smoke test ran',
    'go-live `rejected`; pending while `go_live_approval` is absent or `pending`',
    'error: not valid JSON or a field of the wrong type',
  ],
  parse(text) {
    const parsed = parseJsonWithSchema(text, stagingValidationReportSchema);
    return parsed.ok
      ? { ok: true, doc: parsed.value as StagingValidationReport }
      : parsed;
  },
  criteria: [
    {
      id: 'staging-report.passed',
      description:
        'Staging verification passed, with smoke tests run and none failed.',
      evaluate(doc) {
        if (doc.status !== 'passed') {
          return {
            status: 'failed',
            field: 'status',
            reason: `staging verification status is "${doc.status}"`,
          };
        }
        const failed = doc.smoke_tests.findIndex(t => t.status === 'failed');
        if (failed >= 0) {
          return {
            status: 'failed',
            field: `smoke_tests[${failed}].status`,
            reason: `smoke test "${doc.smoke_tests[failed].name}" failed`,
          };
        }
        const passed = doc.smoke_tests.filter(
          t => t.status === 'passed',
        ).length;
        if (passed === 0)
          return {
            status: 'failed',
            field: 'smoke_tests',
            reason: 'no smoke test passed',
          };
        return {
          status: 'passed',
          field: 'status',
          reason: `staging passed, ${passed} smoke test(s) passed`,
        };
      },
    },
    {
      id: 'staging-report.go-live-approval',
      description:
        'The go-live approval ([APPROVAL REQUEST]) is recorded as approved.',
      evaluate(doc) {
        const approval = doc.go_live_approval;
        if (!approval) {
          return {
            status: 'pending',
            field: 'go_live_approval',
            reason: 'go-live approval not recorded yet',
          };
        }
        const field = 'go_live_approval.decision';
        if (approval.decision === 'approved') {
          return {
            status: 'passed',
            field,
            reason: `go-live approved by ${approval.approver} at ${approval.decided_at}`,
          };
        }
        if (approval.decision === 'pending') {
          return {
            status: 'pending',
            field,
            reason: `go-live decision of ${approval.approver} is pending`,
          };
        }
        return {
          status: 'failed',
          field,
          reason: `go-live rejected by ${approval.approver}`,
        };
      },
    },
  ],
});
