/**
 * A real Backstage backend for permission tests: the real catalog (its own
 * database, processing, stitching, permission rules and SQL), this plugin,
 * and one permissions service shared by both whose decision for users is set
 * by the test (`policy.decide`). Entities come from a test entity provider.
 * The catalog also knows a custom rule, `IS_ONE_OF_NAMES`, that this plugin
 * does not: a conditional decision using it exercises the fallback.
 */
import {
  BackstageCredentials,
  coreServices,
  createBackendModule,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogEntityPermissionResourceRef } from '@backstage/plugin-catalog-node/alpha';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createPermissionRule } from '@backstage/plugin-permission-node';
import request from 'supertest';
import { z } from 'zod';
import { releaseReadinessPlugin } from '../plugin';
import { syncCatalog } from '../service/catalogSync';
import { CatalogMirror } from '../store/catalogMirror';

/** The custom catalog rule this plugin cannot translate. */
export const IS_ONE_OF_NAMES = 'IS_ONE_OF_NAMES';

const oneOfNamesRule = createPermissionRule({
  name: IS_ONE_OF_NAMES,
  description: 'Allow entities with one of these names',
  resourceRef: catalogEntityPermissionResourceRef,
  paramsSchema: z.object({ names: z.array(z.string()) }),
  apply: (entity: Entity, { names }) =>
    names.some(n => n.toLowerCase() === entity.metadata.name.toLowerCase()),
  toQuery: ({ names }) => ({
    key: 'metadata.name',
    values: names.map(n => n.toLowerCase()),
  }),
});

/** The decision users get; plugins (service principals) are always allowed. */
export interface TestPolicy {
  decide: () => PolicyDecision;
}

function policyPermissions(policy: TestPolicy): PermissionsService {
  const isUser = (credentials: BackstageCredentials) =>
    (credentials.principal as { type?: string }).type === 'user';
  return {
    async authorize(requests, { credentials }) {
      return requests.map(() => {
        if (!isUser(credentials)) return { result: AuthorizeResult.ALLOW };
        const d = policy.decide();
        // A conditional decision without a resource is not an allow.
        return {
          result:
            d.result === AuthorizeResult.ALLOW
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      });
    },
    async authorizeConditional(requests, { credentials }) {
      return requests.map(() =>
        isUser(credentials)
          ? policy.decide()
          : { result: AuthorizeResult.ALLOW },
      );
    },
  } as PermissionsService;
}

/** A conditional catalog read decision. */
export const conditional = (
  conditions: PermissionCriteria<PermissionCondition<'catalog-entity'>>,
): PolicyDecision => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions,
});

export interface RealCatalogBackend {
  server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  policy: TestPolicy;
  /** Replaces every entity of the test provider and waits until the catalog serves exactly them. */
  setEntities(entities: Entity[]): Promise<void>;
  /** GET on the backend as a user. */
  get(path: string, user?: string): request.Test;
  stop(): Promise<void>;
}

export const USER = 'user:default/tester';

/**
 * Starts the backend on one test database (the catalog and this plugin each
 * get their own database from it). The plugin's catalog mirror syncs every
 * only when the test calls for it (`setEntities`).
 */
export async function startRealCatalogBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): Promise<RealCatalogBackend> {
  const knex = await databases.init(databaseId);
  const policy: TestPolicy = {
    decide: () => ({ result: AuthorizeResult.ALLOW }),
  };
  let connection: EntityProviderConnection | undefined;
  const provider = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-entities',
    register(reg) {
      reg.registerInit({
        deps: {
          catalog: catalogProcessingExtensionPoint,
          registry: coreServices.permissionsRegistry,
        },
        async init({ catalog, registry }) {
          registry.addPermissionRules([oneOfNamesRule]);
          catalog.addEntityProvider({
            getProviderName: () => 'test-entities',
            connect: async c => {
              connection = c;
            },
          });
        },
      });
    },
  });
  let syncNow: (() => Promise<unknown>) | undefined;
  const syncModule = createBackendModule({
    pluginId: 'release-readiness',
    moduleId: 'test-sync',
    register(reg) {
      reg.registerInit({
        deps: {
          catalog: catalogServiceRef,
          auth: coreServices.auth,
          database: coreServices.database,
        },
        async init({ catalog, auth, database }) {
          syncNow = async () =>
            syncCatalog({
              catalog,
              auth,
              mirror: new CatalogMirror(await database.getClient()),
            });
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      provider,
      releaseReadinessPlugin,
      syncModule,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            processingInterval: { seconds: 1 },
            stitchingStrategy: { mode: 'immediate' },
          },
          releaseReadiness: {
            catalogSync: { frequency: { trigger: 'manual' } },
            schedule: { frequency: { trigger: 'manual' } },
          },
        },
      }),
      createServiceFactory({
        service: coreServices.permissions,
        deps: {},
        factory: () => policyPermissions(policy),
      }),
    ],
  });
  const { server } = backend;
  const get = (path: string, user = USER) =>
    request(server)
      .get(path)
      .set('Authorization', mockCredentials.user.header(user));

  /** Refs the catalog serves to a plugin (everything). */
  const catalogRefs = async () => {
    const res = await request(server)
      .get(
        '/api/catalog/entities/by-query?limit=10000&fields=kind,metadata.namespace,metadata.name,metadata.etag',
      )
      .set('Authorization', mockCredentials.service.header());
    return res.body.items as Entity[];
  };

  return {
    server,
    policy,
    get,
    async setEntities(entities) {
      if (!connection)
        throw new Error('The catalog never connected the test provider');
      await connection.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({
          entity,
          locationKey: 'test-entities',
        })),
      });
      const want = new Set(
        entities.map(e =>
          `${e.kind}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`.toLowerCase(),
        ),
      );
      const deadline = Date.now() + 30_000;
      // Until the catalog serves exactly these entities, stitched (with an etag)…
      for (;;) {
        const items = await catalogRefs();
        const refs = items.map(e =>
          `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase(),
        );
        if (
          refs.length === want.size &&
          refs.every(r => want.has(r)) &&
          items.every(e => e.metadata.etag)
        )
          break;
        if (Date.now() > deadline)
          throw new Error(
            `The catalog did not settle: it serves ${refs.length} of ${want.size} entities, missing ${[...want].filter(r => !refs.includes(r)).join(', ')}`,
          );
        await new Promise(r => setTimeout(r, 200));
      }
      // …with every entity stitched for good (etags unchanged over a second).
      let etags = JSON.stringify(await catalogRefs());
      for (;;) {
        await new Promise(r => setTimeout(r, 1000));
        const now = JSON.stringify(await catalogRefs());
        if (now === etags) break;
        if (Date.now() > deadline)
          throw new Error('The catalog kept changing its entities');
        etags = now;
      }
      await syncNow!();
    },
    async stop() {
      await backend.stop();
    },
  };
}
