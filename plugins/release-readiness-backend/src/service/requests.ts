/**
 * Serves refresh requests recorded in the store: a push event or a file change
 * marks the entities it touched (`requested_at`); any instance then evaluates
 * each of them once, after `debounceMs` without a newer request, so a burst of
 * pushes gives one evaluation per entity. The marks live in the database, so a
 * request whose instance crashed is served by another one.
 */
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ReadinessStore } from '../store/ReadinessStore';
import { ReadinessEvaluator } from './evaluator';
import { EvaluationQueue } from './queue';

export interface RequestWorkerOptions {
  store: ReadinessStore;
  evaluator: ReadinessEvaluator;
  queue: EvaluationQueue;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** Quiet time after the latest request before the entity is evaluated; default 1 s. */
  debounceMs?: number;
  /** How often this instance looks for requests recorded elsewhere; default 2 s. */
  pollMs?: number;
}

const BATCH = 50;

export class RequestWorker {
  private readonly debounceMs: number;
  private readonly pollMs: number;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;
  /** Entities this instance has queued and not finished; a local fact, not shared state. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly options: RequestWorkerOptions) {
    this.debounceMs = options.debounceMs ?? 1000;
    this.pollMs = options.pollMs ?? 2000;
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining;
  }

  /** Records a request for these entities (as of now) and serves it after the debounce. */
  async request(entityRefs: string[]): Promise<number> {
    if (!entityRefs.length) return 0;
    const marked = await this.options.store.request(entityRefs, Date.now());
    setTimeout(() => this.kick(), this.debounceMs + 20).unref();
    return marked;
  }

  /** Looks for due requests now (coalesced with a look already running). */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch(e =>
        this.options.logger.warn(
          `Release readiness: serving refresh requests failed: ${e}`,
        ),
      )
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    const { store, queue, catalog, auth, evaluator, logger } = this.options;
    const due = await store.requested(Date.now() - this.debounceMs, BATCH);
    const credentials = await auth.getOwnServiceCredentials();
    for (const { entityRef } of due) {
      if (this.inFlight.has(entityRef) || queue.full) continue;
      this.inFlight.add(entityRef);
      queue
        .run(async () => {
          const entity = await catalog.getEntityByRef(entityRef, {
            credentials,
          });
          if (!entity) {
            await store.clearRequest(entityRef);
            return;
          }
          await evaluator.evaluate(entity, { wait: false, result: false });
        })
        .catch(e =>
          logger.warn(
            `Release readiness: evaluating ${entityRef} on request failed: ${e}`,
          ),
        )
        .finally(() => this.inFlight.delete(entityRef));
    }
  }
}
