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
 * "Releases", short enough for the sidebar's width. Below them the page has
 * its own header, as the catalog page has: "Release compliance" and a line
 * saying what the page shows.
 *
 * @alpha
 */
export const releaseCompliancePage = PageBlueprint.make({
  params: {
    path: '/release-compliance',
    title: 'Releases',
    icon: <RiShieldCheckLine aria-hidden="true" />,
    routeRef: convertLegacyRouteRef(releaseComplianceRouteRef),
    loader: () =>
      import('../components/CompliancePage').then(m =>
        compatWrapper(<m.ComplianceViewWithHeader />),
      ),
  },
});
