import type { CSSProperties } from 'react';
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

/** One style object per status, built once (not one per rendered label). */
const STYLES = Object.fromEntries(
  Object.entries(GATE_STATUS_COLORS).map(([status, color]) => [
    status,
    {
      display: 'inline-flex',
      alignItems: 'center',
      gap: 4,
      fontWeight: 600,
      color,
      whiteSpace: 'nowrap',
    } as const,
  ]),
) as Record<GateStatus, CSSProperties>;

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
  return (
    <GateStatusText status={status} size={size} label={t(`status.${status}`)} />
  );
}

/**
 * What {@link GateStatusLabel} draws, with the word given: no hook, so a
 * table that translates each status once draws hundreds of them cheaply.
 *
 * @internal
 */
export function GateStatusText(props: {
  status: GateStatus;
  /** The status as a word, already translated. */
  label: string;
  /** Icon size in pixels. */
  size: number;
}) {
  const Icon = ICONS[props.status];
  return (
    <span data-status={props.status} style={STYLES[props.status]}>
      <Icon size={props.size} aria-hidden="true" focusable="false" />
      <span>{props.label}</span>
    </span>
  );
}
