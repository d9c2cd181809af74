import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  canonicalProtocol11Form,
  parseProtocol11Form,
  validateProtocol11Document,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import request from 'supertest';
import catalogBackend from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import protocol11Module from '@release-readiness/backstage-plugin-scaffolder-backend-module-protocol11';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import gitlabModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { parse } from 'yaml';

const repoRoot = resolve(__dirname, '../..');
const template = parse(
  readFileSync(
    resolve(repoRoot, 'templates/protocol-11-release-management/template.yaml'),
    'utf8',
  ),
);
const formsDir = resolve(repoRoot, 'examples/forms');
const exampleForms = readdirSync(formsDir).filter(f => f.endsWith('.yaml'));
const DOC = '11-production-deployment-release-management.md';

type DryRunFile = { path: string; base64Content: string };

describe('the Protocol 11 template on a real Backstage backend', () => {
  let server: Parameters<typeof request>[0];
  let stop: () => Promise<void>;

  // Two services whose repositories live on GitHub and on GitLab (outside this machine: the
  // publish steps are only chosen, never run, in a dry run).
  const remote = join(
    mkdtempSync(join(tmpdir(), 'protocol11-remote-')),
    'remote.yaml',
  );
  writeFileSync(
    remote,
    ['github', 'gitlab']
      .map(
        host => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${host}-service
  annotations:
    backstage.io/source-location: url:https://${host}.com/acme/${host}-service/tree/main/
spec:
  type: service
  lifecycle: production
  owner: platform-team
`,
      )
      .join('---\n'),
  );

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        catalogBackend,
        scaffolderEntityModel,
        scaffolderBackend,
        protocol11Module,
        githubModule,
        gitlabModule,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Group',
                    'User',
                    'Location',
                    'Template',
                  ],
                },
              ],
              locations: [
                {
                  type: 'file',
                  target: resolve(repoRoot, 'catalog-info.yaml'),
                },
                { type: 'file', target: remote },
              ],
            },
            // A token that is never sent anywhere: GitHub stays outside this machine and the
            // publish step runs in dry-run mode.
            integrations: {
              github: [{ host: 'github.com', token: 'dry-run-only' }],
            },
            protocol11: {
              localDelivery: {
                roots: [resolve(repoRoot, 'examples/services')],
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
    // The catalog ingests the sample services and the template in the background.
    for (let i = 0; i < 120; i++) {
      const res = await request(server)
        .get(
          '/api/catalog/entities/by-name/template/default/protocol-11-release-management',
        )
        .set('Authorization', mockCredentials.user.header());
      const svc = await request(server)
        .get('/api/catalog/entities/by-name/component/default/payments-api')
        .set('Authorization', mockCredentials.user.header());
      const gh = await request(server)
        .get('/api/catalog/entities/by-name/component/default/gitlab-service')
        .set('Authorization', mockCredentials.user.header());
      if (res.status === 200 && svc.status === 200 && gh.status === 200) return;
      await new Promise(r => setTimeout(r, 500));
    }
    const loc = await request(server)
      .get(
        '/api/catalog/entities/by-name/location/default/protocol11-release-readiness',
      )
      .set('Authorization', mockCredentials.user.header());
    const names = await request(server)
      .get('/api/catalog/entities?fields=kind,metadata.name')
      .set('Authorization', mockCredentials.user.header());
    throw new Error(
      `the catalog did not ingest the template and the sample services: ${JSON.stringify(names.body)} ${JSON.stringify(loc.body.status ?? loc.status).slice(0, 1500)}`,
    );
  }, 90_000);

  afterAll(async () => stop?.());

  /** Dry-runs the template; a form's `phases` become the wizard's three phase parameters. */
  const dryRun = (values: Record<string, unknown>) => {
    const { phases, ...rest } = values as { phases?: unknown[] };
    const wizard = phases
      ? { ...rest, phase_1: phases[0], phase_2: phases[1], phase_3: phases[2] }
      : rest;
    return request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({ template, values: wizard, secrets: {}, directoryContents: [] });
  };

  const delivery = {
    entity: 'component:default/payments-api',
    delivery: 'local',
    targetPath: '',
  };

  async function expectGenerated(form: Record<string, unknown>) {
    const res = await dryRun({ ...form, ...delivery });
    expect(res.status).toBe(200);
    const failed = res.body.steps.filter(
      (s: { status: string }) => s.status === 'failed',
    );
    expect(failed).toEqual([]);
    const files: DryRunFile[] = res.body.directoryContents;
    const doc = files.find(f => f.path === DOC);
    expect(doc).toBeDefined();
    const markdown = Buffer.from(doc!.base64Content, 'base64').toString('utf8');
    const parsed = parseProtocol11Form(
      Buffer.from(
        files.find(f => f.path === 'protocol-input-form-11-deployment.yaml')!
          .base64Content,
        'base64',
      ).toString('utf8'),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const report = validateProtocol11Document(markdown, { form: parsed.form });
    expect(report.checks.filter(c => !c.passed)).toEqual([]);
    for (const phase of parsed.form.phases) {
      for (const step of phase.steps.filter(s => s.action_type === 'MUST')) {
        expect(markdown).toContain(step.action_title);
        expect(markdown).toContain(step.instructions);
        expect(markdown).toContain(step.communication_template);
      }
    }
    expect(files.map(f => f.path)).toContain('.artifacts/deployment/README.md');
  }

  it('generates a valid document from the canonical form as template values', async () => {
    await expectGenerated(
      canonicalProtocol11Form as unknown as Record<string, unknown>,
    );
  }, 60_000);

  it.each(exampleForms)(
    'generates a valid document from examples/forms/%s',
    async file => {
      await expectGenerated(
        parse(readFileSync(resolve(formsDir, file), 'utf8')),
      );
    },
    60_000,
  );

  it('refuses a blank guardrail, naming the field', async () => {
    const res = await dryRun({
      ...canonicalProtocol11Form,
      primary_guardrail: '   ',
      ...delivery,
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/primary_guardrail/);
  }, 60_000);

  it('refuses an unknown action type inside a phase, naming the field', async () => {
    const form = structuredClone(canonicalProtocol11Form) as unknown as {
      phases: { steps: { action_type: string }[] }[];
    };
    form.phases[1].steps[2].action_type = 'SHOULD';
    const res = await dryRun({ ...form, ...delivery });
    expect(res.status).toBe(400);
    // The wizard names the phase by its page: phases[1] is phase_2.
    expect(JSON.stringify(res.body)).toMatch(
      /phase_2\.steps\[2\]\.action_type/,
    );
  }, 60_000);

  it('refuses what only the form model knows (an evidence path outside .artifacts/deployment/), naming the field', async () => {
    const form = structuredClone(canonicalProtocol11Form) as unknown as {
      phases: { evidence_collection: { storage_location: string }[] }[];
    };
    form.phases[0].evidence_collection[0].storage_location = '../secrets.json';
    const res = await dryRun({ ...form, ...delivery });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'form.phases[0].evidence_collection[0].storage_location: must not contain ".."',
    );
  }, 60_000);

  it.each([
    ['github', 'pull-request', 'merge-request'],
    ['gitlab', 'merge-request', 'pull-request'],
  ])(
    'delivers to a %s repository through its publish action, chosen from its host',
    async (host, chosen, skipped) => {
      const res = await dryRun({
        ...canonicalProtocol11Form,
        entity: `component:default/${host}-service`,
        delivery: 'auto',
        targetPath: 'docs',
      });
      expect(res.status).toBe(200);
      const log = JSON.stringify(res.body.log);
      expect(log).toContain(
        `Skipping step ${skipped} because its if condition was false`,
      );
      expect(log).not.toContain(
        `Skipping step ${chosen} because its if condition was false`,
      );
      expect(log).toContain(
        `Beginning step ${chosen === 'pull-request' ? 'Open a pull request' : 'Open a merge request'}`,
      );
      expect(log).toContain(
        'Skipping step deliver-local because its if condition was false',
      );
      const files: DryRunFile[] = res.body.directoryContents;
      expect(files.map(f => f.path)).toContain(`docs/${DOC}`);
      // Registered from a file outside its repository: the output says what to add.
      expect(JSON.stringify(res.body.output)).toContain(
        `Add \\"release-readiness.io/protocol11: docs\\" under metadata.annotations of component:default/${host}-service in its catalog descriptor`,
      );
    },
    60_000,
  );

  it('delivers a file-registered entity locally with the annotation in its own descriptor, and renders clean output', async () => {
    const res = await dryRun({
      ...canonicalProtocol11Form,
      entity: 'component:default/recommendations-api',
      delivery: 'auto',
      targetPath: '',
    });
    expect(res.status).toBe(200);
    const files: DryRunFile[] = res.body.directoryContents;
    const descriptor = Buffer.from(
      files.find(f => f.path === 'catalog-info.yaml')!.base64Content,
      'base64',
    ).toString('utf8');
    const original = readFileSync(
      resolve(
        repoRoot,
        'examples/services/recommendations-api/catalog-info.yaml',
      ),
      'utf8',
    );
    expect(descriptor).toBe(
      original.replace(
        'release-readiness.io/sample-state: none\n',
        'release-readiness.io/sample-state: none\n    release-readiness.io/protocol11: .\n',
      ),
    );
    const output = JSON.stringify(res.body.output);
    expect(output).toContain(
      'Written into the folder of component:default/recommendations-api (recommendations-api)',
    );
    expect(output).toContain(
      'Added \\"release-readiness.io/protocol11: .\\" to catalog-info.yaml in the same change.',
    );
    expect(output).not.toContain('${{');
    expect(output).not.toContain(repoRoot);
  }, 60_000);

  it.each([
    [
      'a pull request for a file-registered entity',
      'component:default/recommendations-api',
      'pull-request',
      /delivery: a pull request \(GitHub\) needs a repository on GitHub/,
    ],
    [
      'local delivery outside the configured roots',
      'group:default/platform-team',
      'auto',
      /delivery: the folder of group:default\/platform-team is outside the roots configured for local delivery/,
    ],
  ])(
    'fails, saying why, for %s',
    async (_name, entity, deliveryKind, message) => {
      const res = await dryRun({
        ...canonicalProtocol11Form,
        entity,
        delivery: deliveryKind,
        targetPath: '',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    },
    60_000,
  );
});
