import { RiShieldCheckLine } from '@remixicon/react';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  releaseComplianceRouteRef,
  releaseReadinessEntityContentRouteRef,
} from '../routes';
import { releaseReadinessApi } from './apis';
import { releaseReadinessEntityCard } from './entityCard';
import { releaseReadinessEntityContent } from './entityContent';
import { releaseCompliancePage } from './page';

/**
 * The release-readiness plugin for the new frontend system: the API client,
 * the entity card, the entity tab and the compliance page (with its nav item).
 *
 * @alpha
 */
export const releaseReadinessPlugin = createFrontendPlugin({
  pluginId: 'release-readiness',
  title: 'Releases',
  icon: <RiShieldCheckLine aria-hidden="true" />,
  info: { packageJson: () => import('../../package.json') },
  routes: {
    compliance: convertLegacyRouteRef(releaseComplianceRouteRef),
    entityContent: convertLegacyRouteRef(releaseReadinessEntityContentRouteRef),
  },
  extensions: [
    releaseReadinessApi,
    releaseReadinessEntityCard,
    releaseReadinessEntityContent,
    releaseCompliancePage,
  ],
});
