/**
 * The store and evaluator on SQLite and PostgreSQL: leases, history, stale
 * results, and two instances sharing one database.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { PROTOCOL11_DOCUMENT_FILE } from '@release-readiness/backstage-plugin-release-readiness-common';
import { sampleEvidence } from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import knexFactory, { Knex } from 'knex';
import { ReadinessEvaluator } from '../service/evaluator';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import { FakeRepositoryReader } from '../testUtils/reader';
import { migrateReadinessStore, ReadinessStore } from './ReadinessStore';
import { protocolEntity } from '../testUtils/entities';

jest.setTimeout(60_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const REPO = 'https://git.example.com/org/payments/blob/main/';
const entity: Entity = protocolEntity('payments', `url:${REPO}`, {
  owner: 'team-payments',
  lifecycle: 'production',
  system: 'commerce',
});

describe.each(databaseIds(databases))('ReadinessStore on %s', databaseId => {
  let db: Knex;
  let store: ReadinessStore;
  let reader: FakeRepositoryReader;
  const logger = mockServices.logger.mock();
  const evaluator = (s = store) =>
    new ReadinessEvaluator({ store: s, reader, logger, pollMs: 20 });

  beforeEach(async () => {
    db = await databases.init(databaseId);
    await migrateReadinessStore(db);
    store = new ReadinessStore(db);
    reader = new FakeRepositoryReader();
    reader.setFiles(REPO, {
      [PROTOCOL11_DOCUMENT_FILE]: '# Protocol 11\n',
      ...(await sampleEvidence('all-passed')),
    });
  });

  it('stores the result with its facts as columns', async () => {
    const stored = await evaluator().evaluate(entity, { wait: true });
    expect(stored).toMatchObject({
      entityRef: 'component:default/payments',
      owner: 'group:default/team-payments',
      system: 'system:default/commerce',
      lifecycle: 'production',
      overall: 'passed',
      handoffReady: true,
      gates: {
        'release-authorization': 'passed',
        'production-deployment': 'passed',
        'stabilization-handoff': 'passed',
      },
      documentUrl: `${REPO}${PROTOCOL11_DOCUMENT_FILE}`,
      evidenceBaseUrl: `${REPO}.artifacts/deployment/`,
    });
    expect(stored?.leaseOwner).toBeUndefined();
  });

  it('records history only when a gate changes', async () => {
    const e = evaluator();
    await e.evaluate(entity, { wait: true });
    await e.evaluate(entity, { wait: true });
    expect(await store.history('component:default/payments')).toHaveLength(3);
    reader.setFiles(REPO, await sampleEvidence('deployment-failed'));
    reader.files.delete(
      `${REPO}.artifacts/deployment/release-archive-manifest.json`,
    );
    await e.evaluate(entity, { wait: true });
    const history = await store.history('component:default/payments');
    expect(
      history.slice(3).map(h => [h.gateId, h.previousStatus, h.status]),
    ).toEqual([
      ['production-deployment', 'passed', 'failed'],
      ['stabilization-handoff', 'passed', 'blocked'],
    ]);
    expect(history[0].previousStatus).toBeUndefined();
  });

  it('keeps the last result when the repository cannot be read, then clears stale', async () => {
    const e = evaluator();
    const good = await e.evaluate(entity, { wait: true });
    reader.failure = 'connect ECONNREFUSED git.example.com';
    const first = await e.evaluate(entity, { wait: true });
    reader.failure = 'HTTP 503 from git.example.com';
    const second = await e.evaluate(entity, { wait: true });
    expect(second?.readiness).toEqual(good?.readiness);
    expect(second?.stale?.since).toEqual(first?.stale?.since);
    expect(second?.stale?.reason).toContain('HTTP 503');
    reader.failure = undefined;
    const cleared = await e.evaluate(entity, { wait: true });
    expect(cleared?.stale).toBeUndefined();
    expect(cleared?.overall).toBe('passed');
  });

  it('lets only one of two instances evaluate an entity at once; both see the same result', async () => {
    const other = databaseId.startsWith('POSTGRES')
      ? knexFactory(db.client.config)
      : db;
    try {
      const a = evaluator(store);
      const b = evaluator(new ReadinessStore(other));
      let open!: () => void;
      reader.gate = new Promise(resolve => {
        open = resolve;
      });
      const first = a.evaluate(entity, { wait: true });
      const second = b.evaluate(entity, { wait: true });
      await new Promise(resolve => setTimeout(resolve, 300));
      open();
      const [ra, rb] = await Promise.all([first, second]);
      expect(reader.folderReads).toBe(1);
      expect(ra?.readiness).toBeDefined();
      expect(rb).toEqual(ra);
      expect(await store.history('component:default/payments')).toHaveLength(3);
    } finally {
      if (other !== db) await other.destroy();
    }
  });

  it('refuses a lease another instance holds until it expires', async () => {
    const facts = {
      entityRef: 'component:default/x',
      kind: 'Component',
      namespace: 'default',
      name: 'x',
    };
    expect(await store.claim(facts, 'a', 1000, 500)).toBe(true);
    expect(await store.claim(facts, 'b', 1200, 500)).toBe(false);
    expect(await store.claim(facts, 'b', 1600, 500)).toBe(true);
    await store.release(facts.entityRef, 'b');
    expect(await store.claim(facts, 'a', 1700, 500)).toBe(true);
  });

  it('drops a result whose lease was lost', async () => {
    const facts = {
      entityRef: 'component:default/x',
      kind: 'Component',
      namespace: 'default',
      name: 'x',
    };
    await store.claim(facts, 'a', 1000, 500);
    await store.claim(facts, 'b', 2000, 500);
    const readiness = (await evaluator().evaluate(entity, { wait: true }))!
      .readiness!;
    expect(
      await store.saveResult(facts.entityRef, 'a', {
        readiness,
        evaluatedAt: new Date(),
      }),
    ).toBe(false);
    expect(
      await store.saveResult(facts.entityRef, 'b', {
        readiness,
        evaluatedAt: new Date(),
      }),
    ).toBe(true);
    expect((await store.get(facts.entityRef))?.overall).toBe('passed');
  });

  it('forgets entities the scheduled run no longer sees', async () => {
    await evaluator().evaluate(entity, { wait: true });
    const now = Date.now() + 1000;
    await store.markSeen([], now);
    expect(await store.sweep(now, now)).toBe(1);
    expect(await store.get('component:default/payments')).toBeUndefined();
    expect(await store.history('component:default/payments')).toEqual([]);
  });
});
