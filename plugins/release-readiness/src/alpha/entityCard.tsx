import { compatWrapper } from '@backstage/core-compat-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isReleaseReadinessAvailable } from '../conditions';

/**
 * The readiness card on the entity overview. Shown on entities with the
 * `release-readiness.io/protocol11` annotation; override `filter` in app
 * config (for example `{ kind: component }`) to also show it, with its
 * "create the Protocol 11 document" empty state, on entities without it.
 *
 * @alpha
 */
export const releaseReadinessEntityCard = EntityCardBlueprint.make({
  name: 'readiness',
  params: {
    type: 'content',
    filter: isReleaseReadinessAvailable,
    loader: () =>
      import('../components/ReadinessCard').then(m =>
        compatWrapper(<m.ReadinessCard />),
      ),
  },
});
