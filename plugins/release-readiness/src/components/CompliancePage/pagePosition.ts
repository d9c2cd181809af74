import { COMPLIANCE_SORT_FIELDS } from '@release-readiness/backstage-plugin-release-readiness-common';
import { ComplianceSort, PAGE_SIZES } from './ComplianceTable';
import { DEFAULT_PAGE_SIZE, DEFAULT_SORT } from './firstPage';

/**
 * A URL's `sort` as a sort field: `name`, which older links carry for the
 * Entity column, is that column's sort now (`title`).
 */
const sortField = (value: string | null) =>
  COMPLIANCE_SORT_FIELDS.find(f => f === (value === 'name' ? 'title' : value));

/**
 * Where the user is in the compliance list: the rows skipped (`offset`),
 * the page size (`limit`) and the order. In the URL as `offset`, `limit`
 * (the names `EntityListProvider` uses in its offset mode), `sort` and
 * `order`.
 */
export interface PagePosition {
  offset: number;
  limit: number;
  sort: ComplianceSort;
}

/** A whole number of at least 0 written in decimal digits, else undefined. */
function wholeNumber(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : undefined;
}

/**
 * The page position a URL's query string gives: `offset` (default 0),
 * `limit` (one of {@link PAGE_SIZES}, default {@link DEFAULT_PAGE_SIZE}),
 * `sort` (a sortable column, default the Entity column's `title`; `name`
 * of older links read as `title`) and `order` (`asc` unless
 * `desc`). A missing or malformed value falls back to its default, so a
 * hand-edited link still opens the list.
 */
export function pagePositionFromSearch(search: string): PagePosition {
  const params = new URLSearchParams(search);
  const limit = wholeNumber(params.get('limit'));
  const field = sortField(params.get('sort'));
  return {
    offset: wholeNumber(params.get('offset')) ?? 0,
    limit: limit && PAGE_SIZES.includes(limit) ? limit : DEFAULT_PAGE_SIZE,
    sort: field
      ? { field, order: params.get('order') === 'desc' ? 'desc' : 'asc' }
      : DEFAULT_SORT,
  };
}

/** A filter's URL value, as `EntityFilter.toQueryValue` gives it. */
export type FilterQueryValues = Record<string, string | string[]>;

/**
 * The filters a URL's query string holds, as `EntityListProvider` reads them
 * (its `queryParameters`): `filters[owners]=a&filters[owners]=b` (the form
 * the page writes) or `filters[owners][0]=a&filters[owners][1]=b` (the
 * indexed form of older links) gives `{ owners: ['a', 'b'] }`, a single
 * value stays a string. Other parameters are left out.
 */
export function filterValuesFromSearch(search: string): FilterQueryValues {
  const values = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(search)) {
    const key = /^filters\[([^\]]+)\](?:\[\d*\])?$/.exec(name)?.[1];
    if (key) values.set(key, [...(values.get(key) ?? []), value]);
  }
  return Object.fromEntries(
    [...values].map(([key, list]) => [key, list.length === 1 ? list[0] : list]),
  );
}

/**
 * The query string for a page position and the page's filters, on top of
 * `search` (its other parameters kept). Filters are written as
 * `EntityListProvider` writes them (`filters[owners]=a&filters[owners]=b`),
 * replacing those of `search` for every key in `filterKeys`; `sort` and
 * `order` are left out for the default order.
 */
export function searchWithPagePosition(
  search: string,
  position: PagePosition,
  filters: FilterQueryValues,
  filterKeys: readonly string[],
): string {
  const params = new URLSearchParams(search);
  for (const name of [...params.keys()]) {
    const key = /^filters\[([^\]]+)\]/.exec(name)?.[1];
    if (key && filterKeys.includes(key)) params.delete(name);
  }
  for (const [key, value] of Object.entries(filters)) {
    for (const v of [value].flat()) params.append(`filters[${key}]`, v);
  }
  for (const name of ['offset', 'limit', 'sort', 'order']) params.delete(name);
  params.set('offset', String(position.offset));
  params.set('limit', String(position.limit));
  const { field, order } = position.sort;
  if (field !== DEFAULT_SORT.field || order !== DEFAULT_SORT.order) {
    params.set('sort', field);
    params.set('order', order);
  }
  return `?${params}`;
}
