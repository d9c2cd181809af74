import { ComplianceQuery } from '@release-readiness/backstage-plugin-release-readiness-common';
import { createQuerySerializer } from 'openapi-fetch';

/**
 * The query without blanks: list values trimmed and empty ones dropped, empty
 * lists and blank text left out, so the URL carries only what filters.
 *
 * @internal
 */
export function compactComplianceQuery(
  query: ComplianceQuery,
): ComplianceQuery {
  const compact: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) {
      const values = value.map(v => v.trim()).filter(v => v !== '');
      if (values.length) compact[key] = values;
    } else if (typeof value === 'string') {
      if (value.trim() !== '') compact[key] = value.trim();
    } else if (value !== undefined) {
      compact[key] = value;
    }
  }
  return compact as ComplianceQuery;
}

/** openapi-fetch's serializer, as the client uses it: lists repeat their key. */
const serialize = createQuerySerializer<ComplianceQuery>();

/**
 * Encodes a compliance query as URL search parameters, as the client sends
 * them (openapi-fetch's form style for the spec's parameters): list filters
 * repeat their key (`owner=a&owner=b`), empty values are left out.
 *
 * @param query - the filters, sort and page
 * @param options - `paging: false` leaves out offset and limit (summary, export)
 * @public
 */
export function encodeComplianceQuery(
  query: ComplianceQuery,
  options: { paging?: boolean } = {},
): URLSearchParams {
  const { offset, limit, ...rest } = compactComplianceQuery(query);
  return new URLSearchParams(
    serialize(options.paging === false ? rest : { ...rest, offset, limit }),
  );
}
