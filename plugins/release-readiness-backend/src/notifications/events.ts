/**
 * Which gate changes the entity's owner is told about. Decided from the stored
 * previous result and the new one, inside the transaction that stores it, so
 * an evaluation that finds the same statuses decides nothing new.
 */
import {
  GateStatus,
  ReleaseGateId,
  ReleaseReadiness,
} from '@release-readiness/backstage-plugin-release-readiness-common';

/** What happened: a gate went from passed to failed or error; Release Authorization or Stabilization & Handoff passed. */
export type NotificationEventKind = 'regressed' | 'authorized' | 'handed-off';

/** One event to notify the owner of, with what the owner needs to act. */
export interface NotificationEvent {
  kind: NotificationEventKind;
  gateId: ReleaseGateId;
  gateName: string;
  previousStatus: GateStatus;
  status: GateStatus;
  /** For a regression: the criteria of the gate that do not pass (at most 5). */
  blocking: { file: string; field?: string; reason: string }[];
}

const REGRESSED: GateStatus[] = ['failed', 'error'];
const MAX_BLOCKING = 5;

/**
 * The events between two results of one entity. Without a previous result
 * (the first evaluation ever) there are none: a gate already passed when the
 * plugin first sees it is not news, and installing the plugin does not notify
 * every owner at once.
 */
export function notificationEvents(
  previous: ReleaseReadiness | undefined,
  next: ReleaseReadiness,
): NotificationEvent[] {
  if (!previous) return [];
  const events: NotificationEvent[] = [];
  for (const gate of next.gates) {
    const before = previous.gates.find(g => g.id === gate.id)?.status;
    if (!before || before === gate.status) continue;
    const base = {
      gateId: gate.id,
      gateName: gate.name,
      previousStatus: before,
      status: gate.status,
    };
    if (before === 'passed' && REGRESSED.includes(gate.status)) {
      events.push({
        kind: 'regressed',
        ...base,
        blocking: gate.criteria
          .filter(c => c.status !== 'passed')
          .slice(0, MAX_BLOCKING)
          .map(c => ({
            file: c.file,
            ...(c.field ? { field: c.field } : {}),
            reason: c.reason,
          })),
      });
    } else if (gate.status === 'passed') {
      if (gate.id === 'release-authorization')
        events.push({ kind: 'authorized', ...base, blocking: [] });
      else if (gate.id === 'stabilization-handoff')
        events.push({ kind: 'handed-off', ...base, blocking: [] });
    }
  }
  return events;
}
