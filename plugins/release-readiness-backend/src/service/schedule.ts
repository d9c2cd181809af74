/**
 * The sweep: a safety net behind push events. Pages through every entity with
 * the protocol annotation (as the plugin itself, with its service credentials)
 * and evaluates each, a bounded number at once (p-limit), paced by the SCM
 * request budget (`maxRequestsPerHour`, see budget.ts); unchanged repositories
 * cost conditional requests only. On an SCM rate-limit answer the sweep pauses
 * exactly until the SCM said (`Retry-After`, or the reset when no requests
 * remain; said once in the log), the entity keeps its last result marked
 * stale, and the sweep then goes on. `scope: 'global'` (the default) lets one
 * replica run it at a time.
 */
import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ReadinessStore } from '../store/ReadinessStore';
import { PROTOCOL_FILTER } from './access';
import { ReleaseReadinessOptions } from './config';
import { ReadinessEvaluator, ScmRateLimitError } from './evaluator';
import pLimit from 'p-limit';
import { protocolLocationOf } from '../sources';
import { RateLimitReset } from './rateLimitReset';

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
  /** Pause after a rate-limit answer that does not say when the limit resets; default 15 minutes. */
  rateLimitPauseMs?: number;
  /** When the limit that refused a read of a URL resets (the UrlReader's error does not say). */
  rateLimitReset?: RateLimitReset;
  pageSize?: number;
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Evaluates every annotated entity; resolves how many were seen. */
export async function evaluateAll(
  options: EvaluateAllOptions,
): Promise<{ entities: number; failures: number; rateLimitPauses?: number }> {
  const { catalog, auth, store, evaluator, logger } = options;
  const credentials = await auth.getOwnServiceCredentials();
  const runStart = Date.now();
  let cursor: string | undefined;
  let entities = 0;
  let failures = 0;
  const limit = pLimit(options.concurrency);
  let pause: Promise<void> | undefined;
  let pauses = 0;
  /** One pause (and one log line) however many entities hit the limit at once. */
  const rateLimited = (e: ScmRateLimitError, entity: Entity) => {
    if (pause) return;
    pauses++;
    pause = (async () => {
      const location = protocolLocationOf(entity);
      const reset =
        e.retryAfterMs ??
        (location.kind === 'location' && options.rateLimitReset
          ? await options
              .rateLimitReset(location.location.documentUrl)
              .catch(() => undefined)
          : undefined);
      const ms = reset ?? options.rateLimitPauseMs ?? 15 * 60_000;
      const host =
        e.host ??
        (location.kind === 'location' &&
        !location.location.documentUrl.startsWith('file:')
          ? new URL(location.location.documentUrl).host
          : undefined);
      // Refreshes and push evaluations on every replica leave the host alone until then too.
      if (host) await evaluator.pauseHost(host, Date.now() + ms);
      logger.warn(
        `Release readiness: the SCM's rate limit was reached (${e.message}); the sweep pauses ${Math.round(ms / 1000)} s until ${new Date(Date.now() + ms).toISOString()}${reset === undefined ? ' (the SCM did not say when the limit resets)' : ', as the SCM said'}; entities keep their last result, marked stale`,
      );
      await sleep(ms, options.signal);
      // Evaluations that were in flight may have learnt a slightly later end: wait for it too.
      for (;;) {
        const until = host ? await evaluator.pausedUntil(host) : undefined;
        if (until === undefined || options.signal?.aborted) break;
        await sleep(until - Date.now(), options.signal);
      }
    })().finally(() => {
      pause = undefined;
    });
  };
  const evaluateOne = async (entity: Entity) => {
    for (;;) {
      await pause;
      if (options.signal?.aborted) return;
      try {
        await evaluator.evaluate(entity, {
          wait: false,
          result: false,
          throwOnRateLimit: true,
          paced: true,
          signal: options.signal,
        });
        return;
      } catch (e) {
        if (e instanceof ScmRateLimitError) {
          rateLimited(e, entity);
          continue; // retried after the pause
        }
        failures++;
        logger.error(
          `Release readiness evaluation of ${stringifyEntityRef(entity)} failed: ${e}`,
        );
        return;
      }
    }
  };
  do {
    if (options.signal?.aborted)
      return { entities, failures, rateLimitPauses: pauses };
    const pageSize = options.pageSize ?? 200;
    const response = await catalog.queryEntities(
      cursor
        ? { cursor, limit: pageSize, fields: ENTITY_FIELDS }
        : { filter: PROTOCOL_FILTER, fields: ENTITY_FIELDS, limit: pageSize },
      { credentials },
    );
    await store.markSeen(
      response.items.map(e => stringifyEntityRef(e)),
      runStart,
    );
    await Promise.all(
      response.items.map(entity => limit(() => evaluateOne(entity))),
    );
    entities += response.items.length;
    cursor = response.pageInfo.nextCursor;
  } while (cursor);
  const removed = await store.sweep(runStart, Date.now());
  logger.info(
    `Release readiness: swept ${entities} entities, ${failures} failed, ${removed} removed${pauses ? `, ${pauses} rate-limit pauses` : ''}`,
  );
  return { entities, failures, rateLimitPauses: pauses };
}

export async function scheduleEvaluation(
  options: Omit<
    EvaluateAllOptions,
    'concurrency' | 'signal' | 'rateLimitPauseMs'
  > & {
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
      await evaluateAll({
        ...rest,
        concurrency: config.concurrency,
        rateLimitPauseMs: config.rateLimitPauseMs,
        signal,
      });
    },
  });
}
