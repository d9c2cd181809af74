import { useMemo, useRef } from 'react';
import { EntityFilter, useEntityList } from '@backstage/plugin-catalog-react';
import { ComplianceQuery } from '@release-readiness/backstage-plugin-release-readiness-common';
import { FilterQueryValues } from './pagePosition';
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
 * Returns the query and the same filters as URL values (`filters[key]`, as
 * `EntityListProvider` writes them), for the page's own links. Both keep
 * their identity while their content is the same, so re-registering an
 * equal filter fetches nothing and leaves the page where it is.
 *
 * @internal
 */
export function useFilterQuery(): {
  query: ComplianceQuery;
  urlValues: FilterQueryValues;
} {
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
  const urlKey = JSON.stringify(
    Object.fromEntries(
      Object.entries(merged).flatMap(
        ([name, filter]: [string, EntityFilter]) => {
          const value = filter.toQueryValue?.();
          return value === undefined ? [] : [[name, value]];
        },
      ),
    ),
  );
  const query = useMemo((): ComplianceQuery => JSON.parse(key), [key]);
  const urlValues = useMemo(
    (): FilterQueryValues => JSON.parse(urlKey),
    [urlKey],
  );
  return { query, urlValues };
}
