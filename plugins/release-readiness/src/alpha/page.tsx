import { RiShieldCheckLine } from '@remixicon/react';
import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { Content } from '@backstage/core-components';
import { releaseComplianceRouteRef } from '../routes';

/**
 * The catalog-wide compliance page at `/release-compliance`. Its title and
 * icon also give it its navigation item: "Releases", short enough for the
 * sidebar (the page itself is headed "Release compliance").
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
        compatWrapper(
          <Content>
            <m.ComplianceView />
          </Content>,
        ),
      ),
  },
});
