/**
 * Resource limits of a form are ordinary form problems on a real backend: an
 * entity whose form becomes an alias bomb, nests too deep or grows too large
 * shows an error that names the problem (and its line where the file was
 * read), never its old pass and never a stale mark; a new entity with such a
 * form gets an error result.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  EVIDENCE_DIR,
  EntityReadinessResponse,
  PROTOCOL11_FORM_FILE,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { releaseReadinessPlugin } from './plugin';
import { PermissionedCatalog } from './testUtils/catalog';
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

/** Nine anchors, each a list of nine aliases of the one before. */
function aliasBomb(): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `protocol_number: "11"\n${lines.join('\n')}\n`;
}

const HOSTILE_FORMS: [string, () => string, RegExp][] = [
  [
    'an alias bomb',
    aliasBomb,
    /^the form is invalid: YAML aliases at line 3, column \d+ expand to too many values/,
  ],
  [
    'a form nested 200 deep',
    () =>
      `protocol_number: "11"\nphases: ${'['.repeat(200)}${']'.repeat(200)}\n`,
    /^the form is invalid: YAML nested more than 64 levels deep at line 2, column \d+/,
  ],
  [
    'a form over the size limit',
    () => `protocol_number: "11"\npurpose: "${'x'.repeat(1024 * 1024)}"\n`,
    /^the form is over the 1048576-byte limit/,
  ],
];

/** The payments-api sample (all gates passed) copied under a new name. */
function newEntity(ws: SampleWorkspace, name: string): Entity {
  const dir = join(ws.root, name);
  cpSync(ws.dir('payments-api'), dir, { recursive: true });
  return protocolEntity(name, `file:${join(dir, 'catalog-info.yaml')}`, {
    owner: 'group:default/team-payments',
    lifecycle: 'production',
  });
}

describe.each(databaseIds(databases))(
  'hostile forms on a backend on %s',
  databaseId => {
    let ws: SampleWorkspace;
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
    const get = (name: string) =>
      request(server)
        .get(`/api/release-readiness/entities/component/default/${name}`)
        .set('Authorization', mockCredentials.user.header());
    const refresh = (name: string) =>
      request(server)
        .post(
          `/api/release-readiness/entities/component/default/${name}/refresh`,
        )
        .set('Authorization', mockCredentials.user.header());

    /** The response shows the form problem as an error and nothing of a pass. */
    function expectFormError(body: EntityReadinessResponse, reason: RegExp) {
      expect(body.stale).toBeUndefined();
      expect(body.evaluatedAt).toEqual(expect.any(String));
      expect(body.readiness?.overall).toBe('error');
      expect(body.readiness?.handoffReady).toBe(false);
      expect(body.readiness?.gates.map(g => g.status)).toEqual([
        'error',
        'blocked',
        'blocked',
      ]);
      const form = body.readiness!.gates[0].criteria.filter(
        c => c.id === 'form.valid',
      );
      expect(form).toHaveLength(1);
      expect(form[0].status).toBe('error');
      expect(form[0].file).toMatch(new RegExp(`/${PROTOCOL11_FORM_FILE}$`));
      expect(form[0].reason).toMatch(reason);
    }

    const hostileNames = HOSTILE_FORMS.map((_, i) => `hostile-new-${i}`);

    beforeEach(async () => {
      ws = sampleWorkspace();
      const entities = [
        ...ws.entities,
        ...HOSTILE_FORMS.map(([, form], i) => {
          const entity = newEntity(ws, hostileNames[i]);
          writeFileSync(
            join(ws.root, hostileNames[i], PROTOCOL11_FORM_FILE),
            form(),
          );
          return entity;
        }),
      ];
      const knex = await databases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          releaseReadinessPlugin,
          new PermissionedCatalog(entities, () => true).factory(),
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: { releaseReadiness: { localSources: { roots: [ws.root] } } },
          }),
        ],
      }));
    });

    afterEach(() => ws.cleanup());

    it.each(HOSTILE_FORMS)(
      'an entity that had passed gets %s: the form problem, never the old pass',
      async (_name, form, reason) => {
        const before = await get('payments-api');
        expect(before.body.readiness.overall).toBe('passed');
        writeFileSync(
          join(ws.dir('payments-api'), PROTOCOL11_FORM_FILE),
          form(),
        );
        const after = await refresh('payments-api');
        expect(after.status).toBe(200);
        expectFormError(after.body, reason);
        expect(after.body.evaluatedAt).not.toBe(before.body.evaluatedAt);
        const stored = await get('payments-api');
        expectFormError(stored.body, reason);
        const row = (
          await request(server)
            .get('/api/release-readiness/compliance?q=payments-api')
            .set('Authorization', mockCredentials.user.header())
        ).body.items[0];
        expect(row.overall).toBe('error');
        expect(row.stale).toBeUndefined();
      },
    );

    it('reads a form and evidence saved with a UTF-8 byte order mark as the same bytes without it', async () => {
      const before = await get('payments-api');
      expect(before.body.readiness.overall).toBe('passed');
      const dir = ws.dir('payments-api');
      const files = [
        PROTOCOL11_FORM_FILE,
        ...readdirSync(join(dir, EVIDENCE_DIR)).map(f => `${EVIDENCE_DIR}${f}`),
      ];
      for (const file of files)
        writeFileSync(
          join(dir, file),
          Buffer.concat([
            Buffer.from([0xef, 0xbb, 0xbf]),
            readFileSync(join(dir, file)),
          ]),
        );
      const after = await refresh('payments-api');
      expect(after.status).toBe(200);
      expect(after.body.stale).toBeUndefined();
      expect(after.body.evaluatedAt).not.toBe(before.body.evaluatedAt);
      const statuses = (body: EntityReadinessResponse) =>
        body.readiness!.gates.flatMap(g =>
          g.criteria.map(c => `${c.id} ${c.file}: ${c.status}`),
        );
      // The archive manifest hashes bytes, not text: the mark changes every hash, by design.
      const HASHES =
        'archive-manifest.hashes .artifacts/deployment/release-archive-manifest.json';
      expect(statuses(after.body)).toEqual(
        statuses(before.body).map(s =>
          s.startsWith(HASHES) ? `${HASHES}: failed` : s,
        ),
      );
      expect(statuses(before.body)).toContain(`${HASHES}: passed`);
    });

    it.each(HOSTILE_FORMS.map(([name, , reason], i) => [name, i, reason]))(
      'a new entity with %s gets an error result',
      async (_name, i, reason) => {
        const res = await get(hostileNames[i as number]);
        expect(res.status).toBe(200);
        expect(res.body.hasProtocol).toBe(true);
        expectFormError(res.body, reason as RegExp);
      },
    );
  },
);
