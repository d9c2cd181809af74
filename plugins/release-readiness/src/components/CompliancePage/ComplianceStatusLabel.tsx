import { RiHourglassLine, RiIndeterminateCircleLine } from '@remixicon/react';
import { ComplianceStatus } from '@release-readiness/backstage-plugin-release-readiness-common';
import {
  GATE_STATUS_COLORS,
  GateStatusText,
  MUTED_STATUS_COLOR,
} from '../GateStatus/GateStatusLabel';

const SECONDARY = {
  display: 'inline-flex',
  alignItems: 'center',
  gap: 4,
  color: MUTED_STATUS_COLOR,
} as const;
const ICON = { flexShrink: 0 } as const;

/** The colour of each compliance status's word and icon (see `GATE_STATUS_COLORS`). */
export const COMPLIANCE_STATUS_COLORS: Record<ComplianceStatus, string> = {
  ...GATE_STATUS_COLORS,
  'no-protocol': MUTED_STATUS_COLOR,
  'not-evaluated': MUTED_STATUS_COLOR,
};

/**
 * An entity's status in the compliance list as an icon and a word: a gate
 * status, or "No protocol" / "Not evaluated" in the muted colour. The
 * word comes translated from the caller (`status.<status>`), which
 * translates each status once for a whole table rather than once per row.
 */
export function ComplianceStatusLabel({
  status,
  label,
}: {
  status: ComplianceStatus;
  label: string;
}) {
  if (status !== 'no-protocol' && status !== 'not-evaluated') {
    return <GateStatusText status={status} label={label} size={16} />;
  }
  const Icon =
    status === 'no-protocol' ? RiIndeterminateCircleLine : RiHourglassLine;
  return (
    <span data-status={status} style={SECONDARY}>
      <Icon size={16} aria-hidden="true" focusable="false" style={ICON} />
      <span>{label}</span>
    </span>
  );
}
