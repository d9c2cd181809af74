import { RiShieldCheckLine } from '@remixicon/react';
import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { releaseComplianceRouteRef } from '../routes';

/**
 * The catalog-wide compliance page at `/release-compliance`. Its title and
 * icon also give it its navigation item and the app's plugin header:
 * "Release compliance" in both, so the sidebar names the page it opens.
 * Below them the page has its own header, as the catalog page has: a title
 * and a line saying what the page shows.
 *
 * @alpha
 */
export const releaseCompliancePage = PageBlueprint.make({
  params: {
    path: '/release-compliance',
    title: 'Release compliance',
    icon: <RiShieldCheckLine aria-hidden="true" />,
    routeRef: convertLegacyRouteRef(releaseComplianceRouteRef),
    loader: () =>
      import('../components/CompliancePage').then(m =>
        compatWrapper(<m.ComplianceViewWithHeader />),
      ),
  },
});
