/**
 * Live updates right after a backend starts: the first browser that opens a
 * card connects to Backstage's signals backend (its WebSocket at
 * `/api/signals`) and must be told of the entity's next change. Backstage's
 * signals backend 0.3.x hooks the HTTP server's `upgrade` event only once an
 * upgrade request has reached its router as an ordinary request, which it
 * answers 404: without the plugin's start-up request, the first connection of
 * every backend start failed, the app's signal client retried 5 s later, and
 * what was published in between never reached the open card (the demo's
 * "evidence written during start-up does not reach the card").
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import signalsPlugin from '@backstage/plugin-signals-backend';
import {
  PROTOCOL11_DOCUMENT_FILE,
  readinessSignalChannel,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { sampleEvidence } from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import request from 'supertest';
import WebSocket from 'ws';
import { releaseReadinessPlugin } from '../plugin';
import { PermissionedCatalog } from '../testUtils/catalog';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import { FakeGithubFiles } from '../testUtils/githubReader';
import { protocolEntity } from '../testUtils/entities';

jest.setTimeout(60_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const ROOT = 'https://github.com/acme/payments/tree/main/';
const REF = 'component:default/payments';

const entity: Entity = protocolEntity('payments', `url:${ROOT}`);

/** Opens a signals connection as a browser does (the user's token as the sub-protocol). */
function openSignals(port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${port}/api/signals`,
      mockCredentials.user.token(),
    );
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('the signals connection did not open within 5 s'));
    }, 5000);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      res.resume();
      reject(
        new Error(
          `the signals connection was answered ${res.statusCode} instead of being upgraded`,
        ),
      );
    });
    ws.once('error', e => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

describe.each(databaseIds(databases))(
  'live updates right after start on %s',
  databaseId => {
    it("upgrades the first browser's signals connection and tells it of the entity's next change", async () => {
      const github = new FakeGithubFiles();
      github.set(ROOT, {
        [PROTOCOL11_DOCUMENT_FILE]: '# Protocol 11\n',
        ...(await sampleEvidence('all-passed')),
      });
      const backend = await startTestBackend({
        features: [
          mockServices.database.factory({
            knex: await databases.init(databaseId),
          }),
          releaseReadinessPlugin,
          signalsPlugin,
          eventsServiceFactory,
          new PermissionedCatalog([entity]).factory(),
          github.reader.factory,
          mockServices.rootConfig.factory({
            data: {
              events: { useEventBus: 'never' },
              integrations: FakeGithubFiles.integrations,
            },
          }),
        ],
      });
      const { server } = backend;
      const path = '/api/release-readiness/entities/component/default/payments';
      const first = await request(server)
        .get(path)
        .set('Authorization', mockCredentials.user.header());
      expect(first.body.readiness?.overall).toBe('passed');

      // The first WebSocket this backend sees.
      const ws = await openSignals(server.port());
      const messages: { channel: string; message: unknown }[] = [];
      ws.on('message', data => messages.push(JSON.parse(String(data))));
      ws.send(
        JSON.stringify({
          action: 'subscribe',
          channel: readinessSignalChannel(REF),
        }),
      );
      // The subscription is registered when the server has read the message; a ping's
      // answer comes after it on the same connection.
      await new Promise<void>(resolve => {
        ws.once('pong', () => resolve());
        ws.ping();
      });

      github.set(ROOT, await sampleEvidence('deployment-failed'));
      const refreshed = await request(server)
        .post(`${path}/refresh`)
        .set('Authorization', mockCredentials.user.header());
      expect(refreshed.body.readiness?.overall).not.toBe('passed');
      for (let i = 0; i < 100 && !messages.length; i++)
        await new Promise(r => setTimeout(r, 50));
      expect(messages).toEqual([
        { channel: readinessSignalChannel(REF), message: { entityRef: REF } },
      ]);
      ws.close();
      await backend.stop();
    });
  },
);
