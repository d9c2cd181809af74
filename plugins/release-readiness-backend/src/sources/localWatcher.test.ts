/**
 * The file watcher over local sources (the demo portal's stand-in for push
 * events), in a real backend on SQLite and PostgreSQL: a file written into a
 * sample service's evidence folder re-evaluates that entity without a refresh
 * and signals it; a file elsewhere in the repository re-evaluates nothing; with
 * `localSources.watch: false` nothing is watched.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { sampleEvidence } from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import request from 'supertest';
import { releaseReadinessPlugin } from '../plugin';
import { PermissionedCatalog } from '../testUtils/catalog';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import { sampleWorkspace, SampleWorkspace } from '../testUtils/samples';

jest.setTimeout(60_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

describe.each(databaseIds(databases))(
  'local source watcher on %s',
  databaseId => {
    let ws: SampleWorkspace;
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let signals: string[];

    const read = async (name: string) => {
      const res = await request(backend.server)
        .get(`/api/release-readiness/entities/component/default/${name}`)
        .set('Authorization', mockCredentials.user.header());
      return {
        gates: res.body.readiness?.gates.map(
          (g: { status: string }) => g.status,
        ) as string[] | undefined,
        evaluatedAt: res.body.evaluatedAt as string | undefined,
      };
    };
    async function until(check: () => Promise<boolean>, ms = 15_000) {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (await check()) return;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      throw new Error('condition not reached');
    }
    async function start(watch?: boolean) {
      const knex = await databases.init(databaseId);
      const probe = createBackendPlugin({
        pluginId: 'signal-probe',
        register(env) {
          env.registerInit({
            deps: { events: eventsServiceRef },
            async init({ events }) {
              await events.subscribe({
                id: 'probe',
                topics: ['signals'],
                onEvent: async e => {
                  signals.push((e.eventPayload as { channel: string }).channel);
                },
              });
            },
          });
        },
      });
      backend = await startTestBackend({
        features: [
          releaseReadinessPlugin,
          eventsServiceFactory,
          probe,
          new PermissionedCatalog(ws.entities).factory(),
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              events: { useEventBus: 'never' },
              releaseReadiness: {
                localSources: {
                  roots: [ws.root],
                  ...(watch === undefined ? {} : { watch }),
                },
                refresh: { debounce: { milliseconds: 200 } },
              },
            },
          }),
        ],
      });
      // First reads evaluate.
      await until(async () => (await read('checkout-web')).gates !== undefined);
      await until(async () => (await read('payments-api')).gates !== undefined);
    }
    async function writeInto(service: string, files: Record<string, string>) {
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(ws.dir(service), path)), { recursive: true });
        writeFileSync(join(ws.dir(service), path), content);
      }
    }

    beforeEach(() => {
      ws = sampleWorkspace();
      signals = [];
    });
    afterEach(async () => {
      await backend?.stop();
      ws.cleanup();
    });

    it('re-evaluates an entity when a file is written into its evidence folder', async () => {
      await start();
      expect((await read('checkout-web')).gates).toEqual([
        'failed',
        'blocked',
        'blocked',
      ]);
      const other = await read('payments-api');
      await writeInto('checkout-web', await sampleEvidence('all-passed'));
      await until(
        async () => (await read('checkout-web')).gates?.[0] === 'passed',
      );
      expect((await read('checkout-web')).gates).toEqual([
        'passed',
        'passed',
        'passed',
      ]);
      await until(async () =>
        signals.includes(
          'release-readiness:entity:component:default/checkout-web',
        ),
      );
      expect(await read('payments-api')).toEqual(other);
    });

    it('ignores files outside the document, the form and the evidence folder', async () => {
      await start();
      const before = await read('checkout-web');
      await writeInto('checkout-web', { 'src/index.ts': 'export {};\n' });
      await new Promise(resolve => setTimeout(resolve, 2500));
      expect(await read('checkout-web')).toEqual(before);
    });

    it('watches nothing with localSources.watch false', async () => {
      await start(false);
      const before = await read('checkout-web');
      await writeInto('checkout-web', await sampleEvidence('all-passed'));
      await new Promise(resolve => setTimeout(resolve, 2500));
      expect(await read('checkout-web')).toEqual(before);
    });
  },
);
