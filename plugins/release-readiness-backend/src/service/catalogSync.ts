/**
 * Keeps the catalog mirror in step with the catalog: pages through every
 * entity's ref and etag (as the plugin itself, with its service credentials),
 * re-reads only the entities whose etag changed since the last sync, and
 * forgets the entities the catalog no longer has. A scheduled task
 * (`scope: 'global'`, one replica at a time); the mirror is in the shared
 * database, so every replica answers from it.
 */
import {
  AuthService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CatalogMirror } from '../store/catalogMirror';

export const CATALOG_SYNC_TASK_ID = 'release-readiness:catalog-sync';

const REF_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.etag',
];
const BATCH = 200;

export interface CatalogSyncOptions {
  catalog: CatalogService;
  auth: AuthService;
  mirror: CatalogMirror;
  /** Refs per catalog page; default 1000. */
  pageSize?: number;
  signal?: AbortSignal;
}

/** One full sync; resolves how many entities were seen, re-read and removed. */
export async function syncCatalog(
  options: CatalogSyncOptions,
): Promise<{ entities: number; changed: number; removed: number }> {
  const { catalog, auth, mirror } = options;
  const credentials = await auth.getOwnServiceCredentials();
  const start = Date.now();
  const known = await mirror.etags();
  const limit = options.pageSize ?? 1000;
  let cursor: string | undefined;
  let entities = 0;
  let changed = 0;
  do {
    if (options.signal?.aborted) throw new Error('Catalog sync aborted');
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit, fields: REF_FIELDS }
        : { limit, fields: REF_FIELDS },
      { credentials },
    );
    const same: string[] = [];
    const stale: string[] = [];
    for (const entity of page.items) {
      const ref = stringifyEntityRef(entity);
      const etag = String(entity.metadata.etag ?? '');
      (etag !== '' && known.get(ref) === etag ? same : stale).push(ref);
    }
    await mirror.touch(same, start);
    for (let i = 0; i < stale.length; i += BATCH) {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: stale.slice(i, i + BATCH) },
        { credentials },
      );
      const found = items.filter((e): e is Entity => Boolean(e));
      await mirror.upsert(found, start);
      changed += found.length;
    }
    entities += page.items.length;
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  const removed = await mirror.removeUnseen(start);
  return { entities, changed, removed };
}

/** Schedules the sync (default every 5 minutes, the first at startup). */
export async function scheduleCatalogSync(
  options: Omit<CatalogSyncOptions, 'signal'> & {
    scheduler: SchedulerService;
    schedule: SchedulerServiceTaskScheduleDefinition;
    logger: LoggerService;
  },
): Promise<void> {
  const { scheduler, schedule, logger, ...rest } = options;
  await scheduler.scheduleTask({
    id: CATALOG_SYNC_TASK_ID,
    scope: 'global',
    ...schedule,
    fn: async signal => {
      const result = await syncCatalog({ ...rest, signal });
      // Said at info only when the mirror changed: the sync runs every few minutes.
      const log = result.changed || result.removed ? logger.info : logger.debug;
      log.call(
        logger,
        `Release readiness: catalog mirror synced, ${result.entities} entities, ${result.changed} re-read, ${result.removed} removed`,
      );
    },
  });
}
