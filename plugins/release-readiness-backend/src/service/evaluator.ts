/**
 * Evaluates one entity: takes its lease in the database, reads its repository,
 * runs the gate engine and stores the result (or marks the old one stale).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { evaluateReleaseGates, DEFAULT_MAX_FILE_BYTES } from '@release-readiness/backstage-plugin-release-readiness-common';
import { hostname } from 'os';
import { randomUUID } from 'crypto';
import { ProtocolLocation, protocolLocationOf, readProtocol, RepositoryReader } from '../sources';
import { ReadinessStore } from '../store/ReadinessStore';
import { StoredEntity } from '../store/types';
import { documentMissingReadiness } from './documentMissing';
import { entityFacts } from './facts';

export interface ReadinessEvaluatorOptions {
  store: ReadinessStore;
  reader: RepositoryReader;
  logger: LoggerService;
  /** How long an evaluation may hold an entity's lease; default 2 minutes. */
  leaseMs?: number;
  maxFileBytes?: number;
  /** How often a waiting caller looks whether another instance has finished; default 100 ms. */
  pollMs?: number;
  now?: () => Date;
}

/** A full read is forced once a day, whatever the ETags say. */
const FINGERPRINT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const firstLine = (e: unknown) =>
  (e instanceof Error ? e.message : String(e)).split(/\r?\n/)[0].slice(0, 300) || 'unknown error';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

export class ReadinessEvaluator {
  /** Identifies this instance in the lease column; not shared state. */
  readonly instanceId = `${hostname()}:${process.pid}:${randomUUID()}`;
  private readonly leaseMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: ReadinessEvaluatorOptions) {
    this.leaseMs = options.leaseMs ?? 120_000;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Evaluates an entity carrying the protocol annotation. When another instance
   * is evaluating it, waits for that result (`wait`) or skips it. Resolves the
   * stored state, or undefined for an entity without the annotation.
   */
  async evaluate(entity: Entity, options: { wait: boolean; result?: boolean }): Promise<StoredEntity | undefined> {
    const { store } = this.options;
    const location = protocolLocationOf(entity);
    if (location.kind === 'none') return undefined;
    const facts = entityFacts(entity);
    const claimed = await store.claim(facts, this.instanceId, this.now().getTime(), this.leaseMs);
    if (!claimed) return options.wait ? this.waitFor(facts.entityRef) : store.get(facts.entityRef);
    let done = false;
    try {
      if (location.kind === 'invalid') {
        await store.markStale(facts.entityRef, this.instanceId, location.reason, this.now());
      } else {
        await this.evaluateLocation(facts.entityRef, location.location);
      }
      done = true;
    } catch (e) {
      this.options.logger.warn(`Could not evaluate ${facts.entityRef}: ${firstLine(e)}`);
      await store.markStale(facts.entityRef, this.instanceId, `could not read the repository: ${firstLine(e)}`, this.now());
      done = true;
    } finally {
      // Storing a result releases the lease; release it here only if that did not happen.
      if (!done) await store.release(facts.entityRef, this.instanceId);
    }
    return options.result === false ? undefined : store.get(facts.entityRef);
  }

  private async evaluateLocation(entityRef: string, location: ProtocolLocation) {
    const { store, reader } = this.options;
    const maxFileBytes = this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const before = await store.get(entityRef);
    const fresh = before?.evaluatedAt && this.now().getTime() - before.evaluatedAt.getTime() < FINGERPRINT_MAX_AGE_MS;
    const read = await readProtocol({
      reader,
      location,
      maxFileBytes,
      previous: fresh && before?.readiness ? before.fingerprint : undefined,
      signal: AbortSignal.timeout(Math.max(1000, this.leaseMs / 2)),
    });
    if (read.kind === 'unchanged') {
      await store.confirm(entityRef, this.instanceId, this.now());
      return;
    }
    if (read.formNote) this.options.logger.debug(`${entityRef}: canonical form used, ${read.formNote}`);
    const readiness = read.documentPresent
      ? await evaluateReleaseGates({
          form: read.form,
          files: read.files,
          limits: { maxFileBytes },
          formProblem: read.formProblem ? { file: location.formUrl, reason: read.formProblem } : undefined,
        })
      : documentMissingReadiness(read.form, location);
    const saved = await store.saveResult(entityRef, this.instanceId, {
      readiness,
      evaluatedAt: this.now(),
      documentUrl: location.documentUrl,
      evidenceBaseUrl: location.evidenceFolderUrl,
      fingerprint: read.fingerprint,
    });
    if (!saved) this.options.logger.warn(`Lease on ${entityRef} expired during evaluation; result dropped`);
  }

  /** Waits until no other instance holds the entity's lease, then reads the stored state. */
  private async waitFor(entityRef: string): Promise<StoredEntity | undefined> {
    const deadline = Date.now() + this.leaseMs;
    for (;;) {
      const row = await this.options.store.get(entityRef);
      if (!row || !row.leaseOwner || row.leaseExpiresAt < this.now().getTime() || Date.now() > deadline) return row;
      await sleep(this.options.pollMs ?? 100);
    }
  }
}
