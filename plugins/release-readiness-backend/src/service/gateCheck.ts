/** The gate endpoint's decision, from an entity's fresh readiness. */
import {
  BlockingCriterion,
  EntityReadinessResponse,
  GateCheckResponse,
  RELEASE_GATE_IDS,
  ReleaseGateId,
} from '@release-readiness/backstage-plugin-release-readiness-common';

/** The gate ids as a pipeline writes them, for error messages. */
export const GATE_ID_LIST = RELEASE_GATE_IDS.join(', ');

export function isReleaseGateId(value: unknown): value is ReleaseGateId {
  return (
    typeof value === 'string' &&
    (RELEASE_GATE_IDS as readonly string[]).includes(value)
  );
}

/** `file field: reason` of one blocking criterion, for messages and comments. */
export function describeBlocker(b: BlockingCriterion): string {
  return `${b.file}${b.field ? ` ${b.field}` : ''}: ${b.reason}`;
}

/**
 * Decides whether `gateId` has passed in a readiness read for this request.
 * Without the protocol, without a result, or with a repository that could not
 * be read, the gate has not passed and `message` says why.
 */
export function gateCheck(
  readiness: EntityReadinessResponse,
  gateId: ReleaseGateId,
  url?: string,
): GateCheckResponse {
  const { entityRef } = readiness;
  const base = { entityRef, ...(url ? { url } : {}) };
  if (!readiness.hasProtocol) {
    return {
      ...base,
      gate: { id: gateId, name: gateId },
      passed: false,
      blocking: [],
      message: `${entityRef} does not carry Protocol 11 (no release-readiness.io/protocol11 annotation), so no gate can pass`,
    };
  }
  if (readiness.stale || !readiness.readiness) {
    const why = readiness.stale
      ? readiness.stale.reason
      : 'it has no evaluated result';
    return {
      ...base,
      gate: {
        id: gateId,
        name:
          readiness.readiness?.gates.find(g => g.id === gateId)?.name ?? gateId,
      },
      passed: false,
      blocking: [],
      message: `${entityRef}: the gate cannot be judged now: ${why}`,
    };
  }
  const index = RELEASE_GATE_IDS.indexOf(gateId);
  const gates = readiness.readiness.gates;
  const gate = gates.find(g => g.id === gateId)!;
  const blocking: BlockingCriterion[] = [];
  for (const g of gates.filter(
    x => RELEASE_GATE_IDS.indexOf(x.id) <= index && x.status !== 'passed',
  )) {
    for (const c of g.criteria) {
      if (c.status === 'passed') continue;
      blocking.push({
        gateId: g.id,
        gateName: g.name,
        criterionId: c.id,
        status: c.status,
        file: c.file,
        ...(c.field ? { field: c.field } : {}),
        reason: c.reason,
      });
    }
  }
  const passed = gate.status === 'passed';
  const first = blocking[0];
  const message = passed
    ? `${gate.name} passed for ${entityRef}`
    : `${gate.name} is ${gate.status} for ${entityRef}${first ? `: ${first.gateName}: ${describeBlocker(first)}` : `: ${gate.summary}`}${blocking.length > 1 ? ` (and ${blocking.length - 1} more)` : ''}`;
  return {
    ...base,
    gate: { id: gate.id, name: gate.name, status: gate.status },
    passed,
    message,
    blocking,
    ...(readiness.evaluatedAt ? { evaluatedAt: readiness.evaluatedAt } : {}),
  };
}
