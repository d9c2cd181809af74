import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { ReadinessCard } from './ReadinessCard';
import { createFakeApi } from '../../testing/fakeApi';
import {
  plainEntity,
  protocolEntity,
  renderWithApi,
} from '../../testing/render';
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
    expect(
      (await screen.findAllByText(/backend exploded/)).length,
    ).toBeGreaterThan(0);
    expect(screen.getByRole('alert')).toBeInTheDocument();
  });

  it('shows the template link with the entity pre-selected on a 404', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: 'no such entity' },
          }),
          {
            status: 404,
            statusText: 'Not Found',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
      ),
    );
    await renderWithApi(<ReadinessCard />, { api, entity: plainEntity });
    const link = await screen.findByRole('link', {
      name: 'Create the Protocol 11 document',
    });
    expect(link).toHaveAttribute(
      'href',
      `/create/templates/default/protocol-11-release-management?formData=${encodeURIComponent(
        JSON.stringify({ entity: 'component:default/legacy-batch' }),
      )}`,
    );
    expect(
      screen.getByText('No Protocol 11 for this entity'),
    ).toBeInTheDocument();
  });

  it('shows the empty state when the backend says hasProtocol: false', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.noProtocol);
    await renderWithApi(<ReadinessCard />, { api, entity: plainEntity });
    expect(
      await screen.findByText('No Protocol 11 for this entity'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Refresh' }),
    ).not.toBeInTheDocument();
  });

  it('says why an entity with an empty annotation has no protocol', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.noProtocol);
    const annotations = {
      ...plainEntity.metadata.annotations,
      'release-readiness.io/protocol11': '',
    };
    await renderWithApi(<ReadinessCard />, {
      api,
      entity: {
        ...plainEntity,
        metadata: { ...plainEntity.metadata, annotations },
      },
    });
    expect(
      await screen.findByText('No Protocol 11 for this entity'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /release-readiness\.io\/protocol11 is empty; set it to the folder of the protocol document/,
      ),
    ).toBeInTheDocument();
  });

  it('lists the three gates in order with status words', async () => {
    const api = createFakeApi();
    const reversed = {
      ...readinessFixtures.authorizationFailed,
      readiness: {
        ...readinessFixtures.authorizationFailed.readiness!,
        gates: [
          ...readinessFixtures.authorizationFailed.readiness!.gates,
        ].reverse(),
      },
    };
    api.getEntityReadiness.mockResolvedValue(reversed);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    const list = await screen.findByRole('list', {
      name: 'Quality gates, in order',
    });
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

  it('names each gate once: the one thing blocking it, its file and field, nothing repeated', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(
      readinessFixtures.authorizationFailed,
    );
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    const list = await screen.findByRole('list', {
      name: 'Quality gates, in order',
    });
    const gate = gateItem('release-authorization');
    expect(gate.querySelector('[data-status="failed"]')).toHaveTextContent(
      'Failed',
    );
    const reason = 'MissingApproval: required role "business-owner" is pending';
    // The reason once on the whole card, not again in a summary.
    expect(screen.getAllByText(reason)).toHaveLength(1);
    expect(within(gate).getByText(reason)).toBeInTheDocument();
    expect(within(gate).getByText('required_roles[1]')).toBeInTheDocument();
    expect(
      within(gate).getByRole('link', {
        name: '.artifacts/deployment/release-approvals.json',
      }),
    ).toBeInTheDocument();
    // One criterion failed: no count of others.
    expect(within(gate).queryByText(/more not passed/)).not.toBeInTheDocument();
    // Blocked gates do not list their pending criteria, and say what they wait for once.
    expect(
      within(list).queryByText('file not found yet'),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/Blocked until/)).not.toBeInTheDocument();
    expect(
      screen.getAllByText('Waits for Release Authorization to pass.'),
    ).toHaveLength(1);
    expect(
      within(gateItem('production-deployment')).getByText('Blocked'),
    ).toBeInTheDocument();
    expect(
      within(gateItem('stabilization-handoff')).getByText('Blocked'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Waits for Production Deployment/),
    ).not.toBeInTheDocument();
    // No sentence appears twice anywhere on the card.
    const sentences = Array.from(list.querySelectorAll('p'))
      .map(p => p.textContent ?? '')
      .filter(text => text.length > 0);
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it('opens evidence and the document in the SCM web view through the SCM integrations', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(
      readinessFixtures.authorizationFailed,
    );
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    const evidence = await screen.findByRole('link', {
      name: '.artifacts/deployment/release-approvals.json',
    });
    expect(evidence).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/tree/main/.artifacts/deployment/release-approvals.json',
    );
    expect(evidence).toHaveAttribute('target', '_blank');
    expect(
      screen.getByRole('link', { name: 'Protocol document' }),
    ).toHaveAttribute(
      'href',
      readinessFixtures.authorizationFailed.documentUrl,
    );
  });

  it('links local files to the tab’s file viewer: no file:// link anywhere', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue({
      ...readinessFixtures.authorizationFailed,
      documentUrl:
        'file:///srv/services/payments-api/11-production-deployment-release-management.md',
      evidenceBaseUrl:
        'file:///srv/services/payments-api/.artifacts/deployment/',
    });
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    const evidence = await screen.findByRole('link', {
      name: '.artifacts/deployment/release-approvals.json',
    });
    expect(evidence).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/release-readiness?file=.artifacts%2Fdeployment%2Frelease-approvals.json#protocol-files',
    );
    expect(evidence).not.toHaveAttribute('target');
    expect(
      screen.getByRole('link', { name: 'Protocol document' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/release-readiness?file=document#protocol-files',
    );
    const hrefs = screen
      .getAllByRole('link')
      .map(a => a.getAttribute('href') ?? '');
    expect(hrefs.length).toBeGreaterThan(2);
    expect(hrefs.filter(href => href.startsWith('file:'))).toEqual([]);
    expect(document.body.innerHTML).not.toContain('file://');
  });

  it('shows a pending gate with its first missing file and the count of the rest', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(
      readinessFixtures.deploymentPending,
    );
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    await screen.findByRole('list', { name: 'Quality gates, in order' });
    const gate = gateItem('production-deployment');
    expect(gate.querySelector('[data-status="pending"]')).toHaveTextContent(
      'Pending',
    );
    const open =
      readinessFixtures.deploymentPending.readiness!.gates[1].criteria.filter(
        c => c.status !== 'passed',
      );
    expect(within(gate).getAllByText(open[0].reason)).toHaveLength(1);
    expect(
      within(gate).getByRole('link', { name: open[0].file }),
    ).toBeInTheDocument();
    expect(
      within(gate).getByRole('link', {
        name: `+${open.length - 1} more not passed`,
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/release-readiness#gate-production-deployment',
    );
    expect(
      gateItem('release-authorization').querySelector('[data-status="passed"]'),
    ).toHaveTextContent('Passed');
    expect(
      within(gateItem('release-authorization')).queryByRole('link'),
    ).not.toBeInTheDocument();
  });

  it('shows a gate in error with the worst criterion first', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.evidenceError);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    await screen.findByRole('list', { name: 'Quality gates, in order' });
    const gate = gateItem('release-authorization');
    expect(gate.querySelector('[data-status="error"]')).toHaveTextContent(
      'Error',
    );
    const errored =
      readinessFixtures.evidenceError.readiness!.gates[0].criteria.find(
        c => c.status === 'error',
      )!;
    expect(within(gate).getAllByText(errored.reason)).toHaveLength(1);
  });

  it('follows an entity without Protocol 11 until a delivery adds it, without reloading', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.noProtocol);
    const refreshEntity = jest.fn();
    await renderWithApi(<ReadinessCard />, {
      api,
      entity: plainEntity,
      refreshEntity,
    });
    expect(
      await screen.findByText('No Protocol 11 for this entity'),
    ).toBeInTheDocument();
    const pending = {
      ...readinessFixtures.deploymentPending,
      entityRef: 'component:default/legacy-batch',
    };
    api.getEntityReadiness.mockResolvedValue(pending);
    // The interval (3 s) asks the backend again.
    expect(
      await screen.findByRole(
        'list',
        { name: 'Quality gates, in order' },
        { timeout: 6000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('No Protocol 11 for this entity'),
    ).not.toBeInTheDocument();
    // The entity page reloads its entity, so the tab (filtered on the annotation) appears.
    await waitFor(() => expect(refreshEntity).toHaveBeenCalledTimes(1));
  });

  it('asks again at once when the window regains focus', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.noProtocol);
    await renderWithApi(<ReadinessCard />, { api, entity: plainEntity });
    expect(
      await screen.findByText('No Protocol 11 for this entity'),
    ).toBeInTheDocument();
    api.getEntityReadiness.mockResolvedValue(
      readinessFixtures.deploymentPending,
    );
    window.dispatchEvent(new Event('focus'));
    expect(
      await screen.findByRole(
        'list',
        { name: 'Quality gates, in order' },
        { timeout: 1500 },
      ),
    ).toBeInTheDocument();
  });

  it('stops asking once the entity has Protocol 11', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(
      readinessFixtures.authorizationFailed,
    );
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    await screen.findByRole('list', { name: 'Quality gates, in order' });
    window.dispatchEvent(new Event('focus'));
    await new Promise(resolve => setTimeout(resolve, 3500));
    expect(api.getEntityReadiness).toHaveBeenCalledTimes(1);
  });

  it('marks a stale result with its reason', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.stale);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    expect(await screen.findByText('Stale result')).toBeInTheDocument();
    expect(
      screen.getByText(/GitHub returned 502 Bad Gateway/),
    ).toBeInTheDocument();
  });

  it('shows when it was last evaluated, exact time on hover', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.stale);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    await screen.findByText(/Last evaluated/);
    const time = document.querySelector(
      'time[datetime="2024-05-02T07:15:00.000Z"]',
    );
    expect(time).not.toBeNull();
    expect(time?.getAttribute('title')).toMatch(/2024/);
    expect(time?.textContent).toMatch(/ago/);
  });

  it('offers the Protocol 12 handoff once all gates passed (default target)', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.handoffReady);
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    expect(
      await screen.findByText('All gates passed: ready for Protocol 12.'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Hand off to Protocol 12/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/release-readiness#protocol-12',
    );
    expect(screen.queryByText(/more not passed/)).not.toBeInTheDocument();
  });

  it('uses releaseReadiness.protocol12Url for the handoff link', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.handoffReady);
    await renderWithApi(<ReadinessCard />, {
      api,
      entity: protocolEntity,
      config: {
        releaseReadiness: {
          protocol12Url:
            'https://grafana.example.com/d/p12?entity={entityRef}&service={name}',
        },
      },
    });
    expect(
      await screen.findByRole('link', { name: /Hand off to Protocol 12/ }),
    ).toHaveAttribute(
      'href',
      'https://grafana.example.com/d/p12?entity=component%3Adefault%2Fpayments-api&service=payments-api',
    );
  });

  it('refreshes, shows progress and updates the card', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(
      readinessFixtures.authorizationFailed,
    );
    let finish: (
      value: typeof readinessFixtures.handoffReady,
    ) => void = () => {};
    api.refreshEntity.mockReturnValue(
      new Promise(resolve => {
        finish = resolve;
      }),
    );
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh' }),
    );
    expect(
      await screen.findByRole('button', { name: /Refreshing/ }),
    ).toBeInTheDocument();
    expect(api.refreshEntity).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
    finish(readinessFixtures.handoffReady);
    expect(
      await screen.findByText('All gates passed: ready for Protocol 12.'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Refresh' }),
      ).toBeInTheDocument(),
    );
  });

  it('reports a failed refresh and keeps the last result', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(
      readinessFixtures.authorizationFailed,
    );
    api.refreshEntity.mockRejectedValue(new Error('evaluation timed out'));
    await renderWithApi(<ReadinessCard />, { api, entity: protocolEntity });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh' }),
    );
    expect(await screen.findByText('evaluation timed out')).toBeInTheDocument();
    expect(
      screen.getByRole('list', { name: 'Quality gates, in order' }),
    ).toBeInTheDocument();
  });
});
