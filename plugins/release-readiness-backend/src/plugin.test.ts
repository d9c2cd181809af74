/**
 * The plugin over real HTTP, on SQLite and PostgreSQL: every route, the
 * sample services, permissions, stale results, bad evidence and bad input.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  ComplianceListResponse,
  EntityReadinessResponse,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { sampleEvidence } from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import { mkdirSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { releaseReadinessPlugin } from './plugin';
import {
  cannotReadEntityNamed,
  PermissionedCatalog,
} from './testUtils/catalog';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from './testUtils/databases';
import { sampleWorkspace, SampleWorkspace } from './testUtils/samples';
import { protocolEntity } from './testUtils/entities';

jest.setTimeout(60_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob'; // may not read payments-api
const canRead = (user: string, entity: Entity) =>
  user !== BOB || entity.metadata.name !== 'payments-api';
const gates = (r: EntityReadinessResponse) =>
  r.readiness?.gates.map(g => g.status);
const EVIDENCE = '.artifacts/deployment/';

describe.each(databaseIds(databases))(
  'release-readiness backend on %s',
  databaseId => {
    let ws: SampleWorkspace;
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
    const get = (path: string, user = ALICE) =>
      request(server)
        .get(`/api/release-readiness${path}`)
        .set('Authorization', mockCredentials.user.header(user));
    const refresh = (name: string, user = ALICE) =>
      request(server)
        .post(
          `/api/release-readiness/entities/component/default/${name}/refresh`,
        )
        .set('Authorization', mockCredentials.user.header(user));

    beforeEach(async () => {
      ws = sampleWorkspace();
      const entities = ws.entities.map(e =>
        e.metadata.name === 'payments-api'
          ? {
              ...e,
              metadata: { ...e.metadata, title: '=cmd|"/c calc"!A1, evil' },
            }
          : e,
      );
      // Annotated, but its folder has no document and no form.
      mkdirSync(join(ws.root, 'no-document'));
      entities.push(
        protocolEntity(
          'no-document',
          `file:${join(ws.root, 'no-document', 'catalog-info.yaml')}`,
          { owner: 'group:default/team-search', lifecycle: 'experimental' },
        ),
      );
      const knex = await databases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          releaseReadinessPlugin,
          new PermissionedCatalog(entities, canRead).factory(),
          // The same rule as the catalog fake, as a permission decision
          // (the compliance routes apply it in SQL).
          cannotReadEntityNamed(BOB, 'payments-api'),
          mockServices.database.factory({ knex }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          mockServices.rootConfig.factory({
            data: { releaseReadiness: { localSources: { roots: [ws.root] } } },
          }),
        ],
      }));
      // The catalog mirror syncs at startup; wait until it holds every entity.
      for (let i = 0; ; i++) {
        const res = await get('/compliance/summary');
        if (res.body.total === entities.length) break;
        if (i > 300) throw new Error(`mirror never synced: ${res.text}`);
        await new Promise(r => setTimeout(r, 100));
      }
    });

    afterEach(() => ws.cleanup());

    it('refuses callers without credentials on every route', async () => {
      const paths = [
        ['get', '/entities/component/default/payments-api'],
        ['post', '/entities/component/default/payments-api/refresh'],
        ['get', '/entities/component/default/payments-api/history'],
        ['get', '/compliance'],
        ['get', '/compliance/summary'],
        ['get', '/compliance/export.csv'],
      ] as const;
      for (const [method, path] of paths) {
        const res = await request(server)[method](
          `/api/release-readiness${path}`,
        );
        expect([path, res.status]).toEqual([path, 401]);
      }
    });

    it.each([
      ['payments-api', 'passed', ['passed', 'passed', 'passed']],
      ['checkout-web', 'failed', ['failed', 'blocked', 'blocked']],
      ['inventory-service', 'failed', ['passed', 'failed', 'blocked']],
      ['search-indexer', 'failed', ['passed', 'passed', 'failed']],
      ['notification-worker', 'error', ['error', 'blocked', 'blocked']],
      ['ledger-service', 'failed', ['passed', 'passed', 'failed']],
    ])('pins sample %s: %s %j', async (name, overall, statuses) => {
      const res = await get(`/entities/component/default/${name}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: `component:default/${name}`,
        hasProtocol: true,
      });
      expect(res.body.readiness.overall).toBe(overall);
      expect(gates(res.body)).toEqual(statuses);
      expect(res.body.evaluatedAt).toEqual(expect.any(String));
      expect(res.body.documentUrl).toBe(
        `file://${ws.dir(name)}/11-production-deployment-release-management.md`,
      );
      expect(res.body.evidenceBaseUrl).toBe(
        `file://${ws.dir(name)}/${EVIDENCE}`,
      );
    });

    it('pins why each sample stops where it does', async () => {
      const body = async (name: string) =>
        (await get(`/entities/component/default/${name}`))
          .body as EntityReadinessResponse;
      const payments = await body('payments-api');
      expect(payments.readiness?.handoffReady).toBe(true);
      expect(payments.readiness?.protocol12.ready).toBe(true);
      const blocking = (r: EntityReadinessResponse, status: string) =>
        r
          .readiness!.gates.flatMap(g => g.criteria)
          .filter(c => c.status === status)
          .map(c => c.file);
      expect(blocking(await body('checkout-web'), 'failed')).toContain(
        `${EVIDENCE}release-approvals.json`,
      );
      expect(blocking(await body('inventory-service'), 'failed')).toContain(
        `${EVIDENCE}production-deployment-report.json`,
      );
      expect(blocking(await body('search-indexer'), 'failed')).toContain(
        `${EVIDENCE}release-health-report.md`,
      );
      expect(blocking(await body('notification-worker'), 'error')).toContain(
        `${EVIDENCE}release-approvals.json`,
      );
      expect(blocking(await body('ledger-service'), 'failed')).toContain(
        `${EVIDENCE}release-archive-manifest.json`,
      );
    });

    it('answers hasProtocol false without the annotation, and pending gates without the document', async () => {
      const none = await get('/entities/component/default/recommendations-api');
      expect(none.body).toEqual({
        entityRef: 'component:default/recommendations-api',
        hasProtocol: false,
      });
      const missing = await get('/entities/component/default/no-document');
      expect(missing.body.hasProtocol).toBe(true);
      expect(gates(missing.body)).toEqual(['pending', 'pending', 'pending']);
      expect(missing.body.readiness.gates[0].summary).toContain(
        '11-production-deployment-release-management.md was not found',
      );
    });

    it('evaluated every annotated entity in the scheduled run at startup, and lists the others as no-protocol', async () => {
      const res = await get('/compliance?limit=500');
      const items = (res.body as ComplianceListResponse).items;
      expect(res.body.totalCount).toBe(8);
      const annotated = items.filter(r => r.hasProtocol);
      expect(annotated).toHaveLength(7);
      expect(annotated.every(r => r.evaluatedAt && r.gates)).toBe(true);
      expect(items.filter(r => !r.hasProtocol)).toEqual([
        expect.objectContaining({
          name: 'recommendations-api',
          overall: 'no-protocol',
          handoffReady: false,
        }),
      ]);
      expect(items.find(r => !r.hasProtocol)?.gates).toBeUndefined();
      const summary = (await get('/compliance/summary')).body;
      expect(summary).toMatchObject({ total: 8, withProtocol: 7 });
      expect(summary.overall['no-protocol']).toBe(1);
    });

    it('shows a user only the entities they may read, on every route', async () => {
      for (const path of ['', '/history']) {
        const res = await get(
          `/entities/component/default/payments-api${path}`,
          BOB,
        );
        expect(res.status).toBe(404);
        expect(res.body.error.name).toBe('NotFoundError');
      }
      expect((await refresh('payments-api', BOB)).status).toBe(404);
      const list = (await get('/compliance?limit=500', BOB))
        .body as ComplianceListResponse;
      expect(list.totalCount).toBe(7);
      expect(list.items.map(i => i.name)).not.toContain('payments-api');
      const summary = (await get('/compliance/summary', BOB)).body;
      expect(summary.total).toBe(7);
      expect(summary.overall.passed).toBeUndefined();
      const csv = (await get('/compliance/export.csv', BOB)).text;
      expect(csv).not.toContain('payments-api');
      expect(csv.trim().split('\r\n')).toHaveLength(8);
      expect((await get('/compliance/summary')).body.overall.passed).toBe(1);
    });

    it('flips a gate on refresh after the evidence changes, and records the change', async () => {
      const before = await get('/entities/component/default/checkout-web');
      expect(gates(before.body)?.[0]).toBe('failed');
      const approvals = (await sampleEvidence('all-passed'))[
        `${EVIDENCE}release-approvals.json`
      ];
      writeFileSync(
        join(ws.dir('checkout-web'), EVIDENCE, 'release-approvals.json'),
        approvals,
      );
      const after = await refresh('checkout-web');
      expect(after.status).toBe(200);
      expect(gates(after.body)).toEqual(['passed', 'pending', 'blocked']);
      const history = await get(
        '/entities/component/default/checkout-web/history',
      );
      expect(history.body.entityRef).toBe('component:default/checkout-web');
      expect(history.body.items.slice(-2)).toEqual([
        {
          gateId: 'release-authorization',
          status: 'passed',
          previousStatus: 'failed',
          changedAt: after.body.evaluatedAt,
        },
        {
          gateId: 'production-deployment',
          status: 'pending',
          previousStatus: 'blocked',
          changedAt: after.body.evaluatedAt,
        },
      ]);
    });

    it('serves the last result, marked stale, while the repository cannot be read', async () => {
      const good = await get('/entities/component/default/payments-api');
      renameSync(ws.dir('payments-api'), `${ws.dir('payments-api')}-moved`);
      const first = await refresh('payments-api');
      const second = await refresh('payments-api');
      expect(second.body.readiness).toEqual(good.body.readiness);
      expect(second.body.evaluatedAt).toBe(good.body.evaluatedAt);
      expect(second.body.stale.since).toBe(first.body.stale.since);
      expect(second.body.stale.reason).toMatch(
        /could not read the repository: folder .* not found/,
      );
      const row = (await get('/compliance?q=payments-api')).body.items[0];
      expect(row.stale).toEqual(second.body.stale);
      renameSync(`${ws.dir('payments-api')}-moved`, ws.dir('payments-api'));
      const back = await refresh('payments-api');
      expect(back.body.stale).toBeUndefined();
      expect(back.body.readiness.overall).toBe('passed');
    });

    it('reports corrupt and oversized evidence as errors', async () => {
      const dir = join(ws.dir('payments-api'), EVIDENCE);
      writeFileSync(join(dir, 'release-approvals.json'), '{"approvals": [ }');
      writeFileSync(
        join(dir, 'rollback-plan.md'),
        `# Rollback\n${'x'.repeat(1024 * 1024 + 10)}`,
      );
      const res = await refresh('payments-api');
      expect(res.body.readiness.overall).toBe('error');
      const criteria = res.body.readiness.gates[0].criteria as Array<{
        file: string;
        status: string;
        reason: string;
      }>;
      const of = (file: string) =>
        criteria.filter(c => c.file === `${EVIDENCE}${file}`);
      expect(
        of('release-approvals.json').every(c => c.status === 'error'),
      ).toBe(true);
      expect(
        of('rollback-plan.md').every(
          c =>
            c.status === 'error' &&
            /over the 1048576-byte limit/.test(c.reason),
        ),
      ).toBe(true);
    });

    it('filters, sorts and pages the compliance list in SQL with a total count', async () => {
      const names = async (query: string) => {
        const res = await get(`/compliance?${query}`);
        expect([query, res.status, res.body.error?.message]).toEqual([
          query,
          200,
          undefined,
        ]);
        return {
          names: (res.body as ComplianceListResponse).items.map(i => i.name),
          total: res.body.totalCount,
        };
      };
      expect(await names('owner=team-payments')).toEqual({
        names: ['ledger-service', 'payments-api'],
        total: 2,
      });
      // team-search also owns recommendations-api, listed without Protocol 11
      expect(
        (await names('owner=team-payments,group:default/team-search')).total,
      ).toBe(5);
      expect((await names('owner=team-payments&owner=team-search')).total).toBe(
        5,
      );
      expect((await names('status=failed')).total).toBe(4);
      expect(
        (await names('gate=production-deployment&status=blocked')).names,
      ).toEqual(['checkout-web', 'notification-worker']);
      expect((await names('q=LEDGER')).names).toEqual(['ledger-service']);
      expect(
        (await names('kind=component&lifecycle=experimental')).names,
      ).toEqual(['no-document', 'notification-worker', 'recommendations-api']);
      expect((await names('system=commerce')).total).toBe(3);
      // worst first: an error, then the failures by ref
      expect((await names('sort=overall&limit=3')).names).toEqual([
        'notification-worker',
        'checkout-web',
        'inventory-service',
      ]);
      // passed and no Protocol 11 last
      expect((await names('sort=overall&order=desc&limit=2')).names).toEqual([
        'recommendations-api',
        'payments-api',
      ]);
      expect((await names('status=no-protocol')).names).toEqual([
        'recommendations-api',
      ]);
      expect(await names('sort=name&offset=2&limit=2')).toEqual({
        names: ['ledger-service', 'no-document'],
        total: 8,
      });
      const page = await get('/compliance?limit=1');
      expect(page.body).toMatchObject({ offset: 0, limit: 1, totalCount: 8 });
      expect(page.body.items[0]).toMatchObject({
        entityRef: 'component:default/checkout-web',
        kind: 'Component',
        owner: 'group:default/team-checkout',
        system: 'system:default/commerce',
        lifecycle: 'production',
        overall: 'failed',
        gates: {
          'release-authorization': 'failed',
          'production-deployment': 'blocked',
          'stabilization-handoff': 'blocked',
        },
        handoffReady: false,
      });
    });

    it('summarises counts per gate and status', async () => {
      const res = await get('/compliance/summary?system=commerce');
      expect(res.body).toEqual({
        total: 3,
        withProtocol: 3,
        overall: { passed: 1, failed: 2 },
        gates: {
          'release-authorization': { passed: 2, failed: 1 },
          'production-deployment': { passed: 2, blocked: 1 },
          'stabilization-handoff': { passed: 1, failed: 1, blocked: 1 },
        },
      });
    });

    it('exports CSV with quoting and formula cells neutralised', async () => {
      const res = await get('/compliance/export.csv?sort=name');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      const lines = res.text.split('\r\n');
      expect(lines[0]).toBe(
        'entityRef,kind,namespace,name,title,type,owner,system,lifecycle,tags,hasProtocol,overall,release-authorization,production-deployment,stabilization-handoff,handoffReady,evaluatedAt,staleSince,staleReason',
      );
      expect(lines).toHaveLength(10); // header, 8 rows, final empty string
      expect(res.headers['content-length']).toBe(
        String(Buffer.byteLength(res.text)),
      );
      const payments = lines.find(l =>
        l.startsWith('component:default/payments-api'),
      );
      expect(payments).toContain(
        `,"'=cmd|""/c calc""!A1, evil",service,group:default/team-payments,`,
      );
    });

    it.each([
      ['/compliance?sort=bogus', 'sort'],
      ['/compliance?order=up', 'order'],
      ['/compliance?status=bogus', 'status'],
      ['/compliance?gate=nope', 'gate'],
      ['/compliance?offset=-1', 'offset'],
      ['/compliance?limit=501', 'limit'],
      ['/compliance?limit=abc', 'limit'],
      ['/compliance/summary?status=passed,nope', 'status'],
      ['/entities/comp~onent/default/payments-api', 'kind'],
      ['/entities/component/default/pay%20ments', 'name'],
    ])('answers %s with 400 naming %s', async (path, parameter) => {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(parameter);
    });

    it('answers 404 for an entity that does not exist', async () => {
      const res = await get('/entities/component/default/nope');
      expect(res.status).toBe(404);
    });
  },
);
