import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { releaseReadinessApiRef, ReleaseReadinessClient } from '../api';

/**
 * Provides the `ReleaseReadinessClient` as `releaseReadinessApiRef`.
 *
 * @alpha
 */
export const releaseReadinessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: releaseReadinessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReleaseReadinessClient({ discoveryApi, fetchApi }),
    }),
});
