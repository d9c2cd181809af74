import {
  Fragment,
  PropsWithChildren,
  useCallback,
  useMemo,
  useState,
} from 'react';
import { useLocation, useNavigationType } from 'react-router-dom';
import {
  createVersionedContext,
  createVersionedValueMap,
} from '@backstage/version-bridge';
import { EntityListContextProps } from '@backstage/plugin-catalog-react';
import { ComplianceEntityFilters, isProtocolKind } from './filters';
import { filterValuesFromSearch } from './pagePosition';

type ComplianceListContext = EntityListContextProps<ComplianceEntityFilters>;

/**
 * The context `useEntityList` reads: catalog-react's own, which
 * `EntityListProvider` fills, found by its version-bridge key.
 */
const EntityListContext = createVersionedContext<{
  1: ComplianceListContext;
}>('entity-list-context');

const noEntities: ComplianceListContext['entities'] = [];

/**
 * The filters of a URL's query string as JSON, the kind left out when it is
 * not one of `PROTOCOL_KINDS`.
 */
function urlFilterKey(search: string): string {
  const values = filterValuesFromSearch(search);
  const kind = [values.kind ?? []].flat()[0];
  if (kind !== undefined && !isProtocolKind(kind)) delete values.kind;
  return JSON.stringify(values);
}

const ignoreLimit = () => {};

/**
 * The filter state of the compliance page, for the catalog's pickers: what
 * `EntityListProvider` gives them (`filters`, `updateFilters` and the URL's
 * `filters[…]` as `queryParameters`), and nothing else.
 *
 * It stands in for `EntityListProvider` because the page owns its paging and
 * its rows: the provider, in its offset mode, sets its offset to 0 on every
 * `updateFilters` (each picker calls it when it mounts and again when its
 * options load, whether or not its value changed) and writes that offset to
 * the browser's URL with `history.replaceState`, so a Back from an entity
 * page could land on `offset=0`; in any mode it also asks the catalog for the
 * entities it would list, which this page never shows. Here the URL is
 * written only by the page (`useCompliance`), through the router, with the
 * filters and its own position.
 *
 * `queryParameters` are the URL's when the page opens and after each move
 * through the browser's history (back, forward), not after the page's own
 * writes, so a picker's value never comes back to it from the URL while the
 * user edits it. A `filters[kind]` that is not one of `PROTOCOL_KINDS` is left
 * out, so the kind picker opens on its default. `entities` is always empty:
 * the rows come from the compliance API.
 *
 * A move through the history to an entry with other filters opens the page
 * afresh on that entry, as a reload would: the filters are emptied and the
 * children mounted again, so every picker starts from the entry's URL. The
 * catalog's pickers take a value from `queryParameters` only when it is not
 * empty, and some (search, type, owner) never follow `filters`, so without
 * this a picker the entry has no value for would keep the one it had, and the
 * page would write it back into the entry's URL.
 *
 * @internal
 */
export function ComplianceFilterProvider({ children }: PropsWithChildren<{}>) {
  const location = useLocation();
  const navigationType = useNavigationType();
  const [urlSearch, setUrlSearch] = useState(location.search);
  // The location last rendered, to tell a move through the history from a
  // render of the same entry.
  const [seen, setSeen] = useState(location);
  const [generation, setGeneration] = useState(0);
  const [filters, setFilters] = useState<ComplianceEntityFilters>({});
  if (location.key !== seen.key) {
    setSeen(location);
    if (navigationType === 'POP') {
      setUrlSearch(location.search);
      if (urlFilterKey(location.search) !== urlFilterKey(seen.search)) {
        setFilters({});
        setGeneration(g => g + 1);
      }
    }
  }
  const queryKey = useMemo(() => urlFilterKey(urlSearch), [urlSearch]);
  const queryParameters = useMemo(
    (): ComplianceListContext['queryParameters'] => JSON.parse(queryKey),
    [queryKey],
  );
  const updateFilters = useCallback<ComplianceListContext['updateFilters']>(
    update =>
      setFilters(previous => ({
        ...previous,
        ...(typeof update === 'function' ? update(previous) : update),
      })),
    [],
  );
  const value = useMemo(
    () =>
      createVersionedValueMap({
        1: {
          filters,
          updateFilters,
          queryParameters,
          entities: noEntities,
          backendEntities: noEntities,
          loading: false,
          totalItemsLoading: false,
          paginationMode: 'none',
          limit: 0,
          setLimit: ignoreLimit,
        } satisfies ComplianceListContext,
      }),
    [filters, updateFilters, queryParameters],
  );
  return (
    <EntityListContext.Provider value={value}>
      <Fragment key={generation}>{children}</Fragment>
    </EntityListContext.Provider>
  );
}
