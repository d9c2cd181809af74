import { PropsWithChildren, useCallback, useMemo, useState } from 'react';
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
 * @internal
 */
export function ComplianceFilterProvider({ children }: PropsWithChildren<{}>) {
  const { search } = useLocation();
  const navigationType = useNavigationType();
  const [urlSearch, setUrlSearch] = useState(search);
  if (navigationType === 'POP' && search !== urlSearch) setUrlSearch(search);
  const queryKey = useMemo(() => {
    const values = filterValuesFromSearch(urlSearch);
    const kind = [values.kind ?? []].flat()[0];
    if (kind !== undefined && !isProtocolKind(kind)) delete values.kind;
    return JSON.stringify(values);
  }, [urlSearch]);
  const queryParameters = useMemo(
    (): ComplianceListContext['queryParameters'] => JSON.parse(queryKey),
    [queryKey],
  );
  const [filters, setFilters] = useState<ComplianceEntityFilters>({});
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
      {children}
    </EntityListContext.Provider>
  );
}
