import {
  ComplianceQuery,
  GateStatus,
  ReleaseGateId,
} from '@release-readiness/backstage-plugin-release-readiness-common';

/** The compliance page's filter form, as the user types it. @public */
export interface ComplianceFilterValues {
  /** Comma-separated owners (`group:default/payments, payments`). */
  owner: string;
  kind: string;
  system: string;
  lifecycle: string;
  /** The gate whose status `status` filters on; empty for the overall status. */
  gate: ReleaseGateId | '';
  /** One status, or empty for any. */
  status: GateStatus | '';
  /** Free text. */
  q: string;
}

/** An empty filter form. @public */
export const EMPTY_FILTERS: ComplianceFilterValues = {
  owner: '',
  kind: '',
  system: '',
  lifecycle: '',
  gate: '',
  status: '',
  q: '',
};

const splitList = (text: string): string[] | undefined => {
  const values = text
    .split(',')
    .map(v => v.trim())
    .filter(v => v !== '');
  return values.length ? values : undefined;
};

/**
 * The query part of the filter form: comma-separated fields become lists,
 * empty fields are left out.
 *
 * @public
 */
export function filtersToQuery(
  filters: ComplianceFilterValues,
): ComplianceQuery {
  const query: ComplianceQuery = {};
  const owner = splitList(filters.owner);
  const kind = splitList(filters.kind);
  const system = splitList(filters.system);
  const lifecycle = splitList(filters.lifecycle);
  if (owner) query.owner = owner;
  if (kind) query.kind = kind;
  if (system) query.system = system;
  if (lifecycle) query.lifecycle = lifecycle;
  if (filters.status) {
    query.status = [filters.status];
    if (filters.gate) query.gate = filters.gate;
  }
  if (filters.q.trim()) query.q = filters.q.trim();
  return query;
}
