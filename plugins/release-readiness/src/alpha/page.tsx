import { RiShieldCheckLine } from '@remixicon/react';
import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { releaseComplianceRouteRef } from '../routes';
import { releaseReadinessApiRef } from '../api';
import { prefetchFirstPage } from '../components/CompliancePage/firstPage';

/**
 * The catalog-wide compliance page at `/release-compliance`. Its title and
 * icon also give it its navigation item and the app's plugin header:
 * "Releases", short enough for the sidebar's width. Below them the page has
 * its own header, as the catalog page has: "Release compliance" and a line
 * saying what the page shows.
 *
 * Its loader asks for the first page of rows while the page's code loads
 * (for the plain URL, the nav item's; the browser's URL, as the app's router
 * has it), so the rows wait for the slower of the two, not for both in turn.
 *
 * @alpha
 */
export const releaseCompliancePage = PageBlueprint.makeWithOverrides({
  factory(originalFactory, { apis }) {
    return originalFactory({
      path: '/release-compliance',
      title: 'Releases',
      icon: <RiShieldCheckLine aria-hidden="true" />,
      routeRef: convertLegacyRouteRef(releaseComplianceRouteRef),
      loader: () => {
        const api = apis.get(releaseReadinessApiRef);
        if (api) prefetchFirstPage(api, window.location.search);
        return import('../components/CompliancePage').then(m =>
          compatWrapper(<m.ComplianceViewWithHeader />),
        );
      },
    });
  },
});
