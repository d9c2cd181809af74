import { ComplianceQuery } from '@release-readiness/backstage-plugin-release-readiness-common';

const LIST_KEYS = [
  'kind',
  'type',
  'owner',
  'lifecycle',
  'system',
  'tag',
  'namespace',
  'status',
] as const;
const SCALAR_KEYS = ['gate', 'q', 'sort', 'order'] as const;

/**
 * Encodes a compliance query as URL search parameters: list filters repeat
 * their key (`owner=a&owner=b`), empty values are left out.
 *
 * @param query - the filters, sort and page
 * @param options - `paging: false` leaves out offset and limit (summary, export)
 * @public
 */
export function encodeComplianceQuery(
  query: ComplianceQuery,
  options: { paging?: boolean } = {},
): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of LIST_KEYS) {
    for (const value of query[key] ?? []) {
      if (value.trim() !== '') params.append(key, value.trim());
    }
  }
  for (const key of SCALAR_KEYS) {
    const value = query[key];
    if (value !== undefined && value.trim() !== '')
      params.set(key, value.trim());
  }
  if (options.paging !== false) {
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
  }
  return params;
}

/**
 * Appends encoded search parameters to a path, with `?` only when there are any.
 *
 * @internal
 */
export function withSearch(path: string, params: URLSearchParams): string {
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
