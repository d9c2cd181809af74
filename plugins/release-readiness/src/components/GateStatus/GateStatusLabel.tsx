import {
  RiCheckboxCircleFill,
  RiCloseCircleFill,
  RiErrorWarningFill,
  RiLockLine,
  RiTimeLine,
} from '@remixicon/react';
import { GateStatus } from '@release-readiness/backstage-plugin-release-readiness-common';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { releaseReadinessTranslationRef } from '../../translation';

const ICONS = {
  passed: RiCheckboxCircleFill,
  failed: RiCloseCircleFill,
  pending: RiTimeLine,
  blocked: RiLockLine,
  error: RiErrorWarningFill,
} as const;

/** Colours that back up (never replace) the icon and the word. */
export const GATE_STATUS_COLORS: Record<GateStatus, string> = {
  passed: 'var(--bui-fg-positive, #1b5e20)',
  failed: 'var(--bui-fg-negative, #b71c1c)',
  pending: 'var(--bui-fg-warning, #8a5300)',
  blocked: 'var(--bui-fg-secondary, #424242)',
  error: 'var(--bui-fg-negative, #b71c1c)',
};

/** Props of {@link GateStatusLabel}. @public */
export interface GateStatusLabelProps {
  status: GateStatus;
  /** Icon size in pixels (default 18). */
  size?: number;
}

/**
 * A gate or criterion status as an icon and a word, so it never depends on
 * colour alone. The icon is decorative; the word carries the meaning.
 *
 * @public
 */
export function GateStatusLabel({ status, size = 18 }: GateStatusLabelProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const Icon = ICONS[status];
  return (
    <span
      data-status={status}
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 4,
        fontWeight: 600,
        color: GATE_STATUS_COLORS[status],
        whiteSpace: 'nowrap',
      }}
    >
      <Icon size={size} aria-hidden="true" focusable="false" />
      <span>{t(`status.${status}`)}</span>
    </span>
  );
}
