/**
 * Crash safety on SQLite and PostgreSQL: a lease whose holder is gone is taken
 * over at once, a live holder's is not, and a refresh never answers with a
 * result older than its own request.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { PROTOCOL11_DOCUMENT_FILE } from '@release-readiness/backstage-plugin-release-readiness-common';
import { sampleEvidence } from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import { spawnSync } from 'child_process';
import { Knex } from 'knex';
import { migrateReadinessStore, ReadinessStore } from '../store/ReadinessStore';
import { entityFacts } from './facts';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import { FakeRepositoryReader } from '../testUtils/reader';
import { ReadinessEvaluator } from './evaluator';
import { InstanceLiveness, newInstanceId } from './liveness';
import { hostname } from 'os';
import { protocolEntity } from '../testUtils/entities';

jest.setTimeout(60_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const REPO = 'https://git.example.com/org/payments/blob/main/';
const entity: Entity = protocolEntity('payments', `url:${REPO}`);
const REF = 'component:default/payments';
/** Long enough that waiting for a lease to expire would time the test out. */
const LEASE_MS = 10 * 60_000;

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, [
    '-e',
    'process.stdout.write(String(process.pid))',
  ]);
  return Number(child.stdout.toString());
}

describe.each(databaseIds(databases))('crash safety on %s', databaseId => {
  let db: Knex;
  let store: ReadinessStore;
  let reader: FakeRepositoryReader;
  const logger = mockServices.logger.mock();
  const liveness: InstanceLiveness[] = [];

  async function instance(options: { goneAfterMs?: number } = {}) {
    const instanceId = newInstanceId();
    const live = new InstanceLiveness({
      store,
      instanceId,
      logger,
      goneAfterMs: options.goneAfterMs,
    });
    await live.start();
    liveness.push(live);
    return new ReadinessEvaluator({
      store,
      reader,
      logger,
      instanceId,
      isGone: live.isGone,
      leaseMs: LEASE_MS,
      pollMs: 20,
    });
  }

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

  afterEach(async () => {
    for (const live of liveness.splice(0)) await live.stop();
  });

  it('takes over the lease of a process on this host that is gone (kill -9)', async () => {
    const first = await instance();
    await first.evaluate(entity, { wait: true });
    // A backend that died while evaluating: its lease is held for 10 more minutes.
    const dead = [hostname(), deadPid(), 'crashed'].join('|');
    expect(
      await store.claim(entityFacts(entity), dead, Date.now(), LEASE_MS),
    ).toBe(true);
    reader.setFiles(REPO, await sampleEvidence('deployment-failed'));
    const requestedAt = Date.now();
    const after = await (
      await instance()
    ).evaluate(entity, { wait: true, notBefore: requestedAt });
    expect(after?.evaluatedAt!.getTime()).toBeGreaterThanOrEqual(requestedAt);
    expect(after?.gates['production-deployment']).toBe('failed');
    expect(after?.leaseOwner).toBeUndefined();
  });

  it('takes over the lease of an instance on another host whose heartbeat stopped', async () => {
    const evaluator = await instance({ goneAfterMs: 1000 });
    const elsewhere = ['other-host', 4242, 'x'].join('|');
    await store.heartbeat(elsewhere, Date.now() - 5000);
    expect(
      await store.claim(entityFacts(entity), elsewhere, Date.now(), LEASE_MS),
    ).toBe(true);
    const requestedAt = Date.now();
    const result = await evaluator.evaluate(entity, {
      wait: true,
      notBefore: requestedAt,
    });
    expect(result?.overall).toBe('passed');
    expect(result?.evaluatedAt!.getTime()).toBeGreaterThanOrEqual(requestedAt);
  });

  it('leaves the lease of a live instance alone and waits for its result', async () => {
    const evaluator = await instance();
    const other = await instance();
    let open!: () => void;
    reader.gate = new Promise(resolve => (open = resolve));
    const running = other.evaluate(entity, { wait: true });
    await waitUntil(
      async () => (await store.get(REF))?.leaseOwner === other.instanceId,
    );
    // Not taken over: a second claim fails while the holder runs.
    expect(
      await store.claim(
        entityFacts(entity),
        evaluator.instanceId,
        Date.now(),
        LEASE_MS,
        { isGone: async () => false },
      ),
    ).toBe(false);
    const waiting = evaluator.evaluate(entity, { wait: true });
    open();
    const [a, b] = await Promise.all([running, waiting]);
    expect(a?.overall).toBe('passed');
    expect(b?.evaluatedAt).toEqual(a?.evaluatedAt);
  });

  it('never answers a refresh with a result that began before the request', async () => {
    const a = await instance();
    const b = await instance();
    await a.evaluate(entity, { wait: true });
    let open!: () => void;
    reader.gate = new Promise(resolve => (open = resolve));
    // A's evaluation starts and reads the old evidence...
    const running = a.evaluate(entity, { wait: true });
    await waitUntil(async () => reader.folderReads >= 2);
    // ...the evidence changes, and a refresh comes in on B.
    reader.setFiles(REPO, await sampleEvidence('deployment-failed'));
    reader.files.delete(
      `${REPO}.artifacts/deployment/release-archive-manifest.json`,
    );
    const requestedAt = Date.now();
    const refresh = b.evaluate(entity, { wait: true, notBefore: requestedAt });
    await new Promise(resolve => setTimeout(resolve, 50));
    const before = reader.folderReads;
    open();
    reader.gate = undefined;
    const [old, fresh] = await Promise.all([running, refresh]);
    expect(old?.evaluatedAt!.getTime()).toBeLessThan(requestedAt);
    expect(reader.folderReads).toBeGreaterThan(before);
    expect(fresh?.evaluatedAt!.getTime()).toBeGreaterThanOrEqual(requestedAt);
    expect(fresh?.gates['production-deployment']).toBe('failed');
  });
});

async function waitUntil(check: () => Promise<boolean>) {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}
