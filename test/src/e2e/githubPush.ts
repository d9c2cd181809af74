/*
 * A GitHub-hosted service for the browser tests and the freshness bench: a
 * fake GitHub on 127.0.0.1 (the one the backend's rate-limit tests use: what
 * Backstage's GitHub UrlReader asks — commits, tarball, contents, with ETags)
 * holding a copy of a sample service with its catalog file, the portal
 * configuration that points the GitHub integration and the webhook secret at
 * it, and signed `push` webhooks posted to the portal's events endpoint.
 */
import { createHmac } from 'crypto';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { stringify } from 'yaml';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- a test helper of the backend, not a published export
import { FakeGithubServer } from '../../../plugins/release-readiness-backend/src/testUtils/fakeGithubServer';
import { BACKEND_URL, repoRoot } from './portal';

export const WEBHOOK_SECRET = 'e2e-github-webhook-secret';
export const GITHUB_OWNER = 'acme';
export { FakeGithubServer };

/** The files of a sample service folder, by repository path (catalog-info.yaml left out). */
export function sampleRepoFiles(service: string): Record<string, string> {
  const root = join(repoRoot, 'examples/services', service);
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'catalog-info.yaml')
        files[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

/** Configuration for the portal: GitHub (github.com) served by the fake, and the webhook secret. */
export function githubConfig(github: FakeGithubServer) {
  return {
    integrations: {
      github: [
        {
          host: 'github.com',
          apiBaseUrl: github.apiBaseUrl,
          token: 'e2e-token',
        },
      ],
    },
    events: { modules: { github: { webhookSecret: WEBHOOK_SECRET } } },
  };
}

/**
 * The repository `acme/<name>`: a copy of a sample service's protocol files and
 * evidence, and its own catalog file (a component whose source is that
 * repository), which the catalog reads from the fake through the integration.
 */
export function githubServiceRepo(
  name: string,
  sample: string,
): Record<string, string> {
  return {
    ...sampleRepoFiles(sample),
    'catalog-info.yaml': stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        description: 'A service whose repository lives on GitHub',
        annotations: {
          'release-readiness.io/protocol11': '.',
          'backstage.io/source-location': `url:https://github.com/${GITHUB_OWNER}/${name}/tree/main/`,
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'team-checkout',
        system: 'commerce',
      },
    }),
  };
}

/** A GitHub `push` webhook body (docs.github.com, "Webhook events and payloads" → push). */
export function githubPushPayload(repo: string, modified: string[]) {
  const sha = (n: number) => n.toString(16).padStart(40, '0');
  const after = sha(Date.now());
  return {
    ref: 'refs/heads/main',
    before: sha(Date.now() - 1),
    after,
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://github.com/${repo}/compare/${after.slice(0, 12)}`,
    commits: [
      {
        id: after,
        tree_id: sha(Date.now() + 1),
        distinct: true,
        message: 'Update release evidence',
        timestamp: new Date().toISOString(),
        url: `https://github.com/${repo}/commit/${after}`,
        author: { name: 'Release Manager', email: 'rm@example.com' },
        committer: { name: 'Release Manager', email: 'rm@example.com' },
        added: [],
        removed: [],
        modified,
      },
    ],
    head_commit: null,
    repository: {
      id: 1296269,
      name: repo.split('/')[1],
      full_name: repo,
      private: true,
      owner: { login: repo.split('/')[0], id: 1 },
      html_url: `https://github.com/${repo}`,
      url: `https://api.github.com/repos/${repo}`,
      default_branch: 'main',
    },
    pusher: { name: 'rm', email: 'rm@example.com' },
    sender: { login: 'rm', id: 2 },
  };
}

/**
 * Posts a `push` webhook to the portal's events endpoint as GitHub does:
 * `X-Hub-Signature-256` is `sha256=` and the HMAC-SHA256 of the body with the
 * secret (GitHub docs, "Validating webhook deliveries"); `secret: null` sends
 * no signature. Resolves the answer's status.
 */
export async function postGithubPush(
  body: object,
  secret: string | null = WEBHOOK_SECRET,
): Promise<number> {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-GitHub-Event': 'push',
    'X-GitHub-Delivery': globalThis.crypto.randomUUID(),
  };
  if (secret !== null)
    headers['X-Hub-Signature-256'] = `sha256=${createHmac('sha256', secret)
      .update(text)
      .digest('hex')}`;
  const res = await fetch(`${BACKEND_URL}/api/events/http/github`, {
    method: 'POST',
    headers,
    body: text,
  });
  await res.text();
  return res.status;
}

/**
 * Registers `acme/<name>`'s catalog file (a `url` location on github.com, read
 * from the fake) with the portal's catalog as the guest user, and waits until
 * the component is in the catalog.
 */
export async function registerGithubService(
  token: string,
  name: string,
): Promise<void> {
  const target = `https://github.com/${GITHUB_OWNER}/${name}/blob/main/catalog-info.yaml`;
  const res = await fetch(`${BACKEND_URL}/api/catalog/locations`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ type: 'url', target }),
  });
  if (!res.ok)
    throw new Error(
      `registering ${target} answered ${res.status}: ${await res.text()}`,
    );
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const found = await fetch(
      `${BACKEND_URL}/api/catalog/entities/by-name/component/default/${name}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (found.ok) return;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(
    `component:default/${name} did not appear in the catalog within 120 s`,
  );
}
