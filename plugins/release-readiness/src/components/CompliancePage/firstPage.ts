import {
  ComplianceListResponse,
  ComplianceQuery,
  ComplianceSortField,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ReleaseReadinessApi } from '../../api';

/*
 * Small on purpose: the page's loader (`alpha/page.tsx`) imports this module
 * eagerly, so it must not pull the page's own code (catalog-react, the table)
 * into the app's first bundle.
 */

/** The kind the page shows before the user picks one, as the catalog page does. */
export const DEFAULT_KIND = 'component';

/** Default page size of the compliance list. */
export const DEFAULT_PAGE_SIZE = 50;

/** The Entity column, by the text it shows (title, else name). */
export const DEFAULT_SORT: { field: ComplianceSortField; order: 'asc' } = {
  field: 'title',
  order: 'asc',
};

/** URL parameters that change which rows the page opens on. */
const POSITION_PARAMETERS = ['offset', 'limit', 'sort', 'order'];

/** An answer asked for longer ago than this is not shown as the page's first. */
const MAX_AGE_MS = 10_000;

/**
 * The list request the page will make first for a URL's query string, when
 * it is the plain one: no `filters[…]` and no page position (the nav item's
 * link): the default kind's first page in the Entity column's order. Other
 * URLs give undefined (the page asks for them itself).
 */
export function firstPageQuery(search: string): ComplianceQuery | undefined {
  for (const name of new URLSearchParams(search).keys()) {
    if (name.startsWith('filters[') || POSITION_PARAMETERS.includes(name)) {
      return undefined;
    }
  }
  return {
    kind: [DEFAULT_KIND],
    sort: DEFAULT_SORT.field,
    order: DEFAULT_SORT.order,
    offset: 0,
    limit: DEFAULT_PAGE_SIZE,
  };
}

/** A query by value, whatever the order of its keys. */
const queryKey = (query: ComplianceQuery) =>
  JSON.stringify(Object.entries(query).sort(([a], [b]) => a.localeCompare(b)));

const asked = new WeakMap<
  ReleaseReadinessApi,
  { key: string; at: number; answer: Promise<ComplianceListResponse> }
>();

/**
 * Asks for the page's first rows while the page's code is still loading, so
 * the request and the code's download overlap: called by the page's loader
 * with the URL it opens on. Only for the plain URL (see `firstPageQuery`);
 * a previous answer nobody took is dropped either way.
 *
 * @internal
 */
export function prefetchFirstPage(api: ReleaseReadinessApi, search: string) {
  asked.delete(api);
  const query = firstPageQuery(search);
  if (!query) return;
  const answer = api.getCompliance(query);
  // Handled here; the page that takes it sees the rejection.
  answer.catch(() => undefined);
  asked.set(api, { key: queryKey(query), at: Date.now(), answer });
}

/**
 * The answer `prefetchFirstPage` asked for, if it was for exactly `query`
 * and recent; taken once (a later render asks afresh).
 *
 * @internal
 */
export function takeFirstPage(
  api: ReleaseReadinessApi,
  query: ComplianceQuery,
): Promise<ComplianceListResponse> | undefined {
  const entry = asked.get(api);
  asked.delete(api);
  if (!entry || Date.now() - entry.at > MAX_AGE_MS) return undefined;
  return entry.key === queryKey(query) ? entry.answer : undefined;
}
