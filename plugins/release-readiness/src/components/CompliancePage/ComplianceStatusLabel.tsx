import { RiHourglassLine, RiIndeterminateCircleLine } from '@remixicon/react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { ComplianceStatus } from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { GateStatusLabel } from '../GateStatus';

/**
 * An entity's status in the compliance list as an icon and a word: a gate
 * status, or "No protocol" / "Not evaluated" in the secondary colour.
 */
export function ComplianceStatusLabel({
  status,
}: {
  status: ComplianceStatus;
}) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  if (status !== 'no-protocol' && status !== 'not-evaluated') {
    return <GateStatusLabel status={status} size={16} />;
  }
  const Icon =
    status === 'no-protocol' ? RiIndeterminateCircleLine : RiHourglassLine;
  return (
    <span
      data-status={status}
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 4,
        color: 'var(--bui-fg-secondary, #424242)',
      }}
    >
      <Icon
        size={16}
        aria-hidden="true"
        focusable="false"
        style={{ flexShrink: 0 }}
      />
      <span>{t(`status.${status}`)}</span>
    </span>
  );
}
