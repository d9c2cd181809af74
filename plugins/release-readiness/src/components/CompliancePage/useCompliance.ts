import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  ComplianceListResponse,
  ComplianceQuery,
  ComplianceSummaryResponse,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessApiRef } from '../../api';
import {
  ComplianceFilterValues,
  EMPTY_FILTERS,
  filtersToQuery,
} from './filters';
import { ComplianceSort } from './ComplianceTable';

/** Default page size of the compliance list. */
export const DEFAULT_PAGE_SIZE = 50;

/**
 * The compliance page's state: filters, sort and page, and the server's
 * answers for exactly that page and those filters. Only the page shown is
 * fetched; the summary is fetched again only when the filters change.
 *
 * @internal
 */
export function useCompliance() {
  const api = useApi(releaseReadinessApiRef);
  const [filters, setFilters] = useState<ComplianceFilterValues>(EMPTY_FILTERS);
  const [sort, setSort] = useState<ComplianceSort>({
    field: 'name',
    order: 'asc',
  });
  const [offset, setOffset] = useState(0);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);

  const filterQuery = useMemo(() => filtersToQuery(filters), [filters]);
  const exportQuery: ComplianceQuery = useMemo(
    () => ({ ...filterQuery, sort: sort.field, order: sort.order }),
    [filterQuery, sort],
  );
  const pageQuery: ComplianceQuery = useMemo(
    () => ({ ...exportQuery, offset, limit: pageSize }),
    [exportQuery, offset, pageSize],
  );

  const [lastPage, setLastPage] = useState<ComplianceListResponse>();
  const page = useAsync(async () => {
    const response = await api.getCompliance(pageQuery);
    setLastPage(response);
    return response;
  }, [api, pageQuery]);
  const summary = useAsync(
    (): Promise<ComplianceSummaryResponse> =>
      api.getComplianceSummary(filterQuery),
    [api, filterQuery],
  );

  return {
    filters,
    sort,
    offset,
    pageSize,
    exportQuery,
    /** The page for the current query, or the previous one while it loads. */
    page: page.value ?? lastPage,
    pageLoading: page.loading,
    pageError: page.error,
    summary,
    applyFilters: (next: ComplianceFilterValues) => {
      setFilters(next);
      setOffset(0);
    },
    changeSort: (next: ComplianceSort) => {
      setSort(next);
      setOffset(0);
    },
    changeOffset: setOffset,
    changePageSize: (size: number) => {
      setPageSize(size);
      setOffset(0);
    },
  };
}
