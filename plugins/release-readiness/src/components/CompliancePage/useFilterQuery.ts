import { useMemo, useRef } from 'react';
import { useEntityList } from '@backstage/plugin-catalog-react';
import { ComplianceQuery } from '@release-readiness/backstage-plugin-release-readiness-common';
import {
  COMPLIANCE_FILTER_KEYS,
  ComplianceEntityFilters,
  complianceQueryFromFilters,
  DEFAULT_KIND,
  filterFromQueryValue,
} from './filters';

/**
 * The compliance query for the filters in `EntityListProvider`, ready from
 * the first render. Until a picker has registered its filter, its value is
 * taken from the URL (`filters[owners]=…`, read once when the page opens) —
 * the autocomplete pickers register only once the catalog's facets have
 * loaded, and the search bar after 250 ms, but the rows must not wait for
 * them nor be fetched first without them. Once a picker has set its filter,
 * it alone decides, so clearing a picker clears the parameter.
 *
 * The returned object keeps its identity while the query's content is the
 * same, so re-registering an equal filter fetches nothing.
 *
 * @internal
 */
export function useFilterQuery(): ComplianceQuery {
  const { filters, queryParameters } = useEntityList<ComplianceEntityFilters>();
  const registered = useRef(new Set<string>());

  const merged: ComplianceEntityFilters = {};
  for (const key of COMPLIANCE_FILTER_KEYS) {
    if (filters[key]) registered.current.add(key);
    const filter = registered.current.has(key)
      ? filters[key]
      : filterFromQueryValue(key, queryParameters[key]);
    if (filter) Object.assign(merged, { [key]: filter });
  }
  if (!registered.current.has('kind') && !merged.kind) {
    Object.assign(merged, { kind: filterFromQueryValue('kind', DEFAULT_KIND) });
  }

  const key = JSON.stringify(complianceQueryFromFilters(merged));
  return useMemo((): ComplianceQuery => JSON.parse(key), [key]);
}
