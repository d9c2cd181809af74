/**
 * The notification outbox table: rows written with the result that caused
 * them (see ReadinessStore.saveResult), claimed by one instance at a time,
 * marked sent once the notification service accepted them.
 */
import { Knex } from 'knex';
import { NotificationEvent } from '../notifications/events';

export const NOTIFICATIONS = 'release_readiness_notifications';

/** One unsent notification with the entity facts the message needs. */
export interface PendingNotification {
  id: number;
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  /** Lowercase owner ref; undefined when the entity names no owner. */
  owner?: string;
  event: NotificationEvent;
  attempts: number;
}

/** The rows to insert for these events, inside the result's transaction. */
export function outboxRows(
  entityRef: string,
  events: NotificationEvent[],
  at: number,
) {
  return events.map(event => ({
    entity_ref: entityRef,
    event: event.kind,
    gate_id: event.gateId,
    detail: JSON.stringify(event),
    created_at: at,
  }));
}

export class NotificationOutbox {
  constructor(private readonly db: Knex) {}

  /**
   * Claims up to `limit` unsent rows (oldest first) for `owner` until
   * `now + claimMs`. Rows another instance claimed and has not released in
   * time are claimed again. Each claim is one conditional UPDATE, so two
   * instances never both send a row.
   */
  async claim(
    owner: string,
    now: number,
    claimMs: number,
    options: { limit: number; maxAttempts: number },
  ): Promise<PendingNotification[]> {
    const candidates = await this.db(NOTIFICATIONS)
      .select('id')
      .whereNull('sent_at')
      .andWhere('claimed_until', '<', now)
      .andWhere('attempts', '<', options.maxAttempts)
      .orderBy('id', 'asc')
      .limit(options.limit);
    const claimed: number[] = [];
    for (const { id } of candidates) {
      const updated = await this.db(NOTIFICATIONS)
        .where('id', id)
        .whereNull('sent_at')
        .andWhere('claimed_until', '<', now)
        .update({ claimed_by: owner, claimed_until: now + claimMs });
      if (updated === 1) claimed.push(Number(id));
    }
    if (!claimed.length) return [];
    const rows = await this.db(NOTIFICATIONS)
      .join(
        'release_readiness_entities as e',
        'e.entity_ref',
        `${NOTIFICATIONS}.entity_ref`,
      )
      .whereIn(`${NOTIFICATIONS}.id`, claimed)
      .orderBy(`${NOTIFICATIONS}.id`, 'asc')
      .select(
        `${NOTIFICATIONS}.id`,
        `${NOTIFICATIONS}.entity_ref`,
        `${NOTIFICATIONS}.detail`,
        `${NOTIFICATIONS}.attempts`,
        'e.kind',
        'e.namespace',
        'e.name',
        'e.title',
        'e.owner',
      );
    return rows.map(r => ({
      id: Number(r.id),
      entityRef: r.entity_ref,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      title: r.title ?? undefined,
      owner: r.owner ?? undefined,
      event: JSON.parse(r.detail) as NotificationEvent,
      attempts: Number(r.attempts),
    }));
  }

  async markSent(id: number, owner: string, at: number): Promise<void> {
    await this.db(NOTIFICATIONS)
      .where({ id, claimed_by: owner })
      .update({ sent_at: at, claimed_by: null, claimed_until: 0 });
  }

  /** A failed send: counted, and left alone until `retryAt` (epoch ms), then tried again until `maxAttempts`. */
  async markFailed(
    id: number,
    owner: string,
    error: string,
    retryAt: number,
  ): Promise<void> {
    await this.db(NOTIFICATIONS)
      .where({ id, claimed_by: owner })
      .update({
        attempts: this.db.raw('attempts + 1'),
        last_error: error.slice(0, 1000),
        claimed_by: null,
        claimed_until: retryAt,
      });
  }

  /** Rows not yet sent (for tests and diagnostics). */
  async pendingCount(): Promise<number> {
    const [{ count }] = await this.db(NOTIFICATIONS)
      .whereNull('sent_at')
      .count({ count: '*' });
    return Number(count);
  }
}
