/**
 * The gate endpoint against a running backend with Backstage's own auth
 * (external access static tokens) and the README's pipeline snippets run as
 * written: the GitHub Actions step with bash, the GitLab job with sh, the
 * Argo Rollouts web metric's request, JSON path and success condition.
 */
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { GateCheckResponse } from '@release-readiness/backstage-plugin-release-readiness-common';
import { execFile } from 'child_process';
import { readFileSync, rmSync } from 'fs';
import { JSONPath } from 'jsonpath-plus';
import { join, resolve } from 'path';
import { parse } from 'yaml';
import { releaseReadinessPlugin } from './plugin';
import { PermissionedCatalog } from './testUtils/catalog';
import { sampleWorkspace, SampleWorkspace } from './testUtils/samples';

// Real backends start here: a loaded 2-core CI machine needs more than Jest's 5 s default.
jest.setTimeout(60_000);

const TOKEN = 'gate-token-0123456789';
// A token whose access restrictions do not grant reading catalog entities
// (Backstage decides service principals from their restrictions, not the policy).
const RESTRICTED_TOKEN = 'restricted-token-0123456789';

const README = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');

/** The YAML of the README's fenced block that starts with this comment line. */
function readmeYaml(firstLine: string): any {
  const blocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1]);
  const block = blocks.find(
    b =>
      b.startsWith(`${firstLine}\n`) &&
      b.includes('/api/release-readiness/gates/'),
  );
  if (!block)
    throw new Error(`README has no gate snippet starting with "${firstLine}"`);
  return parse(block);
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(
  shell: string,
  args: string[],
  env: Record<string, string>,
): Promise<Run> {
  return new Promise(done => {
    execFile(
      shell,
      args,
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) code = typeof error.code === 'number' ? error.code : 1;
        done({ code, stdout, stderr });
      },
    );
  });
}

describe('gate endpoint', () => {
  let ws: SampleWorkspace;
  let baseUrl: string;
  const gate = (path: string, token?: string) =>
    fetch(
      `${baseUrl}/api/release-readiness/gates/${path}`,
      token ? { headers: { Authorization: `Bearer ${token}` } } : {},
    );

  beforeAll(async () => {
    ws = sampleWorkspace();
    const { server } = await startTestBackend({
      features: [
        releaseReadinessPlugin,
        new PermissionedCatalog(ws.entities).factory(),
        permissionsServiceFactory,
        authServiceFactory,
        httpAuthServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://backstage.test' },
            backend: {
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: TOKEN, subject: 'ci-gates' },
                    accessRestrictions: [{ plugin: 'release-readiness' }],
                  },
                  {
                    type: 'static',
                    options: {
                      token: RESTRICTED_TOKEN,
                      subject: 'ci-restricted',
                    },
                    accessRestrictions: [
                      {
                        plugin: 'release-readiness',
                        permission: 'catalog.entity.create',
                      },
                    ],
                  },
                ],
              },
            },
            releaseReadiness: { localSources: { roots: [ws.root] } },
          },
        }),
      ],
    });
    baseUrl = `http://127.0.0.1:${server.port()}`;
  });

  afterAll(() => ws.cleanup());

  it('answers a blocked gate with the criteria that block it and a link to the tab', async () => {
    const res = await gate(
      'component/default/checkout-web?require=release-authorization',
      TOKEN,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as GateCheckResponse;
    expect(body).toMatchObject({
      entityRef: 'component:default/checkout-web',
      gate: { id: 'release-authorization', status: 'failed' },
      passed: false,
      url: 'http://backstage.test/catalog/default/component/checkout-web/release-readiness',
    });
    expect(body.blocking.length).toBeGreaterThan(0);
    expect(
      body.blocking.every(
        b =>
          b.gateId === 'release-authorization' &&
          b.status !== ('passed' as string),
      ),
    ).toBe(true);
    expect(body.blocking.map(b => b.file)).toContain(
      '.artifacts/deployment/release-approvals.json',
    );
    expect(body.message).toContain(body.blocking[0].file);
    expect(body.evaluatedAt).toEqual(expect.any(String));
  });

  it('passes a gate that passed and lists earlier gates that block a later one', async () => {
    const ok = (await (
      await gate(
        'component/default/payments-api?require=stabilization-handoff',
        TOKEN,
      )
    ).json()) as GateCheckResponse;
    expect(ok).toMatchObject({
      passed: true,
      blocking: [],
      gate: { id: 'stabilization-handoff', status: 'passed' },
    });
    const later = (await (
      await gate(
        'component/default/checkout-web?require=production-deployment',
        TOKEN,
      )
    ).json()) as GateCheckResponse;
    expect(later).toMatchObject({
      passed: false,
      gate: { id: 'production-deployment', status: 'blocked' },
    });
    expect(new Set(later.blocking.map(b => b.gateId))).toContain(
      'release-authorization',
    );
    const partly = (await (
      await gate(
        'component/default/search-indexer?require=release-authorization',
        TOKEN,
      )
    ).json()) as GateCheckResponse;
    expect(partly).toMatchObject({ passed: true, blocking: [] });
  });

  it('reads the repository for each request: evidence removed now blocks now', async () => {
    const path =
      'component/default/search-indexer?require=release-authorization';
    expect(
      ((await (await gate(path, TOKEN)).json()) as GateCheckResponse).passed,
    ).toBe(true);
    rmSync(
      join(
        ws.dir('search-indexer'),
        '.artifacts/deployment/release-approvals.json',
      ),
    );
    const after = (await (await gate(path, TOKEN)).json()) as GateCheckResponse;
    expect(after.passed).toBe(false);
    expect(after.blocking.map(b => b.file)).toContain(
      '.artifacts/deployment/release-approvals.json',
    );
  });

  it('says plainly that an entity without Protocol 11 cannot pass', async () => {
    const body = (await (
      await gate(
        'component/default/recommendations-api?require=release-authorization',
        TOKEN,
      )
    ).json()) as GateCheckResponse;
    expect(body.passed).toBe(false);
    expect(body.blocking).toEqual([]);
    expect(body.message).toContain('does not carry Protocol 11');
  });

  it('refuses missing and wrong tokens, unknown gates, and entities the caller may not read', async () => {
    expect(
      (
        await gate(
          'component/default/checkout-web?require=release-authorization',
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await gate(
          'component/default/checkout-web?require=release-authorization',
          'not-the-token-at-all',
        )
      ).status,
    ).toBe(401);
    const bad = await gate(
      'component/default/checkout-web?require=go-live',
      TOKEN,
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('require');
    const missing = await gate('component/default/checkout-web', TOKEN);
    expect(missing.status).toBe(400);
    expect(
      (
        await gate(
          'component/default/checkout-web?require=release-authorization',
          RESTRICTED_TOKEN,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await gate(
          'component/default/payments-api?require=release-authorization',
          RESTRICTED_TOKEN,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await gate(
          'component/default/no-such-service?require=release-authorization',
          TOKEN,
        )
      ).status,
    ).toBe(404);
  });

  describe('README snippets', () => {
    it('GitHub Actions step: fails the job while the gate is not passed, passes it once it is', async () => {
      const [step] = readmeYaml('# .github/workflows/deploy.yml (excerpt)');
      expect(step.env.BACKSTAGE_TOKEN).toBe(
        '${{ secrets.BACKSTAGE_GATE_TOKEN }}',
      );
      // As GitHub runs `run:` with its default shell: bash -e -o pipefail.
      const env = (entity: string) => ({
        BACKSTAGE_URL: baseUrl,
        BACKSTAGE_TOKEN: TOKEN,
        ENTITY: entity,
      });
      const blocked = await run(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run],
        env(step.env.ENTITY),
      );
      expect(step.env.ENTITY).toBe('component/default/checkout-web');
      expect(blocked.code).not.toBe(0);
      expect(blocked.stdout).toContain('Release Authorization');
      expect(blocked.stdout).toContain(
        '.artifacts/deployment/release-approvals.json',
      );
      const passed = await run(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run],
        env('component/default/payments-api'),
      );
      expect(passed).toMatchObject({ code: 0 });
      expect(passed.stdout).toContain(
        'passed for component:default/payments-api',
      );
      const unauthorized = await run(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run],
        {
          ...env('component/default/payments-api'),
          BACKSTAGE_TOKEN: 'wrong-token-0123456789',
        },
      );
      expect(unauthorized.code).not.toBe(0);
    });

    it('GitLab CI job: fails while the gate is not passed, passes once it is', async () => {
      const job = readmeYaml('# .gitlab-ci.yml (excerpt)')[
        'release-authorization-gate'
      ];
      // GitLab runs the script lines in order and stops at the first that fails.
      expect(
        (job.script as unknown[]).every(line => typeof line === 'string'),
      ).toBe(true);
      const script = (job.script as string[]).join('\n');
      const env = (entity: string) => ({
        BACKSTAGE_URL: baseUrl,
        BACKSTAGE_TOKEN: TOKEN,
        ENTITY: entity,
      });
      const blocked = await run(
        'sh',
        ['-ec', script],
        env(job.variables.ENTITY),
      );
      expect(job.variables.ENTITY).toBe('component/default/checkout-web');
      expect(blocked.code).not.toBe(0);
      expect(blocked.stdout).toContain('Release Authorization');
      const passed = await run(
        'sh',
        ['-ec', script],
        env('component/default/payments-api'),
      );
      expect(passed).toMatchObject({ code: 0 });
    });

    it('Argo Rollouts web metric: its request, JSON path and success condition decide as the gate', async () => {
      const template = readmeYaml('# analysis-template.yaml');
      expect(template.kind).toBe('AnalysisTemplate');
      const [metric] = template.spec.metrics;
      expect(metric.successCondition).toBe('result == true');
      const { web } = metric.provider;
      const measure = async (entity: string) => {
        const args: Record<string, string> = { entity, token: TOKEN };
        const fill = (text: string) =>
          text
            .replace(/\{\{args\.([\w-]+)\}\}/g, (_, name: string) => args[name])
            .replace('https://backstage.example.com', baseUrl);
        const headers = Object.fromEntries(
          (web.headers as { key: string; value: string }[]).map(h => [
            h.key,
            fill(h.value),
          ]),
        );
        const res = await fetch(fill(web.url), {
          headers,
          signal: AbortSignal.timeout(web.timeoutSeconds * 1000),
        });
        expect(res.status).toBe(200); // Argo counts any other status as an error of the measurement
        // Argo's jsonPath is Kubernetes JSONPath in braces.
        const result = JSONPath({
          path: web.jsonPath.replace(/^\{(.*)\}$/, '$1'),
          json: await res.json(),
          wrap: false,
        });
        return result === true; // the success condition
      };
      await expect(measure('component/default/checkout-web')).resolves.toBe(
        false,
      );
      await expect(measure('component/default/payments-api')).resolves.toBe(
        true,
      );
    });
  });
});
