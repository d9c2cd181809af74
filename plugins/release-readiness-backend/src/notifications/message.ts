/** The Backstage notification for one gate event. */
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { PendingNotification } from '../store/outbox';
import { ENTITY_TAB_PATH } from '../service/links';

/**
 * The notification topic of an entity: its entity ref
 * (`component:default/checkout-web`). A user mutes one entity by turning its
 * topic off in the notification settings (origin `plugin:release-readiness`).
 */
export const notificationTopic = (entityRef: string) => entityRef;

const where = (b: { file: string; field?: string }) =>
  b.field ? `${b.file} ${b.field}` : b.file;

/** Title, description, link, topic and scope of the notification of a pending row. */
export function notificationFor(
  row: PendingNotification,
  tabUrl: (ref: CompoundEntityRef) => string | undefined,
): NotificationSendOptions {
  const { event } = row;
  const label = row.title ?? row.name;
  let title: string;
  let description: string;
  let severity: 'high' | 'normal';
  if (event.kind === 'regressed') {
    title = `${label}: ${event.gateName} ${event.status} (was passed)`;
    const [first, ...rest] = event.blocking;
    description = first
      ? `Blocked by ${where(first)}: ${first.reason}${rest.length ? ` (and ${rest.length} more: ${rest.map(where).join(', ')})` : ''}`
      : `${event.gateName} is ${event.status}.`;
    severity = 'high';
  } else if (event.kind === 'authorized') {
    title = `${label}: ${event.gateName} passed`;
    description = `${row.entityRef} may be deployed: ${event.gateName} passed (was ${event.previousStatus}).`;
    severity = 'normal';
  } else {
    title = `${label}: ${event.gateName} passed, ready for the Protocol 12 handoff`;
    description = `Every gate of ${row.entityRef} passed; hand the release over to Protocol 12 (Monitoring & Observability).`;
    severity = 'normal';
  }
  const ref = { kind: row.kind, namespace: row.namespace, name: row.name };
  // Relative when app.baseUrl is not configured: the notifications page resolves it.
  const link =
    tabUrl(ref) ??
    `/catalog/${encodeURIComponent(row.namespace)}/${encodeURIComponent(row.kind)}/${encodeURIComponent(row.name)}/${ENTITY_TAB_PATH}`;
  return {
    recipients: { type: 'entity', entityRef: row.owner! },
    payload: {
      title,
      description,
      link,
      severity,
      topic: notificationTopic(row.entityRef),
      scope: `release-readiness:${row.entityRef}:${event.gateId}:${event.kind}`,
      metadata: {
        entityRef: row.entityRef,
        gateId: event.gateId,
        event: event.kind,
        status: event.status,
        previousStatus: event.previousStatus,
        blocking: event.blocking.map(b => ({ ...b })),
      },
    },
  };
}
