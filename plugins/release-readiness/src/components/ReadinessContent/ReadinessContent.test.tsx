import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  EntityReadinessResponse,
  GateResult,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ReadinessContent } from './ReadinessContent';
import { createFakeApi } from '../../testing/fakeApi';
import {
  plainEntity,
  protocolEntity,
  renderWithApi,
} from '../../testing/render';
import { historyFixture, readinessFixtures } from '../../fixtures';

const NAMES: Record<string, string> = {
  'release-authorization': 'Release Authorization',
  'production-deployment': 'Production Deployment',
  'stabilization-handoff': 'Stabilization & Handoff',
};

const gateSection = (gateId: string) => {
  const section = document.querySelector(`section[data-gate="${gateId}"]`);
  if (!(section instanceof HTMLElement)) throw new Error(`no gate ${gateId}`);
  return section;
};

const trigger = (gateId: string) =>
  within(gateSection(gateId)).getAllByRole('button')[0];

/** Like ledger-service: the first two gates passed, the last failed. */
const lastGateFailed: EntityReadinessResponse = (() => {
  const base = readinessFixtures.handoffReady;
  const gates = base.readiness!.gates.map((g): GateResult =>
    g.id === 'stabilization-handoff'
      ? {
          ...g,
          status: 'failed',
          criteria: g.criteria.map((c, i) =>
            i === 0
              ? {
                  ...c,
                  status: 'failed',
                  reason:
                    'rollback-plan.md changed after archiving: its SHA-256 is 4589810d2766…',
                }
              : c,
          ),
        }
      : g,
  );
  return {
    ...base,
    readiness: {
      ...base.readiness!,
      overall: 'failed',
      handoffReady: false,
      gates,
    },
  };
})();

const local = (value: EntityReadinessResponse): EntityReadinessResponse => ({
  ...value,
  documentUrl:
    'file:///srv/services/payments-api/11-production-deployment-release-management.md',
  evidenceBaseUrl: 'file:///srv/services/payments-api/.artifacts/deployment/',
});

function setup(value: EntityReadinessResponse) {
  const api = createFakeApi();
  api.getEntityReadiness.mockResolvedValue(value);
  api.getEntityHistory.mockResolvedValue(historyFixture);
  return api;
}

describe('ReadinessContent', () => {
  it('lists every criterion of every open gate with file, field and reason, all as wrapping text', async () => {
    const api = setup(readinessFixtures.authorizationFailed);
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    await screen.findByRole('list', {
      name: 'Criteria of Release Authorization',
    });
    for (const gate of readinessFixtures.authorizationFailed.readiness!.gates) {
      const list = within(gateSection(gate.id)).getByRole('list', {
        name: `Criteria of ${NAMES[gate.id]}`,
      });
      expect(within(list).getAllByRole('listitem')).toHaveLength(
        gate.criteria.length,
      );
      for (const criterion of gate.criteria) {
        expect(
          within(list).getAllByText(criterion.reason).length,
        ).toBeGreaterThan(0);
        expect(
          within(list).getAllByText(criterion.description).length,
        ).toBeGreaterThan(0);
      }
    }
    const fields =
      readinessFixtures.authorizationFailed.readiness!.gates.flatMap(g =>
        g.criteria.flatMap(c => (c.field ? [c.field] : [])),
      );
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields)
      expect(screen.getAllByText(field).length).toBeGreaterThan(0);
    // Reasons are whole in the page, never truncated or given only as a tooltip.
    const reason = screen.getByText(
      'MissingApproval: required role "business-owner" is pending',
    );
    expect(reason.tagName).toBe('P');
    expect(reason.getAttribute('title')).toBeNull();
    expect(
      screen.getByText(/On failure: Escalate missing approvals/),
    ).toBeInTheDocument();
    expect(
      within(gateSection('production-deployment')).getByText(
        'Waits for Release Authorization to pass.',
      ),
    ).toBeInTheDocument();
    expect(
      within(gateSection('stabilization-handoff')).getByText(
        'Waits for Release Authorization to pass.',
      ),
    ).toBeInTheDocument();
  });

  it('breaks evidence paths only after a slash', async () => {
    const api = setup(readinessFixtures.authorizationFailed);
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    const link = (
      await screen.findAllByRole('link', {
        name: '.artifacts/deployment/release-approvals.json',
      })
    )[0];
    const code = link.querySelector('code')!;
    expect(code.innerHTML).toBe(
      '.artifacts/<wbr>deployment/<wbr>release-approvals.json',
    );
    expect(code.style.wordBreak).toBe('normal');
  });

  it('collapses passed gates, so a failing last gate is open at the top of the page', async () => {
    const api = setup(lastGateFailed);
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    await screen.findByRole('list', {
      name: 'Criteria of Stabilization & Handoff',
    });
    expect(trigger('release-authorization')).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    expect(trigger('production-deployment')).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    expect(trigger('stabilization-handoff')).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    expect(
      within(gateSection('release-authorization')).getByText('4 of 4 passed'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Criteria of Release Authorization' }),
    ).not.toBeInTheDocument();
    await userEvent.click(trigger('release-authorization'));
    expect(
      await screen.findByRole('list', {
        name: 'Criteria of Release Authorization',
      }),
    ).toBeInTheDocument();
  });

  it('opens the file named in the URL: JSON pretty-printed, read through the content route', async () => {
    const api = setup(local(readinessFixtures.authorizationFailed));
    api.getEntityFile.mockResolvedValue({
      path: '.artifacts/deployment/release-approvals.json',
      mediaType: 'application/json',
      size: 60,
      content:
        '{"required_roles":["engineering-lead","business-owner"],"approvals":[]}',
    });
    await renderWithApi(<ReadinessContent />, {
      api,
      entity: protocolEntity,
      route: '/?file=.artifacts%2Fdeployment%2Frelease-approvals.json',
    });
    const pre = await screen.findByText(/"required_roles": \[/);
    expect(pre.tagName).toBe('PRE');
    expect(pre.textContent).toBe(
      '{\n  "required_roles": [\n    "engineering-lead",\n    "business-owner"\n  ],\n  "approvals": []\n}',
    );
    expect(api.getEntityFile).toHaveBeenCalledTimes(1);
    expect(api.getEntityFile).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments-api' },
      '.artifacts/deployment/release-approvals.json',
    );
    expect(document.body.innerHTML).not.toContain('file://');
  });

  it('renders the protocol document and Markdown evidence as Markdown, front matter as YAML', async () => {
    const api = setup(local(readinessFixtures.authorizationFailed));
    api.getEntityFile.mockImplementation(async (_entity, file) =>
      file === 'document'
        ? {
            path: '11-production-deployment-release-management.md',
            mediaType: 'text/markdown',
            size: 50,
            content:
              '# Protocol 11\n\n**Gate 1: Release Authorization**\n\n[local](file:///etc/passwd)',
          }
        : {
            path: file,
            mediaType: 'text/markdown',
            size: 40,
            content:
              '---\nmetrics:\n  - name: error_rate\n---\n## Owners\n\n- alice',
          },
    );
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Protocol document' }),
    );
    expect(
      await screen.findByRole('heading', { name: 'Protocol 11' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Gate 1: Release Authorization').tagName).toBe(
      'STRONG',
    );
    // A file: link inside the document is not kept.
    expect(
      screen.getByText('local').closest('a')?.getAttribute('href') ?? '',
    ).not.toMatch(/^file:/);

    await userEvent.click(
      screen.getByRole('button', {
        name: '.artifacts/deployment/rollback-plan.md',
      }),
    );
    expect(
      await screen.findByRole('heading', { name: 'Owners' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/name: error_rate/).tagName).toBe('PRE');
    expect(document.querySelectorAll('a[href^="file:"]')).toHaveLength(0);
  });

  it('says a file is not in the repository yet on a 404, and shows other errors', async () => {
    const api = setup(readinessFixtures.authorizationFailed);
    const notFound = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({ error: { name: 'NotFoundError', message: 'nope' } }),
        { status: 404 },
      ),
    );
    api.getEntityFile
      .mockRejectedValueOnce(notFound)
      .mockRejectedValueOnce(new Error('over the 1048576-byte limit'));
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    await userEvent.click(
      await screen.findByRole('button', {
        name: '.artifacts/deployment/staging-validation-report.json',
      }),
    );
    expect(
      await screen.findByText('Not in the repository yet.'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Protocol form (the wizard’s answers)',
      }),
    );
    expect(
      (await screen.findAllByText(/over the 1048576-byte limit/)).length,
    ).toBeGreaterThan(0);
  });

  it('links files in a repository on the web to the SCM view as well', async () => {
    const api = setup(readinessFixtures.authorizationFailed);
    api.getEntityFile.mockResolvedValue({
      path: 'x',
      mediaType: 'text/plain',
      size: 1,
      content: 'x',
    });
    await renderWithApi(<ReadinessContent />, {
      api,
      entity: protocolEntity,
      route: '/?file=document',
    });
    expect(
      await screen.findByRole('link', { name: 'Open in the repository' }),
    ).toHaveAttribute(
      'href',
      readinessFixtures.authorizationFailed.documentUrl,
    );
  });

  it('shows each gate’s history as a timeline, readable from the first evaluation', async () => {
    const api = setup(readinessFixtures.authorizationFailed);
    api.getEntityHistory.mockResolvedValue({
      entityRef: 'component:default/payments-api',
      items: historyFixture.items.slice(0, 3),
    });
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    for (const [id, status] of [
      ['release-authorization', 'Pending'],
      ['production-deployment', 'Blocked'],
      ['stabilization-handoff', 'Blocked'],
    ]) {
      const list = await screen.findByRole('list', {
        name: `Statuses of ${NAMES[id]}, oldest first`,
      });
      const items = within(list).getAllByRole('listitem');
      expect(items).toHaveLength(1);
      expect(items[0]).toHaveTextContent(new RegExp(`^${status}since`));
    }
  });

  it('lists every change of a gate oldest first', async () => {
    const api = setup(readinessFixtures.handoffReady);
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    const list = await screen.findByRole('list', {
      name: 'Statuses of Release Authorization, oldest first',
    });
    const changes = historyFixture.items.filter(
      i => i.gateId === 'release-authorization',
    );
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(li =>
          li.querySelector('[data-status]')?.getAttribute('data-status'),
        ),
    ).toEqual(changes.map(c => c.status));
  });

  it('says so when there is no history yet', async () => {
    const api = setup(readinessFixtures.deploymentPending);
    api.getEntityHistory.mockResolvedValue({
      entityRef: 'component:default/payments-api',
      items: [],
    });
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    expect(
      await screen.findByText('No gate changes recorded yet.'),
    ).toBeInTheDocument();
  });

  it('shows the handoff section the default handoff link lands on, without a link to itself', async () => {
    const api = setup(readinessFixtures.handoffReady);
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    const section = await screen.findByText(
      'Handoff to Protocol 12 (Monitoring & Observability)',
    );
    const card = section.closest('#protocol-12') as HTMLElement;
    expect(card).not.toBeNull();
    expect(
      within(card).getByRole('link', {
        name: '.artifacts/deployment/deployment-telemetry.ndjson',
      }),
    ).toBeInTheDocument();
    expect(within(card).getByText(/\[PROTOCOL COMPLETE\]/)).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /Hand off to Protocol 12/ }),
    ).not.toBeInTheDocument();
  });

  it('adds the configured Protocol 12 link to the handoff section', async () => {
    const api = setup(readinessFixtures.handoffReady);
    await renderWithApi(<ReadinessContent />, {
      api,
      entity: protocolEntity,
      config: {
        releaseReadiness: {
          protocol12Url: '/catalog/{namespace}/{kind}/{name}/monitoring',
        },
      },
    });
    expect(
      await screen.findByRole('link', { name: /Hand off to Protocol 12/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/monitoring',
    );
  });

  it('shows the stale marker', async () => {
    const api = setup(readinessFixtures.stale);
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    expect(await screen.findByText('Stale result')).toBeInTheDocument();
  });

  it('shows the empty state for an entity without the protocol', async () => {
    const api = setup(readinessFixtures.noProtocol);
    await renderWithApi(<ReadinessContent />, { api, entity: plainEntity });
    expect(
      await screen.findByRole('link', {
        name: 'Create the Protocol 11 document',
      }),
    ).toBeInTheDocument();
    expect(api.getEntityHistory).not.toHaveBeenCalled();
    expect(api.getEntityFile).not.toHaveBeenCalled();
  });

  it('shows progress and then errors', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockRejectedValue(new Error('database unavailable'));
    await renderWithApi(<ReadinessContent />, { api, entity: protocolEntity });
    await waitFor(async () =>
      expect(
        (await screen.findAllByText(/database unavailable/)).length,
      ).toBeGreaterThan(0),
    );
  });
});
