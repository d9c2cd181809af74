import { Flex, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  COMPLIANCE_STATUSES,
  ComplianceStatus,
  ComplianceSummaryResponse,
  GateStatus,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { useId } from 'react';
import { releaseReadinessTranslationRef } from '../../translation';
import { GATE_STATUS_COLORS } from '../GateStatus/GateStatusLabel';
import { ComplianceStatusLabel } from './ComplianceStatusLabel';

/** Props of {@link ComplianceSummary}. @public */
export interface ComplianceSummaryProps {
  summary: ComplianceSummaryResponse;
}

const isGateStatus = (status: ComplianceStatus): status is GateStatus =>
  status !== 'no-protocol' && status !== 'not-evaluated';

/** A bar segment's fill: the status's own colour, greys for no protocol / not evaluated. */
const fill = (status: ComplianceStatus) => {
  if (isGateStatus(status)) return GATE_STATUS_COLORS[status];
  return status === 'no-protocol'
    ? 'var(--bui-gray-4, #bdbdbd)'
    : 'var(--bui-gray-6, #8d8d8d)';
};

type Bar = {
  id: string;
  label: string;
  /** What the bar counts, the base of its percentages ("12 entities"). */
  base: string;
  counts: [ComplianceStatus, number][];
};

/** How many entities a bar counts: the base of its percentages. */
const totalOf = (counts: Bar['counts']) =>
  counts.reduce((sum, [, n]) => sum + n, 0);

/**
 * One bar: a line of segments as wide as their counts (decorative, hidden from
 * assistive technology) over the same counts as words and numbers, a list that
 * screen readers read and that stays readable however thin a segment is.
 */
function SummaryBar({ bar }: { bar: Bar }) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const labelId = useId();
  const total = totalOf(bar.counts);
  const shown = bar.counts.filter(([, n]) => n > 0);
  return (
    <div role="group" aria-labelledby={labelId} data-testid={`bar-${bar.id}`}>
      <Text as="p" id={labelId} variant="body-medium">
        <Text as="span" variant="body-medium" weight="bold">
          {bar.label}
        </Text>{' '}
        <Text as="span" variant="body-small" color="secondary">
          {`· ${bar.base}`}
        </Text>
      </Text>
      <div
        aria-hidden="true"
        style={{
          display: 'flex',
          // A gap keeps same-coloured neighbours (failed, error) apart.
          gap: 2,
          height: 14,
          margin: '4px 0',
          borderRadius: 3,
          overflow: 'hidden',
          background: 'var(--bui-bg-tint, #f0f0f0)',
        }}
      >
        {shown.map(([status, n]) => (
          <span
            key={status}
            data-segment={status}
            style={{
              flexGrow: n,
              flexBasis: 0,
              minWidth: 3,
              background: fill(status),
            }}
          />
        ))}
      </div>
      <ul
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: '4px 16px',
          margin: 0,
          padding: 0,
          listStyle: 'none',
        }}
      >
        {shown.map(([status, n]) => (
          <li
            key={status}
            data-count={status}
            style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}
          >
            <ComplianceStatusLabel
              status={status}
              label={t(`status.${status}`)}
            />
            <span style={{ fontVariantNumeric: 'tabular-nums' }}>
              {n}
              {total > 0 ? ` (${Math.round((n / total) * 100)}%)` : ''}
            </span>
          </li>
        ))}
        {shown.length === 0 && (
          <li>
            <Text as="span" variant="body-medium" color="secondary">
              {t('page.summaryNone')}
            </Text>
          </li>
        )}
      </ul>
    </div>
  );
}

/**
 * The adoption figure (how many of the filtered entities carry Protocol 11,
 * with a line saying which filters it follows: all but the status filter)
 * and, once, the counts as a bar chart: one bar for the overall status of
 * every filtered entity (with "no protocol" and "not evaluated") and one per
 * gate (over the evaluated entities), each bar named with what it counts
 * (the base of its percentages) and its counts written beside it as status,
 * number and percentage, so the values are readable and reach screen readers.
 *
 * @public
 */
export function ComplianceSummary({ summary }: ComplianceSummaryProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const captionId = useId();
  const percent =
    summary.total > 0
      ? Math.round((summary.withProtocol / summary.total) * 100)
      : 0;
  // The overall bar counts every filtered entity, a gate's bar only the
  // evaluated ones: each says which, as its percentages differ in base.
  const overall: Bar['counts'] = COMPLIANCE_STATUSES.map(s => [
    s,
    summary.overall[s] ?? 0,
  ]);
  const bars: Bar[] = [
    {
      id: 'overall',
      label: t('page.summaryOverall'),
      base: t('page.summaryBaseAll', { count: totalOf(overall) }),
      counts: overall,
    },
    ...RELEASE_GATE_IDS.map((gateId): Bar => {
      const counts: Bar['counts'] = COMPLIANCE_STATUSES.filter(
        isGateStatus,
      ).map(s => [s, summary.gates[gateId][s] ?? 0]);
      return {
        id: gateId,
        label: t(`gates.${gateId}`),
        base: t('page.summaryBaseEvaluated', { count: totalOf(counts) }),
        counts,
      };
    }),
  ];
  return (
    <Flex direction="column" gap="3">
      <Flex direction="column" gap="1">
        <Text as="p" variant="body-medium" data-testid="adoption">
          {t('page.adoption', {
            withProtocol: String(summary.withProtocol),
            count: summary.total,
            percent: String(percent),
          })}
        </Text>
        <Text as="p" variant="body-small" color="secondary">
          {t('page.summaryScope')}
        </Text>
      </Flex>
      <figure aria-labelledby={captionId} style={{ margin: 0 }}>
        <Text
          as="p"
          id={captionId}
          variant="body-small"
          color="secondary"
          style={{ marginBottom: 8 }}
        >
          {t('page.summaryTableCaption')}
        </Text>
        <Flex direction="column" gap="4">
          {bars.map(bar => (
            <SummaryBar key={bar.id} bar={bar} />
          ))}
        </Flex>
      </figure>
    </Flex>
  );
}
