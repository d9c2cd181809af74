/** Fixtures of the benchmark: a catalog fake, a quiet logger, seeded stores. */
import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import knexFactory, { Knex } from 'knex';
import { RELEASE_GATE_IDS } from '@release-readiness/backstage-plugin-release-readiness-common';
import { migrateReadinessStore } from '../../plugins/release-readiness-backend/src/store/ReadinessStore';

export const logger: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return logger;
  },
};

/** A catalog over an array: counts and ref lookups in O(1)-ish, like the real one's indexes. */
export function benchCatalog(
  entities: Entity[],
  readableBy: (user: string) => Set<string> | undefined,
): CatalogService {
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  const userOf = (c: BackstageCredentials) =>
    (c.principal as { userEntityRef?: string }).userEntityRef;
  const visible = (c: BackstageCredentials) => {
    const user = userOf(c);
    const set = user ? readableBy(user) : undefined;
    return set
      ? entities.filter(e => set.has(stringifyEntityRef(e)))
      : entities;
  };
  const catalog = {
    async queryEntities(
      request: { limit?: number; cursor?: string },
      { credentials }: { credentials: BackstageCredentials },
    ) {
      const items = visible(credentials);
      const offset = request.cursor ? Number(request.cursor) : 0;
      const limit = request.limit ?? items.length;
      const page = items.slice(offset, offset + limit);
      const next =
        offset + limit < items.length ? String(offset + limit) : undefined;
      return {
        items: page,
        totalItems: items.length,
        pageInfo: { nextCursor: next },
      };
    },
    async getEntitiesByRefs(
      request: { entityRefs: string[] },
      { credentials }: { credentials: BackstageCredentials },
    ) {
      const user = userOf(credentials);
      const set = user ? readableBy(user) : undefined;
      return {
        items: request.entityRefs.map(r =>
          set && !set.has(r) ? undefined : byRef.get(r),
        ),
      };
    },
    async getEntityByRef(ref: string) {
      return byRef.get(ref);
    },
  };
  return catalog as unknown as CatalogService;
}

export async function sqliteKnex(): Promise<Knex> {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  await migrateReadinessStore(db);
  return db;
}

export async function postgresKnex(
  connection: string,
  name: string,
): Promise<Knex> {
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const url = new URL(connection);
  url.pathname = `/${name}`;
  const db = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max: 10 },
  });
  await migrateReadinessStore(db);
  return db;
}

const STATUSES = ['passed', 'failed', 'pending', 'error', 'blocked'];
const READINESS = JSON.stringify({
  overall: 'passed',
  handoffReady: true,
  gates: [],
  note: 'x'.repeat(800),
});

/** Inserts `count` synthetic results (200 owners, 50 systems, mixed statuses). */
export async function seed(db: Knex, count: number): Promise<string[]> {
  const refs: string[] = [];
  const rows = [];
  for (let i = 0; i < count; i++) {
    const name = `svc-${String(i).padStart(6, '0')}`;
    const ref = `component:default/${name}`;
    refs.push(ref);
    const gates = RELEASE_GATE_IDS.map(
      (_, g) => STATUSES[(i * 7 + g * 3) % STATUSES.length],
    );
    const owner = `group:default/team-${i % 200}`;
    const system = `system:default/sys-${i % 50}`;
    rows.push({
      entity_ref: ref,
      kind: 'Component',
      namespace: 'default',
      name,
      title: `Service ${i}`,
      owner,
      system,
      lifecycle: ['production', 'experimental', 'deprecated'][i % 3],
      search_text: `${name} service ${i} ${owner} ${system}`,
      overall: gates.find(s => s !== 'passed') ?? 'passed',
      gate_release_authorization: gates[0],
      gate_production_deployment: gates[1],
      gate_stabilization_handoff: gates[2],
      handoff_ready: gates.every(s => s === 'passed'),
      readiness: READINESS,
      evaluated_at: Date.now() - i * 1000,
      lease_expires_at: 0,
      seen_at: Date.now(),
    });
    if (rows.length === 400)
      await db('release_readiness_entities').insert(rows.splice(0));
  }
  if (rows.length)
    await db('release_readiness_entities').insert(rows.splice(0));
  if (db.client.config.client === 'pg')
    await db.raw('VACUUM ANALYZE release_readiness_entities');
  else await db.raw('ANALYZE');
  return refs;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

export const round = (n: number) => Math.round(n * 100) / 100;
