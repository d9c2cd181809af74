import { screen, within } from '@testing-library/react';
import { ReadinessContent } from './ReadinessContent';
import { createFakeApi } from '../../testing/fakeApi';
import { plainEntity, protocolEntity, renderWithApi } from '../../testing/render';
import { historyFixture, readinessFixtures } from '../../fixtures';
import { historySeries } from './historySeries';

describe('ReadinessContent', () => {
  it('lists every criterion of every gate with file, field and reason', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.authorizationFailed);
    api.getEntityHistory.mockResolvedValue(historyFixture);
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });

    const readiness = readinessFixtures.authorizationFailed.readiness!;
    const names: Record<string, string> = {
      'release-authorization': 'Release Authorization',
      'production-deployment': 'Production Deployment',
      'stabilization-handoff': 'Stabilization & Handoff',
    };
    for (const gate of readiness.gates) {
      const status = gate.status.charAt(0).toUpperCase() + gate.status.slice(1);
      const table = await screen.findByRole('grid', { name: `${names[gate.id]}: ${status}` });
      // header row + one row per criterion
      expect(within(table).getAllByRole('row')).toHaveLength(gate.criteria.length + 1);
      for (const criterion of gate.criteria) {
        expect(within(table).getAllByText(criterion.reason).length).toBeGreaterThan(0);
        expect(within(table).getAllByText(criterion.description).length).toBeGreaterThan(0);
      }
      for (const field of gate.criteria.flatMap(c => (c.field ? [c.field] : []))) {
        expect(within(table).getAllByText(field).length).toBeGreaterThan(0);
      }
    }
    const links = screen.getAllByRole('link', { name: '.artifacts/deployment/release-approvals.json' });
    expect(links[0]).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/blob/main/.artifacts/deployment/release-approvals.json',
    );
    expect(screen.getByText(/On failure: Escalate missing approvals/)).toBeInTheDocument();
  });

  it('shows the history as a chart with a table alternative', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.handoffReady);
    api.getEntityHistory.mockResolvedValue(historyFixture);
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });

    expect(
      await screen.findByRole('img', { name: /Chart of gate states over time/ }),
    ).toBeInTheDocument();
    const table = screen.getByRole('grid', { name: 'Gate status changes, oldest first' });
    expect(within(table).getAllByRole('row')).toHaveLength(historyFixture.items.length + 1);
    expect(within(table).getAllByText('first evaluation')).toHaveLength(3);
    expect(api.getEntityHistory).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
    expect(screen.getByText('All gates passed: ready for Protocol 12.')).toBeInTheDocument();
  });

  it('says so when there is no history yet', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.deploymentPending);
    api.getEntityHistory.mockResolvedValue({ entityRef: 'component:default/payments-api', items: [] });
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    expect(await screen.findByText('No gate changes recorded yet.')).toBeInTheDocument();
  });

  it('shows the stale marker', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.stale);
    api.getEntityHistory.mockResolvedValue(historyFixture);
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    expect(await screen.findByText('Stale result')).toBeInTheDocument();
  });

  it('shows the empty state for an entity without the protocol', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.noProtocol);
    await renderWithApi(<ReadinessContent />, { api, entity: plainEntity });
    expect(
      await screen.findByRole('link', { name: 'Create the Protocol 11 document' }),
    ).toBeInTheDocument();
    expect(api.getEntityHistory).not.toHaveBeenCalled();
  });

  it('shows progress and then errors', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockRejectedValue(new Error('database unavailable'));
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    expect((await screen.findAllByText(/database unavailable/)).length).toBeGreaterThan(0);
  });
});

describe('historySeries', () => {
  it('carries each gate forward and merges changes at the same instant', () => {
    const points = historySeries(historyFixture.items);
    expect(points).toHaveLength(5);
    expect(points[0]).toEqual({
      time: Date.parse('2024-04-29T09:00:00.000Z'),
      'release-authorization': 3,
      'production-deployment': 2,
      'stabilization-handoff': 2,
    });
    expect(points[points.length - 1]).toEqual({
      time: Date.parse('2024-05-03T09:30:00.000Z'),
      'release-authorization': 4,
      'production-deployment': 4,
      'stabilization-handoff': 4,
    });
  });
});
