/**
 * The SCM request budget: at most `maxRequests` counted requests per SCM host
 * in any `periodMs` (one hour in production), shared by every replica through
 * the plugin's database. Enforced with rate-limiter-flexible (its knex-backed
 * PostgreSQL, MySQL and SQLite limiters; in memory when no database is given).
 *
 * The limiter counts in fixed windows, so the period is cut into 60 windows
 * of `periodMs / 60` with `floor(maxRequests / 62)` requests each. Any span of
 * one period overlaps at most 61 windows; the 62nd share is slack for the
 * requests of an evaluation that arrive at the SCM after the window they were
 * reserved in ended (an evaluation's reads give up after 60 seconds, one
 * window of the hour). So the SCM never sees more than `maxRequests` requests
 * that waited for the budget in any period.
 *
 * The sweep reserves the most one evaluation may cost before it starts it
 * ({@link EVALUATION_RESERVE}; waiting outside the entity's lease) and gives
 * back what the evaluation did not spend while the window is still the same
 * with a margin (a give-back in a later window would let that window exceed
 * its share).
 * Refreshes and push-triggered evaluations never wait: what they spent is
 * added afterwards, so the sweep that follows waits for it.
 */
import { Knex } from 'knex';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterMySQL,
  RateLimiterPostgres,
  RateLimiterRes,
  RateLimiterSQLite,
} from 'rate-limiter-flexible';
import { RequestMeter } from '../sources';

/**
 * What one evaluation of a GitHub repository costs at most when it changed:
 * the head-commit request, the form, the document, the commit lookup and the
 * archive of the evidence folder.
 */
export const EVALUATION_RESERVE = 5;

const WINDOWS = 60;
/** Windows one period overlaps at most, plus one of slack (see above). */
const SHARES = WINDOWS + 2;

/** The smallest budget: every window must fit one evaluation's reservation. */
export const MIN_REQUESTS_PER_PERIOD = SHARES * EVALUATION_RESERVE;
const TABLE = 'release_readiness_scm_budget';

export interface ScmRequestBudgetOptions {
  /** Counted requests per SCM host in any period; at least {@link MIN_REQUESTS_PER_PERIOD}. */
  maxRequests: number;
  /** The period, in milliseconds; default one hour. */
  periodMs?: number;
  /** The plugin's database, to share the count between replicas; in memory without it. */
  knex?: Knex;
}

/** A reservation of the sweep, to settle with what the evaluation spent. */
export interface BudgetReservation {
  host: string;
  points: number;
  /** Epoch ms when the window it was taken in ends. */
  windowEnd: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });

export class ScmRequestBudget {
  /** Requests per window (`floor(maxRequests / 62)`). */
  readonly perWindow: number;
  /** The window, in milliseconds. */
  readonly windowMs: number;

  private constructor(
    private readonly limiter: RateLimiterAbstract,
    perWindow: number,
    windowMs: number,
  ) {
    this.perWindow = perWindow;
    this.windowMs = windowMs;
  }

  static async create(
    options: ScmRequestBudgetOptions,
  ): Promise<ScmRequestBudget> {
    const periodMs = options.periodMs ?? 3_600_000;
    const perWindow = Math.floor(options.maxRequests / SHARES);
    if (perWindow < EVALUATION_RESERVE)
      throw new Error(
        `the SCM request budget must allow at least ${MIN_REQUESTS_PER_PERIOD} requests per period`,
      );
    const windowMs = periodMs / WINDOWS;
    const opts = {
      points: perWindow,
      duration: windowMs / 1000,
      keyPrefix: 'scm',
    };
    const client = options.knex?.client.config.client;
    let limiter: RateLimiterAbstract;
    if (!options.knex) limiter = new RateLimiterMemory(opts);
    else {
      const store = {
        ...opts,
        storeClient: options.knex,
        storeType: 'knex',
        tableName: TABLE,
        clearExpiredByTimeout: false,
      };
      const make = () =>
        new Promise<RateLimiterAbstract>((resolve, reject) => {
          // The limiter calls back once its table exists (always later than construction).
          const made: { limiter?: RateLimiterAbstract } = {};
          const done = (e?: Error) => (e ? reject(e) : resolve(made.limiter!));
          if (client === 'pg')
            made.limiter = new RateLimiterPostgres(store, done);
          else if (client === 'mysql' || client === 'mysql2')
            made.limiter = new RateLimiterMySQL(store, done);
          else made.limiter = new RateLimiterSQLite(store, done);
        });
      // The limiter creates its table (IF NOT EXISTS); replicas starting at
      // once on PostgreSQL can still collide on it, so a second try follows.
      limiter = await make().catch(async () => {
        await sleep(200 + Math.random() * 300);
        return make();
      });
    }
    return new ScmRequestBudget(limiter, perWindow, windowMs);
  }

  /**
   * Waits until `points` requests to `host` fit in the budget, then takes them.
   * Resolves undefined when `signal` aborts first.
   */
  async reserve(
    host: string,
    points: number,
    signal?: AbortSignal,
  ): Promise<BudgetReservation | undefined> {
    const take = Math.min(points, this.perWindow);
    // Look again often: a settled evaluation may give points back within the window.
    const pollMs = Math.min(1000, this.windowMs / 10);
    while (!signal?.aborted) {
      // Look before taking: a refused take still counts in its window.
      const state = await this.limiter.get(host);
      if (state && state.consumedPoints + take > this.perWindow) {
        await sleep(Math.max(1, Math.min(state.msBeforeNext, pollMs)), signal);
        continue;
      }
      const at = Date.now();
      try {
        const res = await this.limiter.consume(host, take);
        return { host, points: take, windowEnd: at + res.msBeforeNext };
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        // Lost a race for the last points: they stay counted until the window ends (never over).
        await sleep(Math.max(1, Math.min(e.msBeforeNext, pollMs)), signal);
      }
    }
    return undefined;
  }

  /** Requests counted against `host` in the current window. */
  async used(host: string): Promise<number> {
    return (await this.limiter.get(host))?.consumedPoints ?? 0;
  }

  /** Settles a reservation with what was spent: gives back the rest (same window only), adds any excess. */
  async settle(
    reservation: BudgetReservation,
    meter: RequestMeter,
  ): Promise<void> {
    const spent = meter.total(reservation.host);
    const rest = reservation.points - spent;
    // A give-back that reached the store after its window ended would open the
    // next window below zero: only while a safe margin of the window remains.
    const margin = Math.min(this.windowMs / 4, 5000);
    if (rest > 0 && Date.now() < reservation.windowEnd - margin)
      await this.limiter.reward(reservation.host, rest);
    if (rest < 0) await this.limiter.penalty(reservation.host, -rest);
    await this.count(meter, reservation.host);
  }

  /** Adds requests spent without a reservation (refreshes, push events), per host; `except` is settled elsewhere. */
  async count(meter: RequestMeter, except?: string): Promise<void> {
    for (const [host, n] of meter.counted)
      if (host !== except && n > 0) await this.limiter.penalty(host, n);
  }
}
