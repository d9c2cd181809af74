/**
 * Sends the outbox's pending notifications through Backstage's notification
 * service: after every evaluation that stored a result, and on a schedule so
 * rows left by a failed send or a restart go out later.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationOutbox } from '../store/outbox';
import { notificationFor } from './message';

export interface ReadinessNotifierOptions {
  outbox: NotificationOutbox;
  notifications: NotificationService;
  logger: LoggerService;
  /** This instance's id (claims are taken in its name). */
  instanceId: string;
  tabUrl: (ref: CompoundEntityRef) => string | undefined;
  /** Sends tried per row before it is given up (kept, with its last error). Default 5. */
  maxAttempts?: number;
  /** How long a claim holds while sending. Default 1 minute. */
  claimMs?: number;
  /** False: rows are marked done without sending (`releaseReadiness.notifications.enabled: false`). Default true. */
  enabled?: boolean;
}

const BATCH = 50;

export class ReadinessNotifier {
  private running?: Promise<void>;
  private again = false;

  constructor(private readonly options: ReadinessNotifierOptions) {}

  /**
   * Sends every pending row this instance can claim. Calls while a flush runs
   * make it go round once more, so a row written meanwhile is not left behind.
   * Never rejects: failures are logged and the row is tried again later.
   */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.sendBatch()) === BATCH);
        } while (this.again);
      } catch (e) {
        this.options.logger.warn(`Release readiness notifications: ${e}`);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Sends one batch; resolves how many rows it claimed. */
  private async sendBatch(): Promise<number> {
    const { outbox, notifications, logger, instanceId } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 5;
    const rows = await outbox.claim(
      instanceId,
      Date.now(),
      this.options.claimMs ?? 60_000,
      { limit: BATCH, maxAttempts },
    );
    for (const row of rows) {
      if (this.options.enabled === false) {
        await outbox.markSent(row.id, instanceId, Date.now());
        continue;
      }
      if (!row.owner) {
        logger.info(
          `Release readiness: ${row.entityRef} has no owner; ${row.event.gateName} ${row.event.kind} not notified`,
        );
        await outbox.markSent(row.id, instanceId, Date.now());
        continue;
      }
      try {
        await notifications.send(notificationFor(row, this.options.tabUrl));
        await outbox.markSent(row.id, instanceId, Date.now());
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const last = row.attempts + 1 >= maxAttempts;
        logger.warn(
          `Release readiness: notification for ${row.entityRef} (${row.event.gateName} ${row.event.kind}) not sent${last ? ', giving up' : ', will retry'}: ${message}`,
        );
        // Backs off a minute per attempt; the schedule picks it up again.
        await outbox.markFailed(
          row.id,
          instanceId,
          message,
          Date.now() + 60_000 * (row.attempts + 1),
        );
      }
    }
    return rows.length;
  }
}
