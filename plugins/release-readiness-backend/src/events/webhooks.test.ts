/**
 * Push events end to end, on SQLite and PostgreSQL: GitHub and GitLab webhooks
 * in the shapes the SCMs document are posted to the events backend's HTTP
 * ingress of a real backend, checked by Backstage's SCM event modules
 * (signature, token), routed to `github.push` / `gitlab.push`, and re-evaluate
 * only the entities whose protocol files they touched, once per burst; each
 * change is announced on the entity's signals channel.
 */
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { PROTOCOL11_DOCUMENT_FILE } from '@release-readiness/backstage-plugin-release-readiness-common';
import { sampleEvidence } from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import { sign } from '@octokit/webhooks-methods';
import request from 'supertest';
import { releaseReadinessPlugin } from '../plugin';
import { PermissionedCatalog } from '../testUtils/catalog';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import { FakeGithubFiles } from '../testUtils/githubReader';
import { mockServices } from '@backstage/backend-test-utils';
import eventsPlugin from '@backstage/plugin-events-backend';
import {
  githubEventModules,
  gitlabEventModules,
} from '../testUtils/eventModules';
import { protocolEntity } from '../testUtils/entities';

jest.setTimeout(90_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const GITHUB_SECRET = 'github-webhook-secret';
const GITLAB_TOKEN = 'gitlab-webhook-token';
const GH_ROOT = 'https://github.com/acme/payments/tree/main/';
const GL_ROOT = 'https://gitlab.com/acme/platform/checkout/-/tree/main/';
const DEBOUNCE_MS = 300;

const entity = (name: string, root: string): Entity =>
  protocolEntity(name, `url:${root}`);

/** A GitHub `push` webhook body (docs: "Webhook events and payloads" → push). */
function githubPush(paths: string[], repo = 'acme/payments') {
  return {
    ref: 'refs/heads/main',
    before: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    after: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://github.com/${repo}/compare/6113728f27ae...0d1a26e67d8f`,
    commits: [
      {
        id: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
        tree_id: 'f9d2a07e9488b91af2641b26b9407fe22a451433',
        distinct: true,
        message: 'Add release evidence',
        timestamp: '2026-11-29T10:00:00Z',
        url: `https://github.com/${repo}/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c`,
        author: {
          name: 'Release Manager',
          email: 'rm@example.com',
          username: 'rm',
        },
        committer: {
          name: 'Release Manager',
          email: 'rm@example.com',
          username: 'rm',
        },
        added: paths.slice(0, 1),
        removed: [],
        modified: paths.slice(1),
      },
    ],
    head_commit: null,
    repository: {
      id: 35129377,
      name: repo.split('/')[1],
      full_name: repo,
      private: true,
      owner: { login: repo.split('/')[0], id: 1 },
      html_url: `https://github.com/${repo}`,
      url: `https://github.com/${repo}`,
      default_branch: 'main',
      master_branch: 'main',
    },
    pusher: { name: 'rm', email: 'rm@example.com' },
    sender: { login: 'rm', id: 2 },
  };
}

/** A GitLab push hook body (docs: "Webhook events" → Push events). */
function gitlabPush(paths: string[]) {
  return {
    object_kind: 'push',
    event_name: 'push',
    before: '95790bf891e76fee5e1747ab589903a6a1f80f22',
    after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
    ref: 'refs/heads/main',
    ref_protected: true,
    checkout_sha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
    user_id: 4,
    user_name: 'Release Manager',
    user_username: 'rm',
    project_id: 15,
    project: {
      id: 15,
      name: 'checkout',
      web_url: 'https://gitlab.com/acme/platform/checkout',
      git_http_url: 'https://gitlab.com/acme/platform/checkout.git',
      namespace: 'platform',
      path_with_namespace: 'acme/platform/checkout',
      default_branch: 'main',
    },
    commits: [
      {
        id: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
        message: 'Add release evidence',
        title: 'Add release evidence',
        timestamp: '2026-11-29T10:00:00+00:00',
        url: 'https://gitlab.com/acme/platform/checkout/-/commit/da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
        author: { name: 'Release Manager', email: 'rm@example.com' },
        added: [],
        modified: paths,
        removed: [],
      },
    ],
    total_commits_count: 1,
    repository: {
      name: 'checkout',
      homepage: 'https://gitlab.com/acme/platform/checkout',
    },
  };
}

describe.each(databaseIds(databases))('push events on %s', databaseId => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: (() => Promise<void>) | undefined;
  let github: FakeGithubFiles;
  let signals: { channel: string; message: unknown }[];

  const status = async (name: string) => {
    const res = await request(server)
      .get(`/api/release-readiness/entities/component/default/${name}`)
      .set('Authorization', mockCredentials.user.header());
    return res.body.readiness?.gates.map(
      (g: { status: string }) => g.status,
    ) as string[];
  };
  const postGithub = (body: object, secret = GITHUB_SECRET) => {
    const text = JSON.stringify(body);
    return sign(secret, text).then(signature =>
      request(server)
        .post('/api/events/http/github')
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', 'push')
        .set('X-GitHub-Delivery', '72d3162e-cc78-11e3-81ab-4c9367dc0958')
        .set('X-Hub-Signature-256', signature)
        .send(text),
    );
  };
  const postGitlab = (body: object, token = GITLAB_TOKEN) =>
    request(server)
      .post('/api/events/http/gitlab')
      .set('Content-Type', 'application/json')
      .set('X-Gitlab-Event', 'Push Hook')
      .set('X-Gitlab-Token', token)
      .send(JSON.stringify(body));
  /** Waits past the debounce and the request worker, then a little more. */
  const settle = () =>
    new Promise(resolve => setTimeout(resolve, DEBOUNCE_MS + 700));
  async function until(check: () => Promise<boolean>) {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    throw new Error('condition not reached');
  }

  beforeEach(async () => {
    github = new FakeGithubFiles();
    const doc = { [PROTOCOL11_DOCUMENT_FILE]: '# Protocol 11\n' };
    github.set(GH_ROOT, { ...doc, ...(await sampleEvidence('all-passed')) });
    github.set(GL_ROOT, { ...doc, ...(await sampleEvidence('all-passed')) });
    signals = [];
    const probe = createBackendPlugin({
      pluginId: 'signal-probe',
      register(env) {
        env.registerInit({
          deps: { events: eventsServiceRef },
          async init({ events }) {
            await events.subscribe({
              id: 'probe',
              topics: ['signals'],
              onEvent: async e => {
                const p = e.eventPayload as {
                  channel: string;
                  message: unknown;
                };
                signals.push({ channel: p.channel, message: p.message });
              },
            });
          },
        });
      },
    });
    const knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        releaseReadinessPlugin,
        // The real events service (the test backend's default is a per-plugin mock).
        eventsServiceFactory,
        eventsPlugin,
        ...githubEventModules(),
        ...gitlabEventModules(),
        probe,
        new PermissionedCatalog([
          entity('payments', GH_ROOT),
          entity('checkout', GL_ROOT),
        ]).factory(),
        github.reader.factory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            integrations: FakeGithubFiles.integrations,
            events: {
              // One process: the local bus delivers every event. Backstage's
              // event bus (its long poll of the events backend, up to 55 s)
              // would hold the server's close for that long on stop.
              useEventBus: 'never',
              modules: {
                github: { webhookSecret: GITHUB_SECRET },
                gitlab: { webhookSecret: GITLAB_TOKEN },
              },
            },
            releaseReadiness: {
              refresh: { debounce: { milliseconds: DEBOUNCE_MS } },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
    await until(
      async () =>
        (await status('payments'))?.[0] === 'passed' &&
        (await status('checkout'))?.[0] === 'passed',
    );
  });

  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('re-evaluates on a signed GitHub push touching the evidence, and signals the change', async () => {
    github.set(GH_ROOT, await sampleEvidence('deployment-failed'));
    github.delete(
      `${GH_ROOT}.artifacts/deployment/release-archive-manifest.json`,
    );
    const reads = github.treeReads;
    const res = await postGithub(
      githubPush(['.artifacts/deployment/deployment-report.json']),
    );
    expect(res.status).toBe(202);
    await until(async () => (await status('payments'))?.[1] === 'failed');
    expect(github.treeReads - reads).toBe(1);
    await until(async () =>
      signals.some(
        s =>
          s.channel === 'release-readiness:entity:component:default/payments',
      ),
    );
    expect(
      signals.find(
        s =>
          s.channel === 'release-readiness:entity:component:default/payments',
      )?.message,
    ).toEqual({
      entityRef: 'component:default/payments',
    });
  });

  it('refuses a GitHub push with a bad or missing signature and evaluates nothing', async () => {
    const reads = github.treeReads;
    const forged = await postGithub(
      githubPush(['.artifacts/deployment/deployment-report.json']),
      'not-the-secret',
    );
    expect(forged.status).toBe(403);
    const unsigned = await request(server)
      .post('/api/events/http/github')
      .set('Content-Type', 'application/json')
      .set('X-GitHub-Event', 'push')
      .send(
        JSON.stringify(
          githubPush(['.artifacts/deployment/deployment-report.json']),
        ),
      );
    expect(unsigned.status).toBe(403);
    await settle();
    expect(github.treeReads).toBe(reads);
  });

  it('ignores pushes that touch no protocol file or another repository', async () => {
    const reads = github.treeReads;
    expect(
      (await postGithub(githubPush(['src/index.ts', 'README.md']))).status,
    ).toBe(202);
    expect(
      await postGithub(
        githubPush(['.artifacts/deployment/a.json'], 'acme/other'),
      ),
    ).toMatchObject({ status: 202 });
    await settle();
    expect(github.treeReads).toBe(reads);
  });

  it('evaluates once for a burst of pushes', async () => {
    github.set(GH_ROOT, await sampleEvidence('deployment-failed'));
    github.delete(
      `${GH_ROOT}.artifacts/deployment/release-archive-manifest.json`,
    );
    const reads = github.treeReads;
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await postGithub(
            githubPush([`.artifacts/deployment/deployment-report.json`]),
          )
        ).status,
      ).toBe(202);
    }
    await until(async () => (await status('payments'))?.[1] === 'failed');
    await settle();
    expect(github.treeReads - reads).toBe(1);
  });

  it('re-evaluates on a GitLab push with the right token and refuses a wrong one', async () => {
    github.set(GL_ROOT, await sampleEvidence('deployment-failed'));
    github.delete(
      `${GL_ROOT}.artifacts/deployment/release-archive-manifest.json`,
    );
    const reads = github.treeReads;
    expect(
      (
        await postGitlab(
          gitlabPush(['.artifacts/deployment/deployment-report.json']),
          'wrong',
        )
      ).status,
    ).toBe(403);
    await settle();
    expect(github.treeReads).toBe(reads);
    expect(
      (
        await postGitlab(
          gitlabPush(['.artifacts/deployment/deployment-report.json']),
        )
      ).status,
    ).toBe(202);
    await until(async () => (await status('checkout'))?.[1] === 'failed');
    expect(github.treeReads - reads).toBe(1);
    expect(await status('payments')).toEqual(['passed', 'passed', 'passed']);
  });
});
