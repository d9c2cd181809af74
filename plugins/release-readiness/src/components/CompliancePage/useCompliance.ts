import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  ComplianceQuery,
  ComplianceSummaryResponse,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessApiRef } from '../../api';
import { ComplianceSort } from './ComplianceTable';
import { useFilterQuery } from './useFilterQuery';
import { afterPaint } from './afterPaint';
import { takeFirstPage } from './firstPage';
import { COMPLIANCE_FILTER_KEYS } from './filters';
import {
  PagePosition,
  pagePositionFromSearch,
  searchWithPagePosition,
} from './pagePosition';

/** The offset of the last page that has rows: 0 for an empty list. */
export function lastPageOffset(totalCount: number, limit: number): number {
  return totalCount > 0 ? Math.floor((totalCount - 1) / limit) * limit : 0;
}

/**
 * The compliance page's state: the filters (the catalog's pickers, in
 * `ComplianceFilterProvider`), the page position (offset, page size and
 * sort), both in the URL, and the server's answers for exactly those. The
 * list and the summary are two independent requests: rows show as soon as the
 * list answers, whatever the summary does. The summary leaves out the status
 * filter, so it describes the catalog-filtered entities (adoption and counts
 * per gate). On opening, the summary is asked for only once the first page
 * has answered, so it never competes with the rows.
 *
 * The page alone writes the URL, through the router: each step through the
 * list (next, previous, sort, page size) is a history entry, so the browser's
 * back and forward buttons page; a filter change replaces the entry, as on
 * the catalog page, and so does a correction (the filters' values once the
 * pickers have them, an offset past the last row). The list goes back to its
 * first page only when the query it sends changes by value (a real filter
 * change), or the sort or the page size does: the pickers register their
 * filters when they mount and again when the catalog's facets have loaded
 * (seconds at catalog scale, long after the rows show), whether or not the
 * value changed. An offset at or past the end of the list (a link kept while
 * entities went away) is replaced by the last page that has rows.
 *
 * @internal
 */
export function useCompliance() {
  const api = useApi(releaseReadinessApiRef);
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

  const searchFor = useCallback(
    (position: PagePosition) =>
      searchWithPagePosition(
        location.search,
        position,
        urlValues,
        COMPLIANCE_FILTER_KEYS,
      ),
    [location.search, urlValues],
  );
  const goTo = useCallback(
    (position: PagePosition, { replace }: { replace: boolean }) =>
      navigate({ search: searchFor(position) }, { replace }),
    [navigate, searchFor],
  );

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

  // The request leaves during this render, not in an effect after the page's
  // first commit: the rows are the page's first paint that matters, and the
  // page's first render (table, header, pickers' placeholders) takes longer
  // than the request. On opening, the page's loader may have asked for this
  // very page already, while the page's code loaded (`prefetchFirstPage`).
  // The promise is marked handled here; useAsync still gets its rejection
  // and shows it.
  const pageRequest = useMemo(() => {
    const request = (
      takeFirstPage(api, pageQuery) ?? api.getCompliance(pageQuery)
    ).then(answer => ({ query: pageQuery, ...answer }));
    request.catch(() => undefined);
    return request;
  }, [api, pageQuery]);
  const page = useAsync(() => pageRequest, [pageRequest]);
  // The answer for the query shown (useAsync keeps the last one while the next loads).
  const answered = page.value?.query === pageQuery ? page.value : undefined;
  const pastEnd =
    answered !== undefined && offset > 0 && offset >= answered.totalCount;

  // The URL holds what the page shows: the filters as the pickers have them,
  // and the position (the first page after a filter change, the last page
  // with rows for an offset past the end). A correction, so it replaces.
  const wanted = searchFor({
    offset: pastEnd ? lastPageOffset(answered.totalCount, limit) : offset,
    limit,
    sort,
  });
  useEffect(() => {
    if (filtersChanged) setPagedQuery(filterQuery);
    if (wanted !== location.search)
      navigate({ search: wanted }, { replace: true });
  }, [filtersChanged, filterQuery, wanted, location.search, navigate]);

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
    /** Loading, or about to go to the last page that has rows. */
    pageLoading: page.loading || pastEnd,
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
