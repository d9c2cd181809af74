/**
 * Turns the compliance query string, already checked against
 * src/schema/openapi.yaml by the router (enums, integer ranges, lengths), into
 * the store's filters, sort and page. Only what the spec cannot say is done
 * here: comma-separated values split and trimmed, matching values lowercased,
 * owner refs completed (a short one in the default namespace, as the
 * catalog's owner filter reads it), system refs completed or, when written
 * without a namespace, kept short (`system:commerce`: each entity's system of
 * that name in the entity's own namespace, see {@link ComplianceFilter}),
 * statuses checked after splitting (an
 * InputError naming `status`), and the defaults.
 */
import { InputError } from '@backstage/errors';
import {
  COMPLIANCE_STATUSES,
  ComplianceQuery,
  ComplianceStatus,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ComplianceFilter, ComplianceSort } from '../store/compliance';
import { normalizeRef, shortRef } from './facts';

export const DEFAULT_LIMIT = 50;

/** A checked compliance query. */
export interface ParsedComplianceQuery {
  filter: ComplianceFilter;
  sort: ComplianceSort;
  offset: number;
  limit: number;
}

/** The query as the spec types it; a list parameter may still arrive as one value. */
type Query = {
  [K in keyof ComplianceQuery]?: ComplianceQuery[K] extends string[] | undefined
    ? string | string[]
    : ComplianceQuery[K];
};

/** Repeatable and comma-separated values, trimmed, blanks dropped. */
function list(raw: string | string[] | undefined): string[] | undefined {
  const parts = [raw ?? []]
    .flat()
    .flatMap(v => v.split(','))
    .map(v => v.trim())
    .filter(v => v !== '');
  return parts.length ? parts : undefined;
}

const lower = (values: string[] | undefined) =>
  values?.map(v => v.toLocaleLowerCase('en-US'));

function statuses(raw: string | string[] | undefined) {
  const values = lower(list(raw));
  for (const value of values ?? []) {
    if (!(COMPLIANCE_STATUSES as readonly string[]).includes(value)) {
      throw new InputError(
        `Invalid status: "${value}" is not one of ${COMPLIANCE_STATUSES.join(', ')}`,
      );
    }
  }
  return values as ComplianceStatus[] | undefined;
}

/** Only the filters (for the summary and the CSV export); values lowercase. */
export function parseComplianceFilter(query: Query): ComplianceFilter {
  return {
    kind: lower(list(query.kind)),
    type: lower(list(query.type)),
    owner: list(query.owner)?.map(o => normalizeRef(o, 'group')!),
    lifecycle: lower(list(query.lifecycle)),
    system: list(query.system)?.map(
      s => shortRef(s, 'system') ?? normalizeRef(s, 'system')!,
    ),
    tag: lower(list(query.tag)),
    namespace: lower(list(query.namespace)),
    gate: query.gate,
    status: statuses(query.status),
    q: query.q?.trim() || undefined,
  };
}

/** Filters, sort and page of `GET /compliance`. */
export function parseComplianceQuery(query: Query): ParsedComplianceQuery {
  return {
    filter: parseComplianceFilter(query),
    sort: { field: query.sort ?? 'name', order: query.order ?? 'asc' },
    offset: query.offset ?? 0,
    limit: query.limit ?? DEFAULT_LIMIT,
  };
}
