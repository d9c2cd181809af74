import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { useEntityList } from '@backstage/plugin-catalog-react';
import {
  ComplianceQuery,
  ComplianceSummaryResponse,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessApiRef } from '../../api';
import { ComplianceSort } from './ComplianceTable';
import { useFilterQuery } from './useFilterQuery';
import { afterPaint } from './afterPaint';
import { COMPLIANCE_FILTER_KEYS } from './filters';
import {
  PagePosition,
  pagePositionFromSearch,
  searchWithPagePosition,
} from './pagePosition';

/**
 * The compliance page's state: the filters (from `EntityListProvider`, so
 * from the URL), the page position (offset, page size and sort, in the URL
 * too), and the server's answers for exactly those. The list and the summary
 * are two independent requests: rows show as soon as the list answers,
 * whatever the summary does. The summary leaves out the status filter, so it
 * describes the catalog-filtered entities (adoption and counts per gate). On
 * opening, the summary is asked for only once the first page has answered,
 * so it never competes with the rows.
 *
 * The page position is read from the URL (`offset`, `limit`, `sort`,
 * `order`), not from `EntityListProvider`'s own offset: the provider goes back
 * to its first page whenever a picker registers its filter, and the pickers
 * register when they mount and again when the catalog's facets have loaded
 * (seconds at catalog scale, long after the rows show), whether or not the
 * filter changed. Here the list goes back to its first page only when the
 * query it sends changes by value (a real filter change), or the sort or the
 * page size does. Each step through the list (next, previous, sort, page
 * size) is a history entry, so the browser's back and forward buttons page;
 * a filter change replaces the entry, as on the catalog page. The provider's
 * offset and limit are kept equal to the page's, so the URL it writes (with
 * the filters) carries the same position.
 *
 * @internal
 */
export function useCompliance() {
  const api = useApi(releaseReadinessApiRef);
  const list = useEntityList();
  const { setOffset: setListOffset, setLimit: setListLimit } = list;
  const location = useLocation();
  const navigate = useNavigate();
  const { query: filterQuery, urlValues } = useFilterQuery();
  const inUrl = useMemo(
    () => pagePositionFromSearch(location.search),
    [location.search],
  );

  // The filter query the URL's offset counts rows of. When the query
  // changes, the offset no longer means anything: the list starts again at
  // its first page, from this very render (no request for the old offset).
  const [pagedQuery, setPagedQuery] = useState(filterQuery);
  const filtersChanged = pagedQuery !== filterQuery;
  const offset = filtersChanged ? 0 : inUrl.offset;
  const { limit } = inUrl;
  const { field: sortField, order: sortOrder } = inUrl.sort;
  const sort = useMemo(
    (): ComplianceSort => ({ field: sortField, order: sortOrder }),
    [sortField, sortOrder],
  );

  const goTo = useCallback(
    (position: PagePosition, { replace }: { replace: boolean }) =>
      navigate(
        {
          search: searchWithPagePosition(
            location.search,
            position,
            urlValues,
            COMPLIANCE_FILTER_KEYS,
          ),
        },
        { replace },
      ),
    [navigate, location.search, urlValues],
  );
  useEffect(() => {
    if (!filtersChanged) return;
    setPagedQuery(filterQuery);
    if (inUrl.offset !== 0) goTo({ ...inUrl, offset: 0 }, { replace: true });
  }, [filtersChanged, filterQuery, inUrl, goTo]);

  // EntityListProvider writes its own offset and limit to the URL: keep
  // them equal to the page's, and put them back after it resets its offset.
  useEffect(() => {
    if ((list.offset ?? 0) !== offset) setListOffset?.(offset);
    if (list.limit !== limit) setListLimit(limit);
  }, [list.offset, list.limit, offset, limit, setListOffset, setListLimit]);

  const exportQuery: ComplianceQuery = useMemo(
    () => ({ ...filterQuery, sort: sort.field, order: sort.order }),
    [filterQuery, sort],
  );
  const pageQuery: ComplianceQuery = useMemo(
    () => ({ ...exportQuery, offset, limit }),
    [exportQuery, offset, limit],
  );
  const summaryQuery: ComplianceQuery = useMemo(() => {
    const { status: _status, gate: _gate, ...rest } = filterQuery;
    return rest;
  }, [filterQuery]);

  const page = useAsync(() => api.getCompliance(pageQuery), [api, pageQuery]);
  // The first page goes out alone; the summary (and the pickers) follow it,
  // once its rows are painted: set at once, the pickers' first render (Material
  // UI, several catalog queries) could run before the browser's next frame and
  // hold the rows' paint back.
  const [firstPageSettled, setFirstPageSettled] = useState(false);
  useEffect(() => {
    if (page.loading || firstPageSettled) return undefined;
    return afterPaint(() => setFirstPageSettled(true));
  }, [page.loading, firstPageSettled]);
  const summary = useAsync(
    async (): Promise<ComplianceSummaryResponse | undefined> =>
      firstPageSettled ? api.getComplianceSummary(summaryQuery) : undefined,
    [api, summaryQuery, firstPageSettled],
  );

  const position = { offset, limit, sort };
  return {
    sort,
    offset,
    pageSize: limit,
    exportQuery,
    /** The page for the current query, or the previous one (shown dimmed) while it loads. */
    page: page.value,
    pageLoading: page.loading,
    pageError: page.error,
    /** True once the first page of rows has arrived (or failed). */
    firstPageSettled,
    summary,
    changeSort: (next: ComplianceSort) =>
      goTo({ ...position, sort: next, offset: 0 }, { replace: false }),
    changeOffset: (next: number) =>
      goTo({ ...position, offset: next }, { replace: false }),
    changePageSize: (size: number) =>
      goTo({ ...position, limit: size, offset: 0 }, { replace: false }),
  };
}
