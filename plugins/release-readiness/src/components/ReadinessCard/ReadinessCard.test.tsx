import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { ReadinessCard } from './ReadinessCard';
import { createFakeApi } from '../../testing/fakeApi';
import { plainEntity, protocolEntity, renderWithApi } from '../../testing/render';
import { readinessFixtures } from '../../fixtures';

const gateItem = (gateId: string) => {
  const item = document.querySelector(`li[data-gate="${gateId}"]`);
  if (!(item instanceof HTMLElement)) throw new Error(`no gate ${gateId}`);
  return item;
};

describe('ReadinessCard', () => {
  it('shows progress while loading', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockReturnValue(new Promise(() => {}));
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the error from the backend', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockRejectedValue(new Error('backend exploded'));
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    expect((await screen.findAllByText(/backend exploded/)).length).toBeGreaterThan(0);
    expect(screen.getByRole('alert')).toBeInTheDocument();
  });

  it('shows the template link with the entity pre-selected on a 404', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(JSON.stringify({ error: { name: 'NotFoundError', message: 'no such entity' } }), {
          status: 404,
          statusText: 'Not Found',
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    );
    await renderWithApi(<ReadinessCard />, { api, entity: plainEntity });
    const link = await screen.findByRole('link', { name: 'Create the Protocol 11 document' });
    expect(link).toHaveAttribute(
      'href',
      `/create/templates/default/protocol-11-release-management?formData=${encodeURIComponent(
        JSON.stringify({ entity: 'component:default/legacy-batch' }),
      )}`,
    );
    expect(screen.getByText('No Protocol 11 for this entity')).toBeInTheDocument();
  });

  it('shows the empty state when the backend says hasProtocol: false', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.noProtocol);
    await renderWithApi(<ReadinessCard />, { api, entity: plainEntity });
    expect(await screen.findByText('No Protocol 11 for this entity')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Refresh' })).not.toBeInTheDocument();
  });

  it('says why an entity with an empty annotation has no protocol', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.noProtocol);
    const annotations = { ...plainEntity.metadata.annotations, 'release-readiness.io/protocol11': '' };
    await renderWithApi(<ReadinessCard />, { api, entity: { ...plainEntity, metadata: { ...plainEntity.metadata, annotations } } });
    expect(await screen.findByText('No Protocol 11 for this entity')).toBeInTheDocument();
    expect(screen.getByText(/release-readiness\.io\/protocol11 is empty; set it to the folder of the protocol document/)).toBeInTheDocument();
  });

  it('lists the three gates in order with status words', async () => {
    const api = createFakeApi();
    const reversed = {
      ...readinessFixtures.authorizationFailed,
      readiness: {
        ...readinessFixtures.authorizationFailed.readiness!,
        gates: [...readinessFixtures.authorizationFailed.readiness!.gates].reverse(),
      },
    };
    api.getEntityReadiness.mockResolvedValue(reversed);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    const list = await screen.findByRole('list', { name: 'Quality gates, in order' });
    const headings = within(list).getAllByRole('heading', { level: 3 });
    expect(headings.map(h => h.textContent)).toEqual([
      '1. Release Authorization',
      '2. Production Deployment',
      '3. Stabilization & Handoff',
    ]);
    expect(api.getEntityReadiness).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
  });

  it('shows a failed gate with its blocking criteria, reasons and evidence links', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.authorizationFailed);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    await screen.findByRole('list', { name: 'Quality gates, in order' });
    const gate = gateItem('release-authorization');
    expect(within(gate).getAllByText('Failed').length).toBeGreaterThan(0);
    const blocking = within(gate).getByRole('list', { name: 'What blocks this gate' });
    const failing = readinessFixtures.authorizationFailed.readiness!.gates[0].criteria.filter(
      c => c.status !== 'passed',
    );
    expect(within(blocking).getAllByRole('listitem')).toHaveLength(failing.length);
    expect(within(blocking).getByText(failing[0].reason)).toBeInTheDocument();
    const evidence = within(blocking).getAllByRole('link', { name: failing[0].file })[0];
    expect(evidence).toHaveAttribute(
      'href',
      `https://github.com/acme/payments-api/blob/main/${failing[0].file}`,
    );
  });

  it('shows blocked gates with the gate they wait for', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.authorizationFailed);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    await screen.findByRole('list', { name: 'Quality gates, in order' });
    const gate = gateItem('production-deployment');
    expect(within(gate).getAllByText('Blocked').length).toBeGreaterThan(0);
    expect(within(gate).getByText('Waits for Release Authorization to pass.')).toBeInTheDocument();
  });

  it('shows a pending gate', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.deploymentPending);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    await screen.findByRole('list', { name: 'Quality gates, in order' });
    const gate = gateItem('production-deployment');
    expect(gate.querySelector('[data-status="pending"]')).toHaveTextContent('Pending');
    expect(within(gate).getAllByText('file not found yet').length).toBeGreaterThan(0);
    expect(gateItem('release-authorization').querySelector('[data-status="passed"]')).toHaveTextContent(
      'Passed',
    );
  });

  it('shows a gate in error with the reason', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.evidenceError);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    await screen.findByRole('list', { name: 'Quality gates, in order' });
    const gate = gateItem('release-authorization');
    expect(gate.querySelector('[data-status="error"]')).toHaveTextContent('Error');
    const errored = readinessFixtures.evidenceError.readiness!.gates[0].criteria.find(
      c => c.status === 'error',
    )!;
    expect(within(gate).getAllByText(errored.reason).length).toBeGreaterThan(0);
  });

  it('marks a stale result with its reason', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.stale);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    expect(await screen.findByText('Stale result')).toBeInTheDocument();
    expect(screen.getByText(/GitHub returned 502 Bad Gateway/)).toBeInTheDocument();
  });

  it('shows when it was last evaluated, exact time on hover', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.stale);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    await screen.findByText(/Last evaluated/);
    const time = document.querySelector('time[datetime="2024-05-02T07:15:00.000Z"]');
    expect(time).not.toBeNull();
    expect(time?.getAttribute('title')).toMatch(/2024/);
    expect(time?.textContent).toMatch(/ago/);
  });

  it('links the protocol document', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.authorizationFailed);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    expect(await screen.findByRole('link', { name: 'Protocol document' })).toHaveAttribute(
      'href',
      readinessFixtures.authorizationFailed.documentUrl,
    );
    expect(screen.queryByText(/ready for Protocol 12/)).not.toBeInTheDocument();
  });

  it('offers the Protocol 12 handoff once all gates passed (default target)', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.handoffReady);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    expect(await screen.findByText('All gates passed: ready for Protocol 12.')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Hand off to Protocol 12/ }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api/monitoring');
    expect(screen.queryByRole('list', { name: 'What blocks this gate' })).not.toBeInTheDocument();
  });

  it('uses releaseReadiness.protocol12Url for the handoff link', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.handoffReady);
    await renderWithApi(<ReadinessCard />, {
      api,
      entity: protocolEntity,
      config: {
        releaseReadiness: {
          protocol12Url: 'https://grafana.example.com/d/p12?entity={entityRef}&service={name}',
        },
      },
    });
    expect(await screen.findByRole('link', { name: /Hand off to Protocol 12/ })).toHaveAttribute(
      'href',
      'https://grafana.example.com/d/p12?entity=component%3Adefault%2Fpayments-api&service=payments-api',
    );
  });

  it('refreshes, shows progress and updates the card', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.authorizationFailed);
    let finish: (value: typeof readinessFixtures.handoffReady) => void = () => {};
    api.refreshEntity.mockReturnValue(
      new Promise(resolve => {
        finish = resolve;
      }),
    );
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    await userEvent.click(await screen.findByRole('button', { name: 'Refresh' }));
    expect(await screen.findByRole('button', { name: /Refreshing/ })).toBeInTheDocument();
    expect(api.refreshEntity).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
    finish(readinessFixtures.handoffReady);
    expect(await screen.findByText('All gates passed: ready for Protocol 12.')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Refresh' })).toBeInTheDocument(),
    );
  });

  it('reports a failed refresh and keeps the last result', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.authorizationFailed);
    api.refreshEntity.mockRejectedValue(new Error('evaluation timed out'));
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    await userEvent.click(await screen.findByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('evaluation timed out')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Quality gates, in order' })).toBeInTheDocument();
  });
});
