/**
 * End to end: GitHub's `deployment_protection_rule` webhook, signed or not,
 * into a running backend (events backend with the GitHub events module,
 * release-readiness plugin and this module), answered through the callback
 * URL to a fake GitHub API on 127.0.0.1 as the App of the GitHub integration.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createHmac } from 'crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { parse } from 'yaml';
import eventsPlugin from '@backstage/plugin-events-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the module is tested inside the plugin it extends
import releaseReadinessPlugin from '@release-readiness/backstage-plugin-release-readiness-backend';
import releaseReadinessModuleGithub from './index';
import { FakeGithub } from './testUtils/fakeGithub';
import { renderCommentPng } from './__testUtils__/renderComment';

// Real backends start here: a loaded 2-core CI machine needs more than Jest's 5 s default.
jest.setTimeout(60_000);

const SECRET = 'webhook-secret-for-tests';

// The GitHub events module's default export loads its two modules (the webhook
// ingress with its signature validator, and the router to `github.<event>`
// topics) through dynamic import(), which Jest cannot run without
// --experimental-vm-modules; the same two modules are loaded from its build.
const githubEventsDist = join(
  dirname(
    require.resolve('@backstage/plugin-events-backend-module-github/package.json'),
  ),
  'dist/service',
);
const githubEventsModules = [
  'eventsModuleGithubWebhook.cjs.js',
  'eventsModuleGithubEventRouter.cjs.js',
].map(file => require(join(githubEventsDist, file)).default);
const SAMPLES = resolve(__dirname, '../../../examples/services');
const APP = 'http://backstage.test';
const SCREENSHOTS = resolve(__dirname, '../../../test/e2e/screenshots');

describe('GitHub deployment protection rule', () => {
  const github = new FakeGithub('acme');
  let root: string;
  let baseUrl: string;
  let run = 1000;

  /** A sample service's entity, tied to a GitHub repository by its project slug. */
  function entity(
    service: string,
    name: string,
    slug: string,
    protocol = true,
  ): Entity {
    const file = join(root, service, 'catalog-info.yaml');
    const e = parse(readFileSync(file, 'utf8')) as Entity;
    const annotations: Record<string, string> = {
      ...e.metadata.annotations,
      'backstage.io/managed-by-location': `file:${file}`,
      'github.com/project-slug': slug,
    };
    if (!protocol) delete annotations['release-readiness.io/protocol11'];
    return {
      ...e,
      metadata: { ...e.metadata, name, namespace: 'default', annotations },
    };
  }

  /** A payload shaped as GitHub documents `deployment_protection_rule` (action `requested`). */
  function payload(
    repo: string,
    environment: string,
    runId: string,
    callbackOrigin = github.origin,
  ) {
    return {
      action: 'requested',
      environment,
      event: 'push',
      sha: 'e3c2a7f0c1d5b9e8a4f6d2c0b1a9e8d7c6b5a4f3',
      ref: 'refs/heads/main',
      deployment_callback_url: `${callbackOrigin}/repos/acme/${repo}/actions/runs/${runId}/deployment_protection_rule`,
      deployment: {
        id: Number(runId) * 10,
        sha: 'e3c2a7f0c1d5b9e8a4f6d2c0b1a9e8d7c6b5a4f3',
        ref: 'main',
        task: 'deploy',
        environment,
        creator: { login: 'octocat', type: 'User' },
      },
      pull_requests: [],
      repository: {
        id: 123,
        name: repo,
        full_name: `acme/${repo}`,
        private: true,
        owner: { login: 'acme', type: 'Organization' },
        html_url: `${github.origin}/acme/${repo}`,
      },
      organization: { login: 'acme' },
      installation: { id: github.installationId },
      sender: { login: 'octocat', type: 'User' },
    };
  }

  /** Delivers a webhook as GitHub does: JSON body, event name header, HMAC-SHA256 signature of the body. */
  async function deliver(body: unknown, signWith: string | null = SECRET) {
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-GitHub-Event': 'deployment_protection_rule',
      'X-GitHub-Delivery': `delivery-${run}`,
      'X-GitHub-Hook-Installation-Target-Type': 'integration',
    };
    if (signWith)
      headers['X-Hub-Signature-256'] =
        `sha256=${createHmac('sha256', signWith).update(raw).digest('hex')}`;
    return fetch(`${baseUrl}/api/events/http/github`, {
      method: 'POST',
      headers,
      body: raw,
    });
  }

  /** Requests a deployment and waits for the answer GitHub receives. */
  async function requestDeployment(repo: string, environment: string) {
    const runId = String(++run);
    const res = await deliver(payload(repo, environment, runId));
    expect(res.status).toBe(202);
    return github.callbackFor(runId);
  }

  beforeAll(async () => {
    await github.start();
    root = mkdtempSync(join(tmpdir(), 'rr-github-'));
    cpSync(SAMPLES, root, { recursive: true });
    const entities = [
      entity('checkout-web', 'checkout-web', 'acme/checkout-web'),
      entity('payments-api', 'payments-api', 'acme/payments-api'),
      entity(
        'recommendations-api',
        'recommendations-api',
        'acme/recommendations-api',
        false,
      ),
      entity('ledger-service', 'ledger-service', 'acme/monorepo'),
      entity('search-indexer', 'search-indexer', 'acme/monorepo'),
    ];
    const { server } = await startTestBackend({
      features: [
        eventsPlugin,
        ...githubEventsModules,
        releaseReadinessPlugin,
        releaseReadinessModuleGithub,
        catalogServiceMock.factory({ entities }),
        // The real events service: one bus for every plugin (the test backend's mock is one per plugin).
        eventsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: APP },
            // One backend: events go through the in-process bus, not the events backend's (long-polled) store.
            events: {
              useEventBus: 'never',
              modules: { github: { webhookSecret: SECRET } },
            },
            integrations: {
              github: [
                {
                  host: new URL(github.origin).host,
                  apiBaseUrl: github.origin,
                  apps: [
                    {
                      appId: github.appId,
                      clientId: 'Iv1.fakeclient',
                      clientSecret: 'fake-client-secret',
                      privateKey: github.privateKey,
                    },
                  ],
                },
              ],
            },
            releaseReadiness: {
              localSources: { roots: [root] },
              github: {
                deploymentProtection: {
                  environments: { Production: 'release-authorization' },
                },
              },
            },
          },
        }),
      ],
    });
    baseUrl = `http://127.0.0.1:${server.port()}`;
  });

  afterAll(async () => {
    await github.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('rejects a deployment whose required gate has not passed, naming gate, file, field and the tab', async () => {
    const callback = await requestDeployment('checkout-web', 'production');
    expect(callback.authorization).toBe(
      `Bearer ${FakeGithub.installationToken}`,
    );
    expect(callback.body.environment_name).toBe('production');
    expect(callback.body.state).toBe('rejected');
    const comment = callback.body.comment!;
    expect(comment).toContain('requires Release Authorization');
    expect(comment).toContain('`.artifacts/deployment/release-approvals.json`');
    expect(comment).toMatch(/field `[^`]+`/);
    expect(comment).toContain(
      `${APP}/catalog/default/component/checkout-web/release-readiness`,
    );
    // The App authenticated with its JWT, then as its installation.
    expect(github.requests).toEqual(
      expect.arrayContaining([
        'GET /app/installations',
        `POST /app/installations/${github.installationId}/access_tokens`,
      ]),
    );
  });

  it("renders the rejected deployment's comment as GitHub shows it, for the README", async () => {
    const callback = await requestDeployment('checkout-web', 'production');
    // README picture with UPDATE_SCREENSHOTS=1, else an ignored folder (git status stays clean).
    const file = join(
      SCREENSHOTS,
      process.env.UPDATE_SCREENSHOTS === '1' ? '' : 'last-run',
      'github-rejected-deployment.png',
    );
    const rendered = await renderCommentPng({
      comment: callback.body.comment!,
      state: callback.body.state!,
      environment: callback.body.environment_name!,
      app: 'release-readiness[bot]',
      file,
    });
    expect(rendered.text).toContain('requires Release Authorization');
    expect(rendered.code).toContain(
      '.artifacts/deployment/release-approvals.json',
    );
    expect(rendered.links).toContain(
      `${APP}/catalog/default/component/checkout-web/release-readiness`,
    );
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });

  it('approves a deployment whose required gate passed', async () => {
    const callback = await requestDeployment('payments-api', 'production');
    expect(callback.body).toMatchObject({
      environment_name: 'production',
      state: 'approved',
    });
    expect(callback.body.comment).toContain(
      'passed for [component:default/payments-api]',
    );
  });

  it('approves an environment that requires no gate, saying so', async () => {
    const callback = await requestDeployment('checkout-web', 'staging');
    expect(callback.body.state).toBe('approved');
    expect(callback.body.comment).toContain('`staging` requires no gate');
  });

  it('answers clearly for an entity without Protocol 11, several entities, and none', async () => {
    const none = await requestDeployment('recommendations-api', 'production');
    expect(none.body.state).toBe('rejected');
    expect(none.body.comment).toContain(
      'component:default/recommendations-api (repository acme/recommendations-api) does not carry Protocol 11',
    );
    const several = await requestDeployment('monorepo', 'production');
    expect(several.body.state).toBe('rejected');
    expect(several.body.comment).toContain(
      'several catalog entities carry Protocol 11 for repository acme/monorepo',
    );
    expect(several.body.comment).toContain(
      'component:default/ledger-service, component:default/search-indexer',
    );
    const missing = await requestDeployment('unknown-repo', 'production');
    expect(missing.body.state).toBe('rejected');
    expect(missing.body.comment).toContain(
      'no catalog entity has the annotation `github.com/project-slug: acme/unknown-repo`',
    );
  });

  it('refuses webhooks with a wrong or missing signature, and never sends the token off the integration', async () => {
    const wrong = await deliver(
      payload('payments-api', 'production', '9001'),
      'not-the-secret',
    );
    expect(wrong.status).toBe(403);
    const unsigned = await deliver(
      payload('payments-api', 'production', '9002'),
      null,
    );
    expect(unsigned.status).toBe(403);
    // Signed, but its callback points at another origin than the integration's API.
    const elsewhere = await deliver(
      payload(
        'payments-api',
        'production',
        '9003',
        github.origin.replace('127.0.0.1', 'localhost'),
      ),
    );
    expect(elsewhere.status).toBe(202);
    // A valid delivery after them is answered; none of them was.
    await requestDeployment('payments-api', 'production');
    expect(github.requests.filter(r => /\/runs\/900\d\//.test(r))).toEqual([]);
    expect(github.callbacks.map(c => c.runId)).not.toEqual(
      expect.arrayContaining(['9001']),
    );
  });
});
