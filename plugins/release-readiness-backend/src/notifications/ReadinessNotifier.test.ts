/**
 * The outbox sender on SQLite and PostgreSQL: a failed send is kept and tried
 * again after its back-off, an entity without owner is not sent, two instances
 * never send one row twice, and disabled notifications are not sent.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { migrateReadinessStore } from '../store/ReadinessStore';
import { NOTIFICATIONS, NotificationOutbox, outboxRows } from '../store/outbox';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import { NotificationEvent } from './events';
import { ReadinessNotifier } from './ReadinessNotifier';

const databases = createTestDatabases();
requirePostgresInCi(databases);

const event: NotificationEvent = {
  kind: 'regressed',
  gateId: 'release-authorization',
  gateName: 'Release Authorization',
  previousStatus: 'passed',
  status: 'failed',
  blocking: [
    {
      file: '.artifacts/deployment/release-approvals.json',
      field: 'approvals[1].decision',
      reason: 'rejected',
    },
  ],
};

describe.each(databaseIds(databases))('ReadinessNotifier on %s', id => {
  let db: Knex;
  const logger = mockServices.logger.mock();

  async function entityWithEvent(name: string, owner: string | null) {
    const ref = `component:default/${name}`;
    await db('release_readiness_entities').insert({
      entity_ref: ref,
      kind: 'Component',
      namespace: 'default',
      name,
      owner,
      search_text: name,
      lease_expires_at: 0,
    });
    await db(NOTIFICATIONS).insert(outboxRows(ref, [event], Date.now()));
  }

  const rows = () =>
    db(NOTIFICATIONS)
      .select('entity_ref', 'sent_at', 'attempts', 'last_error')
      .orderBy('id');

  beforeEach(async () => {
    db = await databases.init(id);
    await migrateReadinessStore(db);
    await db(NOTIFICATIONS).delete();
    await db('release_readiness_entities').delete();
  });

  it('keeps a failed send and sends it once its back-off has passed', async () => {
    await entityWithEvent('payments-api', 'group:default/team-payments');
    const sent: NotificationSendOptions[] = [];
    let fail = true;
    const notifier = new ReadinessNotifier({
      outbox: new NotificationOutbox(db),
      notifications: {
        async send(options) {
          if (fail) throw new Error('notifications backend unavailable');
          sent.push(options);
        },
      },
      logger,
      instanceId: 'a',
      tabUrl: () => undefined,
    });
    await notifier.flush();
    expect(await rows()).toMatchObject([
      {
        sent_at: null,
        attempts: 1,
        last_error: 'notifications backend unavailable',
      },
    ]);
    fail = false;
    await notifier.flush(); // still backing off
    expect(sent).toEqual([]);
    await db(NOTIFICATIONS).update({ claimed_until: Date.now() - 1 });
    await notifier.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      recipients: { type: 'entity', entityRef: 'group:default/team-payments' },
      payload: {
        link: '/catalog/default/Component/payments-api/release-readiness',
        topic: 'component:default/payments-api',
      },
    });
    expect(sent[0].payload.description).toContain(
      '.artifacts/deployment/release-approvals.json approvals[1].decision',
    );
    expect((await rows())[0].sent_at).not.toBeNull();
    await notifier.flush();
    expect(sent).toHaveLength(1);
  });

  it('sends nothing for an entity without owner, or when disabled', async () => {
    const sent: NotificationSendOptions[] = [];
    const notifier = (enabled: boolean) =>
      new ReadinessNotifier({
        outbox: new NotificationOutbox(db),
        notifications: {
          async send(options) {
            sent.push(options);
          },
        },
        logger,
        instanceId: 'a',
        tabUrl: () => undefined,
        enabled,
      });
    await entityWithEvent('orphan', null);
    await notifier(true).flush();
    await entityWithEvent('muted', 'group:default/team-a');
    await notifier(false).flush();
    expect(sent).toEqual([]);
    expect((await rows()).map(r => r.sent_at !== null)).toEqual([true, true]);
    await entityWithEvent('owned', 'group:default/team-a');
    await notifier(true).flush();
    expect(sent.map(s => s.payload.topic)).toEqual(['component:default/owned']);
  });

  it('lets two instances flush at once without sending a row twice', async () => {
    for (let i = 0; i < 20; i++)
      await entityWithEvent(`service-${i}`, 'group:default/team-a');
    const sent: string[] = [];
    const notifier = (instanceId: string) =>
      new ReadinessNotifier({
        outbox: new NotificationOutbox(db),
        notifications: {
          async send(options) {
            sent.push(options.payload.topic!);
          },
        },
        logger,
        instanceId,
        tabUrl: () => undefined,
      });
    await Promise.all([notifier('a').flush(), notifier('b').flush()]);
    expect(sent).toHaveLength(20);
    expect(new Set(sent).size).toBe(20);
  });
});
