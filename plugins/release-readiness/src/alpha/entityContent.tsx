import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isReleaseReadinessAvailable } from '../conditions';
import { releaseReadinessEntityContentRouteRef } from '../routes';

/**
 * The "Release readiness" tab of the entity page, at `release-readiness`,
 * on entities with the `release-readiness.io/protocol11` annotation.
 *
 * @alpha
 */
export const releaseReadinessEntityContent = EntityContentBlueprint.make({
  name: 'readiness',
  params: {
    path: 'release-readiness',
    title: 'Release readiness',
    routeRef: convertLegacyRouteRef(releaseReadinessEntityContentRouteRef),
    filter: isReleaseReadinessAvailable,
    loader: () =>
      import('../components/ReadinessContent').then(m =>
        compatWrapper(<m.ReadinessContent />),
      ),
  },
});
