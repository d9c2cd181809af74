import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { releaseReadinessApiRef, ReleaseReadinessClient } from './api';
import type { ReadinessCardProps } from './components/ReadinessCard/ReadinessCard';
import {
  releaseComplianceRouteRef,
  releaseReadinessEntityContentRouteRef,
} from './routes';

/**
 * The release-readiness plugin for the legacy frontend system: registers the
 * {@link ReleaseReadinessClient} and the compliance page's route.
 *
 * @public
 */
export const releaseReadinessPlugin = createPlugin({
  id: 'release-readiness',
  apis: [
    createApiFactory({
      api: releaseReadinessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReleaseReadinessClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    compliance: releaseComplianceRouteRef,
    entityContent: releaseReadinessEntityContentRouteRef,
  },
});

/**
 * Entity card: the three gates, what blocks them, refresh and the handoff to
 * Protocol 12. Place it inside an `EntitySwitch.Case` with
 * `isReleaseReadinessAvailable`, or anywhere to show the empty state with the
 * template link on entities without the protocol.
 *
 * @public
 */
export const EntityReleaseReadinessCard: (
  props: ReadinessCardProps,
) => JSX.Element = releaseReadinessPlugin.provide(
  createComponentExtension({
    name: 'EntityReleaseReadinessCard',
    component: {
      lazy: () =>
        import('./components/ReadinessCard').then(m => m.ReadinessCard),
    },
  }),
);

/**
 * Entity tab: every criterion of every gate with its evidence, and the gate
 * history. Mount it at `/release-readiness` of the entity page.
 *
 * @public
 */
export const EntityReleaseReadinessContent: () => JSX.Element =
  releaseReadinessPlugin.provide(
    createRoutableExtension({
      name: 'EntityReleaseReadinessContent',
      component: () =>
        import('./components/ReadinessContent').then(m => m.ReadinessContent),
      mountPoint: releaseReadinessEntityContentRouteRef,
    }),
  );

/**
 * The catalog-wide release compliance page. Mount it at `/release-compliance`.
 *
 * @public
 */
export const ReleaseCompliancePage: () => JSX.Element =
  releaseReadinessPlugin.provide(
    createRoutableExtension({
      name: 'ReleaseCompliancePage',
      component: () =>
        import('./components/CompliancePage').then(m => m.CompliancePage),
      mountPoint: releaseComplianceRouteRef,
    }),
  );
