/**
 * Evaluates one entity: takes its lease in the database (taking over the lease
 * of an instance that is gone), reads its repository, runs the gate engine and
 * stores the result (or marks the old one stale).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  evaluateReleaseGates,
  DEFAULT_MAX_FILE_BYTES,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import {
  entitySourceOf,
  ProtocolLocation,
  ProtocolLocationResult,
  protocolLocationOf,
  readProtocol,
  RepositoryReader,
  RequestMeter,
} from '../sources';
import {
  BudgetReservation,
  EVALUATION_RESERVE,
  ScmRequestBudget,
} from './budget';
import { rateLimitOf, ScmRateLimitError } from '../sources/rateLimit';
import { ReadinessStore } from '../store/ReadinessStore';
import { StoredEntity } from '../store/types';
import {
  documentMissingReadiness,
  documentTooLargeReadiness,
} from './documentMissing';
import { entityFacts } from './facts';
import { newInstanceId } from './liveness';

export interface ReadinessEvaluatorOptions {
  store: ReadinessStore;
  reader: RepositoryReader;
  logger: LoggerService;
  /** This instance's id in the lease column; default a new `host|pid|uuid`. */
  instanceId?: string;
  /** Whether a lease holder is no longer running (see InstanceLiveness); default: never. */
  isGone?: (holder: string) => Promise<boolean>;
  /** Called after an evaluation stored a new result or marked one stale. */
  onChange?: (entityRef: string) => void;
  /** How long an evaluation may hold an entity's lease; default 2 minutes. */
  leaseMs?: number;
  maxFileBytes?: number;
  /** The SCM request budget: paced evaluations wait for it, others count against it. */
  budget?: ScmRequestBudget;
  /** How often a waiting caller looks whether another instance has finished; default 100 ms. */
  pollMs?: number;
  now?: () => Date;
}

/** Options of {@link ReadinessEvaluator.evaluate}. */
export interface EvaluateOptions {
  /**
   * When another instance holds the lease: wait for it (true) or skip the
   * entity and resolve the stored state (false).
   */
  wait: boolean;
  /** Resolve the stored state (default) or undefined. */
  result?: boolean;
  /**
   * Epoch milliseconds of the request: a waiting caller accepts only a result
   * whose evaluation began at or after it, and evaluates itself otherwise.
   * Without it, any stored result is accepted.
   */
  notBefore?: number;
  /** Reject with {@link ScmRateLimitError} when the SCM answers with its rate limit (the sweep pauses on it). */
  throwOnRateLimit?: boolean;
  /**
   * Wait for the SCM request budget before reading (the sweep). Otherwise the
   * evaluation reads at once and its requests count against the budget.
   */
  paced?: boolean;
  /** Stops a paced evaluation that is still waiting for the budget. */
  signal?: AbortSignal;
}

export { ScmRateLimitError, rateLimitOf } from '../sources/rateLimit';

const firstLine = (e: unknown) =>
  (e instanceof Error ? e.message : String(e))
    .split(/\r?\n/)[0]
    .slice(0, 300) || 'unknown error';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** An SCM host that refuses requests until `until` (epoch ms). */
interface ScmPause {
  host: string;
  until: number;
}

/** The stale reason while an SCM host is paused: `<host> rate limit until <ISO time>`. */
const pauseReason = (pause: ScmPause) =>
  `${pause.host} rate limit until ${new Date(pause.until).toISOString()}`;

/** The SCM host of a location read over HTTP(S); undefined for local files. */
function hostOf(location: ProtocolLocation): string | undefined {
  return location.documentUrl.startsWith('file:')
    ? undefined
    : new URL(location.documentUrl).host;
}

export class ReadinessEvaluator {
  /** Identifies this instance in the lease column; not shared state. */
  readonly instanceId: string;
  private readonly leaseMs: number;
  private readonly now: () => Date;
  /** SCM hosts paused on this instance, to the epoch ms their pause ends (the database shares them). */
  private readonly pauses = new Map<string, number>();

  constructor(private readonly options: ReadinessEvaluatorOptions) {
    this.instanceId = options.instanceId ?? newInstanceId();
    this.leaseMs = options.leaseMs ?? 120_000;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Evaluates an entity carrying the protocol annotation. When another
   * instance is evaluating it, waits for that result (`wait`) or skips it.
   * Resolves the stored state, or undefined for an entity without the
   * annotation. With `notBefore`, never resolves a result whose evaluation
   * began before it.
   */
  async evaluate(
    entity: Entity,
    options: EvaluateOptions,
  ): Promise<StoredEntity | undefined> {
    const location = protocolLocationOf(entity);
    if (location.kind === 'none') return undefined;
    const facts = entityFacts(entity);
    const source =
      location.kind === 'location'
        ? entitySourceOf(location.location)
        : undefined;
    const meter = new RequestMeter();
    const host =
      location.kind === 'location' ? hostOf(location.location) : undefined;
    // A host paused by its rate limit is not asked at all: no budget, no read.
    const pausedUntil = host ? await this.pausedUntil(host) : undefined;
    const pause =
      host && pausedUntil !== undefined
        ? { host, until: pausedUntil }
        : undefined;
    const budget = host && !pause ? this.options.budget : undefined;
    let reservation: BudgetReservation | undefined;
    if (budget && host && options.paced) {
      // Waits outside the lease, so a long wait never costs the lease.
      reservation = await budget.reserve(
        host,
        EVALUATION_RESERVE,
        options.signal,
      );
      if (!reservation) return undefined;
    }
    try {
      return await this.evaluateHeld(
        location,
        facts,
        source,
        meter,
        options,
        pause,
      );
    } finally {
      if (budget) {
        const settled = reservation
          ? budget.settle(reservation, meter)
          : budget.count(meter);
        await settled.catch(e =>
          this.options.logger.warn(
            `Release readiness: the SCM request budget could not count ${meter.total()} requests: ${e}`,
          ),
        );
      }
    }
  }

  private async evaluateHeld(
    location: Exclude<ProtocolLocationResult, { kind: 'none' }>,
    facts: ReturnType<typeof entityFacts>,
    source: ReturnType<typeof entitySourceOf> | undefined,
    meter: RequestMeter,
    options: EvaluateOptions,
    pause: ScmPause | undefined,
  ): Promise<StoredEntity | undefined> {
    const { store } = this.options;
    const deadline = Date.now() + this.leaseMs;
    for (;;) {
      const startedAt = this.now();
      const claimed = await store.claim(
        facts,
        this.instanceId,
        startedAt.getTime(),
        this.leaseMs,
        {
          source,
          isGone: this.options.isGone,
        },
      );
      if (claimed) {
        await this.run(
          facts.entityRef,
          location.kind === 'location' ? location.location : location.reason,
          startedAt,
          options,
          meter,
          pause,
        );
        return options.result === false
          ? undefined
          : store.get(facts.entityRef);
      }
      if (!options.wait)
        return options.result === false
          ? undefined
          : store.get(facts.entityRef);
      const row = await this.waitFor(facts.entityRef);
      const fresh =
        options.notBefore === undefined
          ? Boolean(row?.overall)
          : (row?.evaluatedAt?.getTime() ?? 0) >= options.notBefore ||
            (row?.stale?.since.getTime() ?? 0) >= options.notBefore;
      if (fresh) return options.result === false ? undefined : row;
      if (Date.now() > deadline) {
        throw new ServiceUnavailableError(
          `${facts.entityRef} is being evaluated by another instance; try again later`,
        );
      }
    }
  }

  /** Evaluates with the lease held; storing a result or a stale mark releases it. */
  private async run(
    entityRef: string,
    location: ProtocolLocation | string,
    startedAt: Date,
    options: EvaluateOptions,
    meter: RequestMeter,
    pause: ScmPause | undefined,
  ) {
    const { store } = this.options;
    if (pause && typeof location !== 'string') {
      // The SCM said when to ask again: answer the last result, stale, without asking.
      const reason = pauseReason(pause);
      try {
        await store.markStale(entityRef, this.instanceId, reason, startedAt, {
          // The sweep retries by itself; a refresh or a push is served after the pause.
          retryAt: options.paced ? undefined : pause.until,
        });
      } catch (e) {
        await store.release(entityRef, this.instanceId);
        throw e;
      }
      this.options.onChange?.(entityRef);
      if (options.throwOnRateLimit)
        throw new ScmRateLimitError(
          reason,
          Math.max(0, pause.until - Date.now()),
          pause.host,
        );
      return;
    }
    let done = false;
    try {
      if (typeof location === 'string') {
        await store.markStale(entityRef, this.instanceId, location, startedAt);
      } else {
        await this.evaluateLocation(entityRef, location, startedAt, meter);
      }
      done = true;
    } catch (e) {
      const limited = rateLimitOf(e);
      const host =
        (e instanceof ScmRateLimitError && e.host) ||
        (typeof location === 'string' ? undefined : hostOf(location));
      // When the SCM said until when: no evaluation on any replica asks it before then.
      const learnt =
        limited?.retryAfterMs !== undefined && host
          ? { host, until: Date.now() + limited.retryAfterMs }
          : undefined;
      if (learnt) await this.pauseHost(learnt.host, learnt.until);
      let reason = `could not read the repository: ${firstLine(e)}`;
      if (learnt) reason = `${pauseReason(learnt)} (${firstLine(e)})`;
      else if (limited)
        reason = `the SCM's rate limit was reached; the last result is kept until the limit resets (${firstLine(e)})`;
      // The sweep logs a rate limit once for the whole run, not per entity.
      if (!limited || !options.throwOnRateLimit)
        this.options.logger.warn(
          `Could not evaluate ${entityRef}: ${firstLine(e)}`,
        );
      await store.markStale(entityRef, this.instanceId, reason, startedAt, {
        retryAt: learnt && !options.paced ? learnt.until : undefined,
      });
      done = true;
      this.options.onChange?.(entityRef);
      if (limited && options.throwOnRateLimit)
        throw e instanceof ScmRateLimitError
          ? e
          : new ScmRateLimitError(firstLine(e), limited.retryAfterMs);
    } finally {
      // Storing a result releases the lease; release it here only if that did not happen.
      if (!done) await store.release(entityRef, this.instanceId);
    }
  }

  private async evaluateLocation(
    entityRef: string,
    location: ProtocolLocation,
    startedAt: Date,
    meter: RequestMeter,
  ) {
    const { store, reader } = this.options;
    const maxFileBytes = this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const before = await store.get(entityRef);
    const read = await readProtocol({
      reader,
      location,
      maxFileBytes,
      previous: before?.readiness ? before.fingerprint : undefined,
      signal: AbortSignal.timeout(Math.max(1000, this.leaseMs / 2)),
      meter,
    });
    if (read.kind === 'unchanged') {
      await store.confirm(
        entityRef,
        this.instanceId,
        startedAt,
        read.fingerprint,
      );
      if (before?.stale) this.options.onChange?.(entityRef);
      return;
    }
    if (read.formNote)
      this.options.logger.debug(
        `${entityRef}: canonical form used, ${read.formNote}`,
      );
    let readiness;
    if (read.documentTooLarge !== undefined)
      readiness = documentTooLargeReadiness(
        read.form,
        location,
        read.documentTooLarge,
      );
    else if (!read.documentPresent)
      readiness = documentMissingReadiness(read.form, location);
    else {
      readiness = await evaluateReleaseGates({
        form: read.form,
        files: read.files,
        limits: { maxFileBytes },
        formProblem: read.formProblem
          ? { file: location.formUrl, reason: read.formProblem }
          : undefined,
      });
    }
    const saved = await store.saveResult(entityRef, this.instanceId, {
      readiness,
      evaluatedAt: startedAt,
      documentUrl: location.documentUrl,
      evidenceBaseUrl: location.evidenceFolderUrl,
      fingerprint: read.fingerprint,
    });
    if (!saved)
      this.options.logger.warn(
        `Lease on ${entityRef} was lost during evaluation; result dropped`,
      );
    else this.options.onChange?.(entityRef);
  }

  /**
   * Records that SCM `host` refuses requests until `until` (epoch ms): on this
   * instance at once, and in the database for the other replicas. Until then
   * every evaluation of an entity on that host answers its last result,
   * marked stale, without a request.
   */
  async pauseHost(host: string, until: number): Promise<void> {
    if (until <= Date.now()) return;
    this.pauses.set(host, Math.max(until, this.pauses.get(host) ?? 0));
    await this.options.store
      .pauseScm(host, until)
      .catch(e =>
        this.options.logger.warn(
          `Release readiness: the pause of ${host} until ${new Date(until).toISOString()} is known to this instance only: ${e}`,
        ),
      );
  }

  /** When the pause of SCM `host` ends (epoch ms), recorded here or by another replica; undefined when none runs. */
  async pausedUntil(host: string): Promise<number | undefined> {
    const now = Date.now();
    const local = this.pauses.get(host);
    if (local !== undefined && local <= now) this.pauses.delete(host);
    const shared = await this.options.store
      .scmPausedUntil(host, now)
      .catch(() => undefined);
    const until = Math.max(local ?? 0, shared ?? 0);
    return until > now ? until : undefined;
  }

  /**
   * Waits until no running instance holds the entity's lease (released,
   * expired, or its holder is gone), then reads the stored state.
   */
  private async waitFor(entityRef: string): Promise<StoredEntity | undefined> {
    const deadline = Date.now() + this.leaseMs;
    for (;;) {
      const row = await this.options.store.get(entityRef);
      if (
        !row ||
        !row.leaseOwner ||
        row.leaseExpiresAt < this.now().getTime() ||
        Date.now() > deadline
      )
        return row;
      if (this.options.isGone && (await this.options.isGone(row.leaseOwner)))
        return row;
      await sleep(this.options.pollMs ?? 100);
    }
  }
}
