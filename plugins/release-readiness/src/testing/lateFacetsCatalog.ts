import { Entity } from '@backstage/catalog-model';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';

/**
 * A catalog of `entities` whose facets (the pickers' options) answer only
 * once `answerFacets` is called: at 100,000 entities on SQLite they take
 * seconds, long after the compliance page's first rows show.
 */
export function lateFacetsCatalog(entities: Entity[]) {
  const catalogApi = catalogApiMock({ entities });
  let answerFacets = () => {};
  const answered = new Promise<void>(resolve => {
    answerFacets = resolve;
  });
  const facets = catalogApi.getEntityFacets.bind(catalogApi);
  jest
    .spyOn(catalogApi, 'getEntityFacets')
    .mockImplementation(async request => {
      await answered;
      return facets(request);
    });
  return { catalogApi, answerFacets };
}
