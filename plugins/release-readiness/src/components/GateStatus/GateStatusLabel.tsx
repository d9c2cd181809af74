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

/**
 * Colours that back up (never replace) the icon and the word: Backstage UI's
 * subdued intent text tokens (`--bui-<intent>-fg-subdued`), which keep WCAG AA
 * contrast (4.5:1) on a card in the light and the dark theme, where the
 * plain `--bui-fg-positive` / `--bui-fg-negative` do not (about 2.5:1 and
 * 3.6:1 on white). Failed is the danger tone, Error the warning tone (a
 * check that could not run is not a failed check), Pending the info tone,
 * Blocked {@link MUTED_STATUS_COLOR}. The fallbacks are the light theme's.
 * `statusColors.test.ts` checks every one against Backstage UI's stylesheet.
 */
export const GATE_STATUS_COLORS: Record<GateStatus, string> = {
  passed: 'var(--bui-positive-fg-subdued, #0c632b)',
  failed: 'var(--bui-negative-fg-subdued, #991919)',
  pending: 'var(--bui-announcement-fg-subdued, #173da6)',
  blocked: 'color-mix(in srgb, var(--bui-fg-primary, #000) 65%, transparent)',
  error: 'var(--bui-warning-fg-subdued, #aa4d00)',
};

/**
 * Muted text for a status that is no verdict (blocked, no protocol, not
 * evaluated): the text colour at 65%, which keeps 4.5:1 on a card in both
 * themes, where Backstage UI's `--bui-fg-secondary` (#a3a3a3 on the dark
 * theme's #424141 card) reaches only 4.0:1.
 */
export const MUTED_STATUS_COLOR = GATE_STATUS_COLORS.blocked;

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
