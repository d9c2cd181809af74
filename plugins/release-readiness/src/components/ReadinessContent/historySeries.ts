import {
  GateHistoryEntry,
  GateStatus,
  RELEASE_GATE_IDS,
  ReleaseGateId,
} from '@release-readiness/backstage-plugin-release-readiness-common';

/** Vertical position of each status in the history chart, worst at the bottom. */
export const STATUS_LEVEL: Record<GateStatus, number> = {
  error: 0,
  failed: 1,
  blocked: 2,
  pending: 3,
  passed: 4,
};

/** Statuses by level, for the chart's axis. */
export const LEVEL_STATUS: GateStatus[] = ['error', 'failed', 'blocked', 'pending', 'passed'];

/** One point of the history chart: every gate's level at one instant. */
export type HistoryPoint = { time: number } & Partial<Record<ReleaseGateId, number>>;

/**
 * Turns gate changes (oldest first) into chart points: one per instant at
 * which something changed, each gate carrying its last known level forward.
 *
 * @internal
 */
export function historySeries(items: GateHistoryEntry[]): HistoryPoint[] {
  const sorted = [...items].sort(
    (a, b) => Date.parse(a.changedAt) - Date.parse(b.changedAt),
  );
  const current: Partial<Record<ReleaseGateId, number>> = {};
  const points: HistoryPoint[] = [];
  for (const item of sorted) {
    current[item.gateId] = STATUS_LEVEL[item.status];
    const time = Date.parse(item.changedAt);
    const last = points[points.length - 1];
    const point: HistoryPoint = { time };
    for (const id of RELEASE_GATE_IDS) {
      if (current[id] !== undefined) point[id] = current[id];
    }
    if (last && last.time === time) points[points.length - 1] = point;
    else points.push(point);
  }
  return points;
}
