import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the catalog-wide release compliance page (legacy frontend system).
 *
 * @public
 */
export const releaseComplianceRouteRef = createRouteRef({
  id: 'release-readiness:compliance',
});

/**
 * Route of the entity's release-readiness tab (legacy frontend system).
 *
 * @public
 */
export const releaseReadinessEntityContentRouteRef = createRouteRef({
  id: 'release-readiness:entity-content',
});
