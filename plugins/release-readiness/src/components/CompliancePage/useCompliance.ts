import { useEffect, useMemo, useState } from 'react';
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

/** Default page size of the compliance list. */
export const DEFAULT_PAGE_SIZE = 50;

/**
 * The compliance page's state: the filters (from `EntityListProvider`, so
 * from the URL), the page (offset and limit, also in the URL), the sort, and
 * the server's answers for exactly those. The list and the summary are two
 * independent requests: rows show as soon as the list answers, whatever the
 * summary does. The summary leaves out the status filter, so it describes
 * the catalog-filtered entities (adoption and counts per gate). On opening,
 * the summary is asked for only once the first page has answered, so it
 * never competes with the rows.
 *
 * @internal
 */
export function useCompliance() {
  const api = useApi(releaseReadinessApiRef);
  const { offset = 0, limit, setOffset, setLimit } = useEntityList();
  const filterQuery = useFilterQuery();
  const [sort, setSort] = useState<ComplianceSort>({
    field: 'name',
    order: 'asc',
  });

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

  const firstPage = () => setOffset?.(0);
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
    changeSort: (next: ComplianceSort) => {
      setSort(next);
      firstPage();
    },
    changeOffset: (next: number) => setOffset?.(next),
    changePageSize: (size: number) => {
      setLimit(size);
      firstPage();
    },
  };
}
