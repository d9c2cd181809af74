/**
 * The release-readiness store (knex; SQLite or PostgreSQL): the latest result
 * per entity, the history of gate changes and the per-entity evaluation lease
 * that keeps replicas from evaluating the same entity at once.
 */
import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  GateStatus,
  ReleaseGateId,
  ReleaseReadiness,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ENTITIES, EntityRow, fromRow, GATE_COLUMNS, HISTORY } from './columns';
import { ComplianceFilter, ComplianceSort, countByStatus, listPage } from './compliance';
import { EntityFacts, EvaluationRecord, ReadableScope, StoredEntity, StoredGateChange } from './types';

/** Thrown inside a write transaction whose lease another instance has taken meanwhile. */
class LeaseLostError extends Error {}

const migrationsDir = () => resolvePackagePath('@release-readiness/backstage-plugin-release-readiness-backend', 'migrations');

/** Runs the plugin's migrations on a knex client. */
export async function migrateReadinessStore(db: Knex): Promise<void> {
  await db.migrate.latest({ directory: migrationsDir(), tableName: 'release_readiness_knex_migrations' });
}

function factColumns(facts: EntityFacts) {
  const search = [facts.name, facts.title, facts.owner, facts.system].filter(Boolean).join(' ');
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

export class ReadinessStore {
  /** Connects through the database service and migrates unless `database.migrations.skip`. */
  static async create(options: { database: DatabaseService }): Promise<ReadinessStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) await migrateReadinessStore(db);
    return new ReadinessStore(db);
  }

  constructor(readonly db: Knex) {}

  /**
   * Takes the evaluation lease of an entity (creating its row when new) and
   * records its catalog facts. Resolves false while another instance holds
   * an unexpired lease. Atomic: one conditional UPDATE.
   */
  async claim(facts: EntityFacts, owner: string, now: number, leaseMs: number): Promise<boolean> {
    await this.db(ENTITIES)
      .insert({ entity_ref: facts.entityRef, ...factColumns(facts), lease_expires_at: 0, seen_at: now })
      .onConflict('entity_ref')
      .ignore();
    const updated = await this.db(ENTITIES)
      .where('entity_ref', facts.entityRef)
      .andWhere('lease_expires_at', '<', now)
      .update({ ...factColumns(facts), lease_owner: owner, lease_expires_at: now + leaseMs });
    return updated === 1;
  }

  /** Gives the lease back without changing the result. */
  async release(entityRef: string, owner: string): Promise<void> {
    await this.db(ENTITIES).where({ entity_ref: entityRef, lease_owner: owner }).update(releasedLease);
  }

  /**
   * Stores a good evaluation and the gate changes it brings, then releases the
   * lease. Resolves false (and stores nothing) when the lease was lost.
   */
  async saveResult(entityRef: string, owner: string, record: EvaluationRecord): Promise<boolean> {
    const { readiness } = record;
    const at = record.evaluatedAt.getTime();
    try {
      return await this.db.transaction(async tx => {
        const previousRow = await tx(ENTITIES)
          .where({ entity_ref: entityRef, lease_owner: owner })
          .first<{ readiness: string | null } | undefined>('readiness');
        if (!previousRow) return false;
        const previous = previousRow.readiness ? (JSON.parse(previousRow.readiness) as ReleaseReadiness) : undefined;
        const gateColumns = Object.fromEntries(
          RELEASE_GATE_IDS.map(id => [GATE_COLUMNS[id], readiness.gates.find(g => g.id === id)?.status ?? null]),
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
            source_etag: record.fingerprint ? JSON.stringify(record.fingerprint) : null,
            ...releasedLease,
          });
        if (updated !== 1) throw new LeaseLostError();
        const changes = readiness.gates.flatMap(gate => {
          const before = previous?.gates.find(g => g.id === gate.id)?.status;
          if (before === gate.status) return [];
          return [{ entity_ref: entityRef, gate_id: gate.id, status: gate.status, previous_status: before ?? null, changed_at: at }];
        });
        if (changes.length) await tx(HISTORY).insert(changes);
        return true;
      });
    } catch (e) {
      if (e instanceof LeaseLostError) return false;
      throw e;
    }
  }

  /** The repository was read and nothing changed: the result holds as of now. */
  async confirm(entityRef: string, owner: string, at: Date): Promise<void> {
    await this.db(ENTITIES)
      .where({ entity_ref: entityRef, lease_owner: owner })
      .update({ evaluated_at: at.getTime(), stale_since: null, stale_reason: null, ...releasedLease });
  }

  /** The repository could not be read: keep the result, mark it stale since the first failure. */
  async markStale(entityRef: string, owner: string, reason: string, at: Date): Promise<void> {
    const pending = (column: string) => this.db.raw(`COALESCE(${column}, 'pending')`);
    await this.db(ENTITIES)
      .where({ entity_ref: entityRef, lease_owner: owner })
      .update({
        stale_since: this.db.raw('COALESCE(stale_since, ?)', [at.getTime()]),
        stale_reason: reason.slice(0, 1000),
        overall: pending('overall'),
        ...Object.fromEntries(RELEASE_GATE_IDS.map(id => [GATE_COLUMNS[id], pending(GATE_COLUMNS[id])])),
        ...releasedLease,
      });
  }

  async get(entityRef: string): Promise<StoredEntity | undefined> {
    const row = await this.db(ENTITIES).where('entity_ref', entityRef).first<EntityRow | undefined>();
    return row ? fromRow(row) : undefined;
  }

  async history(entityRef: string): Promise<StoredGateChange[]> {
    const rows = await this.db(HISTORY).where('entity_ref', entityRef).orderBy('id', 'asc');
    return rows.map(row => ({
      gateId: row.gate_id as ReleaseGateId,
      status: row.status as GateStatus,
      previousStatus: (row.previous_status ?? undefined) as GateStatus | undefined,
      changedAt: new Date(Number(row.changed_at)),
    }));
  }

  /** Records that the scheduled run saw these entities in the catalog. */
  async markSeen(entityRefs: string[], at: number): Promise<void> {
    for (let i = 0; i < entityRefs.length; i += 500) {
      await this.db(ENTITIES).whereIn('entity_ref', entityRefs.slice(i, i + 500)).update({ seen_at: at });
    }
  }

  /** Forgets entities the scheduled run no longer saw (deleted, or annotation removed). */
  async sweep(seenBefore: number, now: number): Promise<number> {
    const gone = this.db(ENTITIES).select('entity_ref').where('seen_at', '<', seenBefore).andWhere('lease_expires_at', '<', now);
    await this.db(HISTORY).whereIn('entity_ref', gone.clone()).delete();
    return this.db(ENTITIES).whereIn('entity_ref', gone.clone()).delete();
  }

  async list(
    filter: ComplianceFilter,
    sort: ComplianceSort,
    page: { offset: number; limit: number },
    scope: ReadableScope,
  ): Promise<{ items: StoredEntity[]; totalCount: number }> {
    const { rows, totalCount } = await listPage(this.db, filter, sort, page, scope);
    return { items: (rows as EntityRow[]).map(fromRow), totalCount };
  }

  async summary(filter: ComplianceFilter, scope: ReadableScope) {
    return countByStatus(this.db, filter, scope);
  }
}

