import { screen } from '@testing-library/react';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { Route, Routes } from 'react-router-dom';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  createExtensionTester,
  renderInTestApp as renderInNewTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityReleaseReadinessCard,
  EntityReleaseReadinessContent,
  ReleaseCompliancePage,
} from './index';
import releaseReadinessPlugin, {
  releaseReadinessEntityCard,
  releaseReadinessEntityContent,
  releaseCompliancePage,
} from './alpha';
import { releaseReadinessApiRef } from './api';
import { createFakeApi } from './testing/fakeApi';
import { plainEntity, protocolEntity, renderWithApi } from './testing/render';
import { isReleaseReadinessAvailable } from './conditions';
import {
  compliancePageFixture,
  complianceSummaryFixture,
  historyFixture,
  readinessFixtures,
} from './fixtures';

describe('legacy exports', () => {
  it('render the card, the tab and the page', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.handoffReady);
    api.getEntityHistory.mockResolvedValue(historyFixture);
    api.getCompliance.mockResolvedValue(compliancePageFixture);
    api.getComplianceSummary.mockResolvedValue(complianceSummaryFixture);
    await renderWithApi(
      <>
        <EntityReleaseReadinessCard />
        <Routes>
          <Route path="/*" element={<EntityReleaseReadinessContent />} />
        </Routes>
      </>,
      { api, entity: protocolEntity },
    );
    // The card offers the handoff; the tab shows what is handed off.
    expect(
      await screen.findByText('All gates passed: ready for Protocol 12.'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Handoff to Protocol 12 (Monitoring & Observability)',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('list', {
        name: 'Statuses of Release Authorization, oldest first',
      }),
    ).toBeInTheDocument();
  });

  it('render the compliance page', async () => {
    const api = createFakeApi();
    api.getCompliance.mockResolvedValue(compliancePageFixture);
    api.getComplianceSummary.mockResolvedValue(complianceSummaryFixture);
    await renderWithApi(
      <Routes>
        <Route path="/*" element={<ReleaseCompliancePage />} />
      </Routes>,
      { api },
    );
    expect(
      await screen.findByRole('heading', {
        name: 'Release compliance',
        level: 1,
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Release compliance' }),
    ).toBeInTheDocument();
  });
});

describe('new frontend system', () => {
  it('exports a plugin with the API, card, tab and page', () => {
    expect(releaseReadinessPlugin.id).toBe('release-readiness');
    expect(
      releaseReadinessPlugin.getExtension('api:release-readiness'),
    ).toBeDefined();
    expect(
      releaseReadinessPlugin.getExtension(
        'entity-card:release-readiness/readiness',
      ),
    ).toBeDefined();
    expect(
      releaseReadinessPlugin.getExtension(
        'entity-content:release-readiness/readiness',
      ),
    ).toBeDefined();
    expect(
      releaseReadinessPlugin.getExtension('page:release-readiness'),
    ).toBeDefined();
  });

  it('renders the entity card extension', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(
      readinessFixtures.authorizationFailed,
    );
    const tester = createExtensionTester(releaseReadinessEntityCard);
    await renderInNewTestApp(
      <EntityProvider entity={protocolEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[releaseReadinessApiRef, api]] },
    );
    expect(
      await screen.findByRole('list', { name: 'Quality gates, in order' }),
    ).toBeInTheDocument();
  });

  it('renders the entity content extension', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(
      readinessFixtures.deploymentPending,
    );
    api.getEntityHistory.mockResolvedValue(historyFixture);
    const tester = createExtensionTester(releaseReadinessEntityContent);
    await renderInNewTestApp(
      <EntityProvider entity={protocolEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[releaseReadinessApiRef, api]] },
    );
    expect(
      await screen.findByRole('list', {
        name: 'Criteria of Production Deployment',
      }),
    ).toBeInTheDocument();
  });

  it('renders the compliance page extension', async () => {
    const api = createFakeApi();
    api.getCompliance.mockResolvedValue(compliancePageFixture);
    api.getComplianceSummary.mockResolvedValue(complianceSummaryFixture);
    const tester = createExtensionTester(releaseCompliancePage);
    await renderInNewTestApp(tester.reactElement(), {
      apis: [
        [releaseReadinessApiRef, api],
        // The catalog's pickers ask the catalog for their options.
        [catalogApiRef, catalogApiMock({ entities: [protocolEntity] })],
      ],
      // Entity, owner and system are catalog links: the catalog's entity page is mounted in any app.
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
    });
    expect(
      await screen.findByRole('table', { name: 'Release compliance' }),
    ).toBeInTheDocument();
    // Under the app's plugin header, a page header as the catalog page has:
    // a title and a line saying what the page shows.
    expect(
      screen.getByRole('heading', {
        name: 'Release compliance',
        level: 2,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Where each entity stands on the release gates, and how many have adopted Protocol 11.',
      ),
    ).toBeInTheDocument();
    // The nav item and the plugin header: a short name that fits the sidebar.
    expect(tester.get(coreExtensionData.title)).toBe('Releases');
  });

  it('filters the card and tab to entities with the annotation', () => {
    expect(isReleaseReadinessAvailable(protocolEntity)).toBe(true);
    expect(isReleaseReadinessAvailable(plainEntity)).toBe(false);
  });

  it('treats an empty annotation as no protocol, as the backend does', () => {
    const annotations = {
      ...protocolEntity.metadata.annotations,
      'release-readiness.io/protocol11': ' ',
    };
    expect(
      isReleaseReadinessAvailable({
        ...protocolEntity,
        metadata: { ...protocolEntity.metadata, annotations },
      }),
    ).toBe(false);
  });
});
