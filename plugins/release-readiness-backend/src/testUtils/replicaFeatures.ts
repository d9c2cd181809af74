/**
 * The features of one release-readiness replica in the two-backend test: the
 * plugin, the events backend with the GitHub webhook modules, a catalog with
 * one GitHub-hosted entity, GitHub's files from a shared folder, and the
 * PostgreSQL database every replica shares.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import eventsPlugin from '@backstage/plugin-events-backend';
import { Knex } from 'knex';
import { releaseReadinessPlugin } from '../plugin';
import { PermissionedCatalog } from './catalog';
import { githubEventModules } from './eventModules';
import { folderGithub, REPLICA_REPO_ROOT } from './folderGithub';
import { protocolEntity } from './entities';

export const REPLICA_WEBHOOK_SECRET = 'replica-webhook-secret';

export const replicaEntity: Entity = protocolEntity(
  'payments',
  `url:${REPLICA_REPO_ROOT}`,
);

export interface ReplicaOptions {
  knex: Knex;
  folder: string;
  /** Quiet time after a push before this replica serves it, in ms. */
  debounceMs: number;
  holdFile?: string;
}

export function replicaFeatures(options: ReplicaOptions) {
  return [
    releaseReadinessPlugin,
    eventsServiceFactory,
    eventsPlugin,
    ...githubEventModules(),
    new PermissionedCatalog([replicaEntity]).factory(),
    folderGithub(options.folder, options.holdFile),
    mockServices.database.factory({ knex: options.knex }),
    mockServices.rootConfig.factory({
      data: {
        events: {
          // Replicas share requests through the database, not the event bus.
          useEventBus: 'never',
          modules: { github: { webhookSecret: REPLICA_WEBHOOK_SECRET } },
        },
        releaseReadiness: {
          refresh: { debounce: { milliseconds: options.debounceMs } },
        },
      },
    }),
  ];
}
