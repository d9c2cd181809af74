/**
 * Owner notifications against Backstage's own notifications backend in the
 * same test backend: the recipients are resolved by it from the catalog
 * (group → members), and what a user got is read back through its REST API
 * with that user's credentials, on SQLite and PostgreSQL.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { Notification } from '@backstage/plugin-notifications-common';
import { readFileSync, writeFileSync } from 'fs';
import { Knex } from 'knex';
import { join } from 'path';
import request from 'supertest';
import { releaseReadinessPlugin } from '../plugin';
import { PermissionedCatalog } from '../testUtils/catalog';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import { sampleWorkspace, SampleWorkspace } from '../testUtils/samples';

// Real backends start here: a loaded 2-core CI machine needs more than Jest's 5 s default.
jest.setTimeout(60_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const ALICE = 'user:default/alice'; // member of team-payments and team-search
const BOB = 'user:default/bob'; // member of team-checkout only
const APPROVALS = '.artifacts/deployment/release-approvals.json';

function people(): Entity[] {
  const group = (name: string, members: string[]): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: members.map(targetRef => ({ type: 'hasMember', targetRef })),
  });
  const user = (name: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
  });
  return [
    group('team-payments', [ALICE]),
    group('team-search', [ALICE]),
    group('team-checkout', [BOB]),
    user('alice'),
    user('bob'),
  ];
}

type Server = Parameters<typeof request>[0];

describe.each(databaseIds(databases))('owner notifications on %s', id => {
  let ws: SampleWorkspace;
  let knex: Knex;
  const backends: { stop(): Promise<void> }[] = [];

  async function start(): Promise<Server> {
    const backend = await startTestBackend({
      features: [
        releaseReadinessPlugin,
        notificationsPlugin,
        new PermissionedCatalog([...ws.entities, ...people()]).factory(),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://backstage.test' },
            releaseReadiness: {
              localSources: { roots: [ws.root], watch: false },
              schedule: { frequency: { trigger: 'manual' } },
            },
          },
        }),
      ],
    });
    backends.push(backend);
    return backend.server;
  }

  const refresh = async (server: Server, name: string) => {
    const res = await request(server)
      .post(`/api/release-readiness/entities/component/default/${name}/refresh`)
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(res.status).toBe(200);
    return res.body;
  };

  const inbox = async (
    server: Server,
    user: string,
  ): Promise<Notification[]> => {
    const res = await request(server)
      .get('/api/notifications/notifications')
      .set('Authorization', mockCredentials.user.header(user));
    expect(res.status).toBe(200);
    return res.body.notifications;
  };

  /** The user's notifications once `done` holds (sending is asynchronous). */
  async function inboxWhen(
    server: Server,
    user: string,
    done: (items: Notification[]) => boolean,
  ): Promise<Notification[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const items = await inbox(server, user);
      if (done(items)) return items;
      if (Date.now() > deadline)
        throw new Error(
          `${user}'s notifications never matched; last: ${JSON.stringify(items.map(i => i.payload.title))}`,
        );
      await new Promise(r => setTimeout(r, 100));
    }
  }

  const about = (items: Notification[], entity: string) =>
    items.filter(i => i.payload.topic === `component:default/${entity}`);

  /** Rejects one required approval: Release Authorization fails on it. */
  function rejectApproval(service: string): () => void {
    const file = join(ws.dir(service), APPROVALS);
    const original = readFileSync(file, 'utf8');
    const json = JSON.parse(original);
    json.approvals[1].decision = 'rejected';
    writeFileSync(file, JSON.stringify(json, null, 2));
    return () => writeFileSync(file, original);
  }

  beforeAll(async () => {
    ws = sampleWorkspace();
    knex = await databases.init(id);
  });

  afterAll(() => ws.cleanup());

  afterEach(async () => {
    while (backends.length) await backends.pop()!.stop();
  });

  it('tells the owner once when a gate regresses and when gates pass, with file, field and link; survives a restart', async () => {
    let server = await start();
    // First evaluation: the baseline, nothing to tell.
    expect((await refresh(server, 'payments-api')).readiness.overall).toBe(
      'passed',
    );
    const restore = rejectApproval('payments-api');
    const failed = await refresh(server, 'payments-api');
    expect(failed.readiness.gates[0].status).toBe('failed');

    const [regressed] = about(
      await inboxWhen(server, ALICE, i => about(i, 'payments-api').length > 0),
      'payments-api',
    );
    expect(regressed).toMatchObject({
      user: ALICE,
      origin: 'plugin:release-readiness',
      payload: {
        title: expect.stringMatching(
          /^payments-api: .+ failed \(was passed\)$/,
        ),
        link: 'http://backstage.test/catalog/default/component/payments-api/release-readiness',
        severity: 'high',
        topic: 'component:default/payments-api',
      },
    });
    const blocker = failed.readiness.gates[0].criteria.find(
      (c: { status: string }) => c.status !== 'passed',
    );
    expect(blocker.file).toBe(APPROVALS);
    expect(blocker.field).toEqual(expect.any(String));
    expect(regressed.payload.description).toContain(
      `${APPROVALS} ${blocker.field}`,
    );
    expect(regressed.payload.title).toContain(failed.readiness.gates[0].name);

    // Read by Alice. A repeated send (same scope) would mark it unread again.
    const read = await request(server)
      .post('/api/notifications/notifications/update')
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ ids: [regressed.id], read: true });
    expect(read.status).toBe(200);

    // Evaluated again with the same evidence, by this instance and, after a
    // restart, by a new one on the same database: nothing new is sent.
    await refresh(server, 'payments-api');
    await backends.pop()!.stop();
    server = await start();
    await refresh(server, 'payments-api');

    // Fixed: Release Authorization passes, and so does Stabilization & Handoff.
    restore();
    expect((await refresh(server, 'payments-api')).readiness.overall).toBe(
      'passed',
    );
    const items = about(
      await inboxWhen(server, ALICE, i => about(i, 'payments-api').length >= 3),
      'payments-api',
    );
    expect(items.map(i => i.payload.title).sort()).toEqual(
      [
        expect.stringMatching(/failed \(was passed\)$/),
        expect.stringMatching(/^payments-api: .+ passed$/),
        expect.stringMatching(/passed, ready for the Protocol 12 handoff$/),
      ].sort(),
    );
    expect(items).toHaveLength(3);
    const again = items.find(i => i.id === regressed.id)!;
    expect(again.read).toBeTruthy();
    expect(again.updated ?? undefined).toBeUndefined();
    // Bob is in no owning group.
    expect(await inbox(server, BOB)).toEqual([]);
  });

  it('lets a user mute one entity by its topic', async () => {
    const server = await start();
    const muted = await request(server)
      .post('/api/notifications/settings')
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({
        channels: [
          {
            id: 'Web',
            origins: [
              {
                id: 'plugin:release-readiness',
                enabled: true,
                topics: [
                  { id: 'component:default/payments-api', enabled: false },
                ],
              },
            ],
          },
        ],
      });
    expect(muted.status).toBe(200);
    const before = about(await inbox(server, ALICE), 'payments-api').length;

    await refresh(server, 'search-indexer'); // baseline
    const restorePayments = rejectApproval('payments-api');
    await refresh(server, 'payments-api');
    rejectApproval('search-indexer');
    await refresh(server, 'search-indexer');
    restorePayments();

    // The search-indexer event was written after the payments-api one and is
    // sent after it: once it is there, the muted one would have been too.
    const items = await inboxWhen(
      server,
      ALICE,
      i => about(i, 'search-indexer').length > 0,
    );
    expect(about(items, 'search-indexer')).toHaveLength(1);
    expect(about(items, 'payments-api')).toHaveLength(before);
  });
});
