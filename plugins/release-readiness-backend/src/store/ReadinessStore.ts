/**
 * The release-readiness store (knex; SQLite or PostgreSQL): the latest result
 * per entity, the history of gate changes and the per-entity evaluation lease
 * that keeps replicas from evaluating the same entity at once.
 */
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  GateStatus,
  ReleaseGateId,
  ReleaseReadiness,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ENTITIES, EntityRow, fromRow, GATE_COLUMNS, HISTORY } from './columns';
import {
  allRows,
  candidateRefs,
  ComplianceFilter,
  ComplianceSort,
  countByStatus,
  listPage,
  StoreScope,
} from './compliance';
import {
  EntityFacts,
  EvaluationRecord,
  StoredEntity,
  StoredGateChange,
} from './types';
import { ComplianceRow } from '@release-readiness/backstage-plugin-release-readiness-common';
import { SqlFilter } from '../service/permissionScope';
import { EntitySource } from '../sources/watch';
import { SourceFingerprint } from '../sources/readProtocol';
import { notificationEvents } from '../notifications/events';
import { NOTIFICATIONS, outboxRows } from './outbox';
import { CountCache } from './countCache';

export const INSTANCES = 'release_readiness_instances';
const SCM_PAUSES = 'release_readiness_scm_pauses';

/** Thrown inside a write transaction whose lease another instance has taken meanwhile. */
class LeaseLostError extends Error {}

/**
 * Where the plugin's migrations are and the table knex records them in: for
 * `migrate.latest` here, and for tests that step one migration down and up.
 */
export const readinessMigrations = (): Knex.MigratorConfig => ({
  directory: resolvePackagePath(
    '@release-readiness/backstage-plugin-release-readiness-backend',
    'migrations',
  ),
  tableName: 'release_readiness_knex_migrations',
});

/** Runs the plugin's migrations on a knex client. */
export async function migrateReadinessStore(db: Knex): Promise<void> {
  await db.migrate.latest(readinessMigrations());
}

function factColumns(facts: EntityFacts) {
  const search = [facts.name, facts.title, facts.owner, facts.system]
    .filter(Boolean)
    .join(' ');
  return {
    kind: facts.kind,
    namespace: facts.namespace,
    name: facts.name,
    title: facts.title ?? null,
    owner: facts.owner ?? null,
    system: facts.system ?? null,
    lifecycle: facts.lifecycle ?? null,
    search_text: search.toLocaleLowerCase('en-US'),
  };
}

const releasedLease = { lease_owner: null, lease_expires_at: 0 };

function sourceColumns(source: EntitySource | undefined) {
  return {
    source_repo: source?.repo ?? null,
    source_ref: source?.ref ?? null,
    watch_paths: source ? JSON.stringify(source.paths) : null,
  };
}

export class ReadinessStore {
  /** Connects through the database service and migrates unless `database.migrations.skip`. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<ReadinessStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) await migrateReadinessStore(db);
    return new ReadinessStore(db);
  }

  /** Counts of the compliance routes, valid while the catalog mirror is unchanged. */
  private readonly counts: CountCache;

  constructor(readonly db: Knex) {
    this.counts = new CountCache(db);
  }

  /**
   * Takes the evaluation lease of an entity (creating its row when new) and
   * records its catalog facts and source. Resolves false while another
   * instance holds an unexpired lease, unless `isGone` says that holder is no
   * longer running: then its lease is taken over. Atomic: each step is one
   * conditional UPDATE, so two instances never both win.
   */
  async claim(
    facts: EntityFacts,
    owner: string,
    now: number,
    leaseMs: number,
    options: {
      source?: EntitySource;
      isGone?: (holder: string) => Promise<boolean>;
    } = {},
  ): Promise<boolean> {
    await this.db(ENTITIES)
      .insert({
        entity_ref: facts.entityRef,
        ...factColumns(facts),
        lease_expires_at: 0,
        seen_at: now,
      })
      .onConflict('entity_ref')
      .ignore();
    const columns = {
      ...factColumns(facts),
      ...sourceColumns(options.source),
      lease_owner: owner,
      lease_expires_at: now + leaseMs,
    };
    const updated = await this.db(ENTITIES)
      .where('entity_ref', facts.entityRef)
      .andWhere('lease_expires_at', '<', now)
      .update(columns);
    if (updated === 1) return true;
    if (!options.isGone) return false;
    const row = await this.db(ENTITIES)
      .where('entity_ref', facts.entityRef)
      .first<{ lease_owner: string | null } | undefined>('lease_owner');
    const holder = row?.lease_owner;
    if (!holder || holder === owner || !(await options.isGone(holder)))
      return false;
    const taken = await this.db(ENTITIES)
      .where({ entity_ref: facts.entityRef, lease_owner: holder })
      .update(columns);
    return taken === 1;
  }

  /** Gives the lease back without changing the result. */
  async release(entityRef: string, owner: string): Promise<void> {
    await this.db(ENTITIES)
      .where({ entity_ref: entityRef, lease_owner: owner })
      .update(releasedLease);
  }

  /**
   * Stores a good evaluation and the gate changes it brings, then releases the
   * lease. Resolves false (and stores nothing) when the lease was lost.
   */
  async saveResult(
    entityRef: string,
    owner: string,
    record: EvaluationRecord,
  ): Promise<boolean> {
    const { readiness } = record;
    const at = record.evaluatedAt.getTime();
    try {
      return await this.db.transaction(async tx => {
        const previousRow = await tx(ENTITIES)
          .where({ entity_ref: entityRef, lease_owner: owner })
          .first<{ readiness: string | null } | undefined>('readiness');
        if (!previousRow) return false;
        const previous = previousRow.readiness
          ? (JSON.parse(previousRow.readiness) as ReleaseReadiness)
          : undefined;
        const gateColumns = Object.fromEntries(
          RELEASE_GATE_IDS.map(id => [
            GATE_COLUMNS[id],
            readiness.gates.find(g => g.id === id)?.status ?? null,
          ]),
        );
        const updated = await tx(ENTITIES)
          .where({ entity_ref: entityRef, lease_owner: owner })
          .update({
            ...gateColumns,
            overall: readiness.overall,
            handoff_ready: readiness.handoffReady,
            readiness: JSON.stringify(readiness),
            evaluated_at: at,
            stale_since: null,
            stale_reason: null,
            document_url: record.documentUrl ?? null,
            evidence_base_url: record.evidenceBaseUrl ?? null,
            source_etag: record.fingerprint
              ? JSON.stringify(record.fingerprint)
              : null,
            requested_at: this.servedRequests(at),
            ...releasedLease,
          });
        if (updated !== 1) throw new LeaseLostError();
        const changes = readiness.gates.flatMap(gate => {
          const before = previous?.gates.find(g => g.id === gate.id)?.status;
          if (before === gate.status) return [];
          return [
            {
              entity_ref: entityRef,
              gate_id: gate.id,
              status: gate.status,
              previous_status: before ?? null,
              changed_at: at,
            },
          ];
        });
        if (changes.length) await tx(HISTORY).insert(changes);
        const events = notificationEvents(previous, readiness);
        if (events.length)
          await tx(NOTIFICATIONS).insert(outboxRows(entityRef, events, at));
        return true;
      });
    } catch (e) {
      if (e instanceof LeaseLostError) return false;
      throw e;
    }
  }

  /** `requested_at` after an evaluation that started at `startedAt`: requests made before it are served. */
  private servedRequests(startedAt: number) {
    return this.db.raw(
      'CASE WHEN requested_at <= ? THEN NULL ELSE requested_at END',
      [startedAt],
    );
  }

  /**
   * The repository was read and nothing changed: the result holds as of
   * `startedAt` (when the read began); `fingerprint` replaces the stored one
   * when the read learnt new ETags (a new head commit that touched no file read).
   */
  async confirm(
    entityRef: string,
    owner: string,
    startedAt: Date,
    fingerprint?: SourceFingerprint,
  ): Promise<void> {
    await this.db(ENTITIES)
      .where({ entity_ref: entityRef, lease_owner: owner })
      .update({
        ...(fingerprint ? { source_etag: JSON.stringify(fingerprint) } : {}),
        evaluated_at: startedAt.getTime(),
        stale_since: null,
        stale_reason: null,
        requested_at: this.servedRequests(startedAt.getTime()),
        ...releasedLease,
      });
  }

  /**
   * The repository could not be read: keep the result, mark it stale since the
   * first failure (`at`, when the failed read began).
   */
  async markStale(
    entityRef: string,
    owner: string,
    reason: string,
    at: Date,
    options: {
      /**
       * Epoch ms: keep a refresh request for this time instead of serving it
       * (the SCM is paused until then; the request is served right after).
       */
      retryAt?: number;
    } = {},
  ): Promise<void> {
    const pending = (column: string) =>
      this.db.raw(`COALESCE(${column}, 'pending')`);
    await this.db(ENTITIES)
      .where({ entity_ref: entityRef, lease_owner: owner })
      .update({
        stale_since: this.db.raw('COALESCE(stale_since, ?)', [at.getTime()]),
        stale_reason: reason.slice(0, 1000),
        overall: pending('overall'),
        ...Object.fromEntries(
          RELEASE_GATE_IDS.map(id => [
            GATE_COLUMNS[id],
            pending(GATE_COLUMNS[id]),
          ]),
        ),
        requested_at:
          options.retryAt === undefined
            ? this.servedRequests(at.getTime())
            : this.db.raw(
                'CASE WHEN requested_at > ? THEN requested_at ELSE ? END',
                [options.retryAt, options.retryAt],
              ),
        ...releasedLease,
      });
  }

  /**
   * Records a refresh request for entities already in the store (a push or a
   * file change touched them): `requested_at` becomes `at` unless a later
   * request is there. Resolves how many rows were marked.
   */
  async request(entityRefs: string[], at: number): Promise<number> {
    let marked = 0;
    for (let i = 0; i < entityRefs.length; i += 500) {
      marked += await this.db(ENTITIES)
        .whereIn('entity_ref', entityRefs.slice(i, i + 500))
        .andWhere(q =>
          q.whereNull('requested_at').orWhere('requested_at', '<', at),
        )
        .update({ requested_at: at });
    }
    return marked;
  }

  /** Drops an entity's request (it left the catalog). */
  async clearRequest(entityRef: string): Promise<void> {
    await this.db(ENTITIES)
      .where('entity_ref', entityRef)
      .update({ requested_at: null });
  }

  /** Entities with a request made at or before `before`, oldest request first. */
  async requested(
    before: number,
    limit: number,
  ): Promise<{ entityRef: string; requestedAt: number }[]> {
    const rows = await this.db(ENTITIES)
      .select('entity_ref', 'requested_at')
      .where('requested_at', '<=', before)
      .orderBy('requested_at', 'asc')
      .limit(limit);
    return rows.map(r => ({
      entityRef: r.entity_ref,
      requestedAt: Number(r.requested_at),
    }));
  }

  /** The entities whose source is `repo` (see {@link EntitySource}), with that source. */
  async entitiesOfSource(
    repo: string,
  ): Promise<{ entityRef: string; source: EntitySource }[]> {
    const rows = await this.db(ENTITIES)
      .select('entity_ref', 'source_ref', 'watch_paths')
      .where('source_repo', repo);
    return rows.map(r => ({
      entityRef: r.entity_ref,
      source: {
        repo,
        ref: r.source_ref ?? '',
        paths: JSON.parse(r.watch_paths ?? '[]') as string[],
      },
    }));
  }

  /** Records that an instance is running, as of `at`. */
  async heartbeat(instanceId: string, at: number): Promise<void> {
    await this.db(INSTANCES)
      .insert({ instance_id: instanceId, heartbeat_at: at })
      .onConflict('instance_id')
      .merge();
  }

  /** The latest heartbeat of an instance; undefined when it never ran or has stopped. */
  async lastHeartbeat(instanceId: string): Promise<number | undefined> {
    const row = await this.db(INSTANCES)
      .where('instance_id', instanceId)
      .first<{ heartbeat_at: string | number } | undefined>();
    return row ? Number(row.heartbeat_at) : undefined;
  }

  /** An instance stops: its row goes and every lease it holds is released. */
  async removeInstance(instanceId: string): Promise<void> {
    await this.db(ENTITIES)
      .where('lease_owner', instanceId)
      .update(releasedLease);
    await this.db(INSTANCES).where('instance_id', instanceId).delete();
  }

  /**
   * Records that SCM `host` refuses requests until `until` (epoch ms), for
   * every replica; a later end already recorded stays.
   */
  async pauseScm(host: string, until: number): Promise<void> {
    const later = () =>
      this.db(SCM_PAUSES)
        .where({ host })
        .andWhere('until_ms', '<', until)
        .update({ until_ms: until });
    if (await later()) return;
    await this.db(SCM_PAUSES)
      .insert({ host, until_ms: until })
      .onConflict('host')
      .ignore();
    // Another replica may have inserted an earlier end meanwhile.
    await later();
  }

  /** When the recorded pause of SCM `host` ends (epoch ms); undefined when none runs at `now`. */
  async scmPausedUntil(host: string, now: number): Promise<number | undefined> {
    const row = await this.db(SCM_PAUSES)
      .where({ host })
      .andWhere('until_ms', '>', now)
      .first<{ until_ms: string | number } | undefined>();
    return row ? Number(row.until_ms) : undefined;
  }

  /** Forgets instances whose heartbeat is older than `before`. */
  async removeInstancesBefore(before: number): Promise<void> {
    await this.db(INSTANCES).where('heartbeat_at', '<', before).delete();
  }

  async get(entityRef: string): Promise<StoredEntity | undefined> {
    const row = await this.db(ENTITIES)
      .where('entity_ref', entityRef)
      .first<EntityRow | undefined>();
    return row ? fromRow(row) : undefined;
  }

  async history(entityRef: string): Promise<StoredGateChange[]> {
    const rows = await this.db(HISTORY)
      .where('entity_ref', entityRef)
      .orderBy('id', 'asc');
    return rows.map(row => ({
      gateId: row.gate_id as ReleaseGateId,
      status: row.status as GateStatus,
      previousStatus: (row.previous_status ?? undefined) as
        GateStatus | undefined,
      changedAt: new Date(Number(row.changed_at)),
    }));
  }

  /** Records that the scheduled run saw these entities in the catalog. */
  async markSeen(entityRefs: string[], at: number): Promise<void> {
    for (let i = 0; i < entityRefs.length; i += 500) {
      await this.db(ENTITIES)
        .whereIn('entity_ref', entityRefs.slice(i, i + 500))
        .update({ seen_at: at });
    }
  }

  /** Forgets entities the scheduled run no longer saw (deleted, or annotation removed). */
  async sweep(seenBefore: number, now: number): Promise<number> {
    const gone = this.db(ENTITIES)
      .select('entity_ref')
      .where('seen_at', '<', seenBefore)
      .andWhere('lease_expires_at', '<', now);
    await this.db(HISTORY).whereIn('entity_ref', gone.clone()).delete();
    await this.db(NOTIFICATIONS).whereIn('entity_ref', gone.clone()).delete();
    return this.db(ENTITIES).whereIn('entity_ref', gone.clone()).delete();
  }

  /** One page of the compliance list and the count across pages. */
  async list(
    filter: ComplianceFilter,
    sort: ComplianceSort,
    page: { offset: number; limit: number },
    scope: StoreScope,
  ): Promise<{ items: ComplianceRow[]; totalCount: number }> {
    return listPage(this.db, filter, sort, page, scope, this.counts);
  }

  /** Counts per status and the adoption figure, for the same set as the list. */
  async summary(filter: ComplianceFilter, scope: StoreScope) {
    return countByStatus(this.db, filter, scope, this.counts);
  }

  /**
   * Every row of the list, read in keyset pages inside one read-only
   * transaction (repeatable read on PostgreSQL), so the rows are one snapshot
   * however the scheduler writes meanwhile.
   */
  async exportRows(
    filter: ComplianceFilter,
    sort: ComplianceSort,
    scope: StoreScope,
  ): Promise<ComplianceRow[]> {
    const pg = this.db.client.config.client === 'pg';
    return this.db.transaction(
      tx => allRows(tx, filter, sort, scope),
      pg ? { isolationLevel: 'repeatable read', readOnly: true } : undefined,
    );
  }

  /** Refs matching the filters within an over-wide permission filter (to be checked with the catalog). */
  async candidates(
    filter: ComplianceFilter,
    permission: SqlFilter,
  ): Promise<string[]> {
    return candidateRefs(this.db, filter, permission);
  }
}
