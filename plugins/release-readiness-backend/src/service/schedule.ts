/**
 * The scheduled run: pages through every entity with the protocol annotation
 * (as the plugin itself, with its service credentials) and evaluates each, a
 * bounded number at once. `scope: 'global'` lets one replica run it at a time.
 */
import { AuthService, LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ReadinessStore } from '../store/ReadinessStore';
import { PROTOCOL_FILTER } from './access';
import { ReleaseReadinessOptions } from './config';
import { ReadinessEvaluator } from './evaluator';

export const EVALUATION_TASK_ID = 'release-readiness:evaluate';

const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
  'spec.lifecycle',
];

export interface EvaluateAllOptions {
  catalog: CatalogService;
  auth: AuthService;
  store: ReadinessStore;
  evaluator: ReadinessEvaluator;
  logger: LoggerService;
  concurrency: number;
  pageSize?: number;
  signal?: AbortSignal;
}

/** Runs `fn` over items with at most `limit` running at once. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

/** Evaluates every annotated entity; resolves how many were seen. */
export async function evaluateAll(options: EvaluateAllOptions): Promise<{ entities: number; failures: number }> {
  const { catalog, auth, store, evaluator, logger } = options;
  const credentials = await auth.getOwnServiceCredentials();
  const runStart = Date.now();
  let cursor: string | undefined;
  let entities = 0;
  let failures = 0;
  const evaluateOne = async (entity: Entity) => {
    try {
      await evaluator.evaluate(entity, { wait: false, result: false });
    } catch (e) {
      failures++;
      logger.error(`Release readiness evaluation of ${stringifyEntityRef(entity)} failed: ${e}`);
    }
  };
  do {
    if (options.signal?.aborted) return { entities, failures };
    const limit = options.pageSize ?? 200;
    const response = await catalog.queryEntities(
      cursor ? { cursor, limit, fields: ENTITY_FIELDS } : { filter: PROTOCOL_FILTER, fields: ENTITY_FIELDS, limit },
      { credentials },
    );
    await store.markSeen(response.items.map(e => stringifyEntityRef(e)), runStart);
    await eachLimited(response.items, options.concurrency, evaluateOne);
    entities += response.items.length;
    cursor = response.pageInfo.nextCursor;
  } while (cursor);
  const removed = await store.sweep(runStart, Date.now());
  logger.info(`Release readiness: evaluated ${entities} entities, ${failures} failed, ${removed} removed`);
  return { entities, failures };
}

export async function scheduleEvaluation(
  options: Omit<EvaluateAllOptions, 'concurrency' | 'signal'> & {
    scheduler: SchedulerService;
    config: ReleaseReadinessOptions;
  },
): Promise<void> {
  const { scheduler, config, ...rest } = options;
  await scheduler.scheduleTask({
    id: EVALUATION_TASK_ID,
    scope: 'global',
    ...config.schedule,
    fn: async signal => {
      await evaluateAll({ ...rest, concurrency: config.concurrency, signal });
    },
  });
}
