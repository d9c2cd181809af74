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
import { CatalogMirror } from '../../plugins/release-readiness-backend/src/store/catalogMirror';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PermissionsService } from '@backstage/backend-plugin-api';

/** A permissions service that gives every user one decision (the policy under test). */
export function benchPermissions(decision: PolicyDecision): PermissionsService {
  return {
    async authorize(requests: unknown[]) {
      return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
    },
    async authorizeConditional(requests: unknown[]) {
      return requests.map(() => decision);
    },
  } as unknown as PermissionsService;
}

/**
 * A conditional catalog read decision that lets the caller read half of the
 * seeded entities: those owned by teams 0–99 (of 200), as a policy built on
 * the catalog's isEntityOwner rule with a user's ownership claims would, plus
 * a kind check.
 */
export const HALF_POLICY: PolicyDecision = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    allOf: [
      {
        rule: 'IS_ENTITY_KIND',
        resourceType: 'catalog-entity',
        params: { kinds: ['Component'] },
      },
      {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: Array.from(
            { length: 100 },
            (_, i) => `group:default/team-${i}`,
          ),
        },
      },
    ],
  },
};

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

/** The databases {@link postgresKnex} made, to drop in {@link closeBenchDatabase}. */
const madeDatabases = new WeakMap<Knex, { connection: string; name: string }>();

/**
 * A fresh PostgreSQL database for one bench part, migrated. Its name is `name` with this process's
 * id appended, so two benches running at once never drop each other's data. Close it with
 * {@link closeBenchDatabase}, which also drops it.
 */
export async function postgresKnex(
  connection: string,
  name: string,
): Promise<Knex> {
  const database = `${name}_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw(`DROP DATABASE IF EXISTS ${database}`);
  await admin.raw(`CREATE DATABASE ${database}`);
  await admin.destroy();
  const url = new URL(connection);
  url.pathname = `/${database}`;
  const db = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max: 10 },
  });
  madeDatabases.set(db, { connection, name: database });
  await migrateReadinessStore(db);
  return db;
}

/** Destroys a bench database's pool; a PostgreSQL database {@link postgresKnex} made is dropped too. */
export async function closeBenchDatabase(db: Knex): Promise<void> {
  await db.destroy();
  const made = madeDatabases.get(db);
  if (!made) return;
  const admin = knexFactory({ client: 'pg', connection: made.connection });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${made.name} WITH (FORCE)`);
  } finally {
    await admin.destroy();
  }
}

const STATUSES = ['passed', 'failed', 'pending', 'error', 'blocked'];
const READINESS = JSON.stringify({
  overall: 'passed',
  handoffReady: true,
  gates: [],
  note: 'x'.repeat(800),
});

/** A synthetic catalog entity as the catalog serves it (with relations). */
function benchEntity(
  i: number,
  name: string,
  owner: string,
  system: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      title: `Service ${i}`,
      etag: `e${i}`,
      tags: [['java', 'go', 'python', 'node'][i % 4]],
      annotations:
        i % 10 === 9 ? {} : { 'release-readiness.io/protocol11': '.' },
    },
    spec: {
      type: 'service',
      lifecycle: ['production', 'experimental', 'deprecated'][i % 3],
      owner,
      system,
    },
    relations: [
      { type: 'ownedBy', targetRef: owner },
      { type: 'partOf', targetRef: system },
    ],
  };
}

/**
 * Inserts `count` synthetic catalog entities into the catalog mirror (9 in 10
 * with Protocol 11) and a result for each annotated one (200 owners, 50
 * systems, mixed statuses).
 */
export async function seed(db: Knex, count: number): Promise<string[]> {
  const refs: string[] = [];
  const rows = [];
  const mirror = new CatalogMirror(db);
  const catalog: Entity[] = [];
  for (let i = 0; i < count; i++) {
    const name = `svc-${String(i).padStart(6, '0')}`;
    const ref = `component:default/${name}`;
    refs.push(ref);
    const gates = RELEASE_GATE_IDS.map(
      (_, g) => STATUSES[(i * 7 + g * 3) % STATUSES.length],
    );
    const owner = `group:default/team-${i % 200}`;
    const system = `system:default/sys-${i % 50}`;
    catalog.push(benchEntity(i, name, owner, system));
    if (catalog.length === 2000)
      await mirror.upsert(catalog.splice(0), Date.now());
    if (i % 10 === 9) continue;
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
  if (catalog.length) await mirror.upsert(catalog.splice(0), Date.now());
  if (db.client.config.client === 'pg')
    await db.raw(
      'VACUUM ANALYZE release_readiness_entities, release_readiness_catalog, release_readiness_catalog_search',
    );
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
