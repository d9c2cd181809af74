import { Flex, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  COMPLIANCE_STATUSES,
  ComplianceStatus,
  ComplianceSummaryResponse,
  GateStatus,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { DataTable, DataTableColumn } from '../DataTable';
import { ComplianceStatusLabel } from './ComplianceStatusLabel';

/** Props of {@link ComplianceSummary}. @public */
export interface ComplianceSummaryProps {
  summary: ComplianceSummaryResponse;
}

type SummaryRow = { id: ComplianceStatus };

const isGateStatus = (status: ComplianceStatus): status is GateStatus =>
  status !== 'no-protocol' && status !== 'not-evaluated';

/**
 * The adoption figure (how many of the filtered entities carry Protocol 11)
 * and, once, the counts as one table: a row per status, a column for the
 * overall status of every filtered entity and one per gate (over the
 * evaluated entities; "—" where a status does not apply to a gate).
 *
 * @public
 */
export function ComplianceSummary({ summary }: ComplianceSummaryProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const percent =
    summary.total > 0
      ? Math.round((summary.withProtocol / summary.total) * 100)
      : 0;
  const columns: DataTableColumn<SummaryRow>[] = [
    {
      id: 'status',
      label: t('page.summaryStatus'),
      isRowHeader: true,
      cell: row => <ComplianceStatusLabel status={row.id} />,
    },
    {
      id: 'overall',
      label: t('page.filters.overallGate'),
      cell: row => String(summary.overall[row.id] ?? 0),
    },
    ...RELEASE_GATE_IDS.map((gateId): DataTableColumn<SummaryRow> => ({
      id: gateId,
      label: t(`gates.${gateId}`),
      cell: row =>
        isGateStatus(row.id) ? String(summary.gates[gateId][row.id] ?? 0) : '—',
    })),
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
        items={COMPLIANCE_STATUSES.map(id => ({ id }))}
        minWidth={640}
      />
    </Flex>
  );
}
