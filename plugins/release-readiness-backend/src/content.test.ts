/**
 * `GET /entities/:kind/:namespace/:name/content` on a real backend over HTTP:
 * the document, the form and evidence files of the sample services, refused
 * for callers who may not read the entity, for paths that leave the evidence
 * folder and for files over the size limit.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { mkdirSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { releaseReadinessPlugin } from './plugin';
import { PermissionedCatalog } from './testUtils/catalog';
import { sampleWorkspace, SampleWorkspace } from './testUtils/samples';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob'; // may not read payments-api
const canRead = (user: string, entity: Entity) =>
  user !== BOB || entity.metadata.name !== 'payments-api';
const MAX_BYTES = 64 * 1024; // above the sample document's size

describe('content route', () => {
  let ws: SampleWorkspace;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const content = (name: string, file: string, user: string | null = ALICE) => {
    const req = request(server)
      .get(`/api/release-readiness/entities/component/default/${name}/content`)
      .query({ file });
    return user
      ? req.set('Authorization', mockCredentials.user.header(user))
      : req;
  };

  beforeEach(async () => {
    ws = sampleWorkspace();
    ({ server } = await startTestBackend({
      features: [
        releaseReadinessPlugin,
        new PermissionedCatalog(ws.entities, canRead).factory(),
        mockServices.database.factory(),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            releaseReadiness: {
              localSources: { roots: [ws.root] },
              maxEvidenceFileBytes: MAX_BYTES,
              schedule: { initialDelay: { hours: 1 } },
            },
          },
        }),
      ],
    }));
  });

  afterEach(() => ws.cleanup());

  it('serves the document, the form and evidence files as text with their media type', async () => {
    const doc = await content('payments-api', 'document');
    expect(doc.status).toBe(200);
    expect(doc.body).toMatchObject({
      path: '11-production-deployment-release-management.md',
      mediaType: 'text/markdown',
    });
    expect(doc.body.content).toMatch(/^# /m);
    expect(doc.body.content).toContain('Quality Gate');

    const form = await content('payments-api', 'form');
    expect(form.body).toMatchObject({
      path: 'protocol-input-form-11-deployment.yaml',
      mediaType: 'application/yaml',
    });

    const approvals = await content(
      'payments-api',
      '.artifacts/deployment/release-approvals.json',
    );
    expect(approvals.status).toBe(200);
    expect(approvals.body.mediaType).toBe('application/json');
    expect(JSON.parse(approvals.body.content)).toHaveProperty('required_roles');
    expect(approvals.body.size).toBe(Buffer.byteLength(approvals.body.content));

    const telemetry = await content(
      'payments-api',
      '.artifacts/deployment/deployment-telemetry.ndjson',
    );
    expect(telemetry.body.mediaType).toBe('application/x-ndjson');
  });

  it('answers 404 to a caller who may not read the entity, whatever the file', async () => {
    for (const file of [
      'document',
      'form',
      '.artifacts/deployment/release-approvals.json',
    ]) {
      const res = await content('payments-api', file, BOB);
      expect([file, res.status]).toEqual([file, 404]);
      expect(JSON.stringify(res.body)).not.toContain('required_roles');
    }
    // The same caller reads an entity they may see.
    expect((await content('checkout-web', 'document', BOB)).status).toBe(200);
  });

  it('answers 401 without credentials', async () => {
    expect((await content('payments-api', 'document', null)).status).toBe(401);
  });

  it.each([
    ['.artifacts/deployment/../catalog-info.yaml'],
    ['.artifacts/deployment/../../checkout-web/catalog-info.yaml'],
    ['../payments-api/catalog-info.yaml'],
    ['/etc/passwd'],
    ['catalog-info.yaml'],
    ['.artifacts/deployment/'],
    ['.artifacts/deployment//etc/passwd'],
    ['.artifacts/deployment/..\\catalog-info.yaml'],
  ])('refuses %s with 400 naming the file parameter', async file => {
    const res = await content('payments-api', file);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('file must be');
  });

  it('refuses a symbolic link in the evidence folder that leads outside it', async () => {
    symlinkSync(
      join(ws.dir('payments-api'), 'catalog-info.yaml'),
      join(ws.dir('payments-api'), '.artifacts/deployment/link.yaml'),
    );
    const res = await content(
      'payments-api',
      '.artifacts/deployment/link.yaml',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('symbolic link');
  });

  it('serves nested evidence files and answers 404 for a missing one', async () => {
    mkdirSync(join(ws.dir('payments-api'), '.artifacts/deployment/logs'));
    writeFileSync(
      join(ws.dir('payments-api'), '.artifacts/deployment/logs/run.md'),
      '# run\n',
    );
    const nested = await content(
      'payments-api',
      '.artifacts/deployment/logs/run.md',
    );
    expect(nested.status).toBe(200);
    expect(nested.body.content).toBe('# run\n');
    const missing = await content(
      'checkout-web',
      '.artifacts/deployment/production-deployment-report.json',
    );
    expect(missing.status).toBe(404);
  });

  it('refuses a file over maxEvidenceFileBytes with 413, and a binary file with 400', async () => {
    const dir = join(ws.dir('payments-api'), '.artifacts/deployment');
    writeFileSync(join(dir, 'big.md'), 'x'.repeat(MAX_BYTES + 1));
    const big = await content('payments-api', '.artifacts/deployment/big.md');
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe(
      `.artifacts/deployment/big.md is ${MAX_BYTES + 1} bytes, over the ${MAX_BYTES}-byte limit (releaseReadiness.maxEvidenceFileBytes)`,
    );
    writeFileSync(join(dir, 'exactly.md'), 'x'.repeat(MAX_BYTES));
    expect(
      (await content('payments-api', '.artifacts/deployment/exactly.md'))
        .status,
    ).toBe(200);
    writeFileSync(
      join(dir, 'blob.json'),
      Buffer.from([0xff, 0xfe, 0x00, 0x81]),
    );
    const binary = await content(
      'payments-api',
      '.artifacts/deployment/blob.json',
    );
    expect(binary.status).toBe(400);
    expect(binary.body.error.message).toContain('not UTF-8 text');
  });

  it('answers 404 for an entity without Protocol 11, and never names a server path', async () => {
    const res = await content('recommendations-api', 'document');
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain(ws.root);
  });
});
