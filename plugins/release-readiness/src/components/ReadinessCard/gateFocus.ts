import {
  CriterionResult,
  CriterionStatus,
  GateResult,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { orderedGates } from './orderedGates';

/** Which criterion to name first: the worst status wins, then protocol order. */
const SEVERITY: Record<CriterionStatus, number> = {
  error: 0,
  failed: 1,
  pending: 2,
  passed: 3,
};

/** What holds a gate back, in one line and a count. */
export interface GateFocus {
  /** The one criterion to name: the first of the worst status. */
  first?: CriterionResult;
  /** How many other criteria have not passed. */
  rest: number;
}

/**
 * The criterion that blocks a gate most (error, then failed, then pending;
 * the first in the gate's order among equals) and how many others have not
 * passed. No criterion for a passed gate.
 *
 * @internal
 */
export function gateFocus(gate: GateResult): GateFocus {
  const open = gate.criteria.filter(c => c.status !== 'passed');
  if (open.length === 0) return { rest: 0 };
  const first = open.reduce((best, c) =>
    SEVERITY[c.status] < SEVERITY[best.status] ? c : best,
  );
  return { first, rest: open.length - 1 };
}

/**
 * For a blocked gate: the earlier gate it waits for, which is the first gate
 * in protocol order that has not passed (not merely the one before it).
 *
 * @internal
 */
export function waitsFor(
  gates: GateResult[],
  gate: GateResult,
): GateResult | undefined {
  const ordered = orderedGates(gates);
  const index = ordered.findIndex(g => g.id === gate.id);
  return ordered.slice(0, Math.max(index, 0)).find(g => g.status !== 'passed');
}
