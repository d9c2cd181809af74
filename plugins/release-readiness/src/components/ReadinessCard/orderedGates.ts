import {
  GateResult,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';

/**
 * The gates in protocol order (Release Authorization, Production Deployment,
 * Stabilization & Handoff), whatever order the payload has.
 *
 * @internal
 */
export function orderedGates(gates: GateResult[]): GateResult[] {
  return [...gates].sort(
    (a, b) => RELEASE_GATE_IDS.indexOf(a.id) - RELEASE_GATE_IDS.indexOf(b.id),
  );
}
