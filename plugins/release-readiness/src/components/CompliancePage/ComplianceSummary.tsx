import { Cell, CellText, ColumnConfig, Flex, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  ComplianceStatus,
  ComplianceSummaryResponse,
  GateStatus,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { DataTable } from '../DataTable';

const GATE_STATUSES: GateStatus[] = [
  'passed',
  'pending',
  'blocked',
  'failed',
  'error',
];

/** Props of {@link ComplianceSummary}. @public */
export interface ComplianceSummaryProps {
  summary: ComplianceSummaryResponse;
}

type SummaryRow = {
  id: string;
  name: string;
  counts: Partial<Record<ComplianceStatus, number>>;
};

/**
 * The adoption figure (how many of the filtered entities carry Protocol 11)
 * and, once, the counts per gate and status as one table: the overall status
 * of every filtered entity, then each gate's over the evaluated ones.
 *
 * @public
 */
export function ComplianceSummary({ summary }: ComplianceSummaryProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const percent =
    summary.total > 0
      ? Math.round((summary.withProtocol / summary.total) * 100)
      : 0;
  const rows: SummaryRow[] = [
    {
      id: 'overall',
      name: t('page.filters.overallGate'),
      counts: summary.overall,
    },
    ...RELEASE_GATE_IDS.map(id => ({
      id,
      name: t(`gates.${id}`),
      counts: summary.gates[id],
    })),
  ];
  const count = (row: SummaryRow, status: ComplianceStatus) => {
    if (row.id !== 'overall' && !GATE_STATUSES.some(s => s === status)) {
      return <Cell>—</Cell>;
    }
    return <Cell>{String(row.counts[status] ?? 0)}</Cell>;
  };
  const columns: ColumnConfig<SummaryRow>[] = [
    {
      id: 'gate',
      label: t('page.summaryGate'),
      isRowHeader: true,
      width: 200,
      cell: r => <CellText title={r.name} />,
    },
    ...[...GATE_STATUSES, 'not-evaluated' as const, 'no-protocol' as const].map(
      (status): ColumnConfig<SummaryRow> => ({
        id: status,
        label: t(`status.${status}`),
        cell: r => count(r, status),
      }),
    ),
  ];
  return (
    <Flex direction="column" gap="3">
      <Text as="p" variant="body-medium" data-testid="adoption">
        {t('page.adoption', {
          withProtocol: String(summary.withProtocol),
          total: String(summary.total),
          percent: String(percent),
        })}
      </Text>
      <DataTable
        label={t('page.summaryTableCaption')}
        columns={columns}
        items={rows}
      />
    </Flex>
  );
}
