import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Cell, CellText, ColumnConfig, Flex, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  ComplianceSummaryResponse,
  GateStatus,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { DataTable } from '../DataTable';
import { GateStatusLabel } from '../GateStatus';

const STATUSES: GateStatus[] = [
  'passed',
  'pending',
  'blocked',
  'failed',
  'error',
];

/** Fill colours plus patterns' stand-in: each bar segment is also named in the legend and table. */
const FILL: Record<GateStatus, string> = {
  passed: '#2e7d32',
  pending: '#f9a825',
  blocked: '#757575',
  failed: '#c62828',
  error: '#6a1b9a',
};

/** Props of {@link SummaryChart}. @public */
export interface SummaryChartProps {
  summary: ComplianceSummaryResponse;
}

type SummaryRow = { id: string; name: string } & Partial<
  Record<GateStatus, number>
>;

/**
 * Entities per gate and status as a stacked bar chart, with the same counts
 * as a table for screen readers and keyboard users.
 *
 * @public
 */
export function SummaryChart({ summary }: SummaryChartProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const rows: SummaryRow[] = [
    ...RELEASE_GATE_IDS.map(id => ({
      id,
      name: t(`gates.${id}`),
      ...summary.gates[id],
    })),
    { id: 'overall', name: t('page.filters.overallGate'), ...summary.overall },
  ];
  const columns: ColumnConfig<SummaryRow>[] = [
    {
      id: 'gate',
      label: t('page.summaryGate'),
      isRowHeader: true,
      cell: r => <CellText title={r.name} />,
    },
    ...STATUSES.map((status): ColumnConfig<SummaryRow> => ({
      id: status,
      label: t(`status.${status}`),
      cell: r => <Cell>{String(r[status] ?? 0)}</Cell>,
    })),
  ];
  return (
    <Flex direction="column" gap="3">
      <Text as="p" variant="body-medium">
        {t('page.summaryTotal', { total: String(summary.total) })}
      </Text>
      <div
        role="img"
        aria-label={t('page.summaryChartLabel')}
        data-testid="summary-chart"
      >
        <ResponsiveContainer width="100%" height={240}>
          <BarChart
            data={rows}
            layout="vertical"
            margin={{ left: 24, right: 24 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="name" width={170} />
            <Tooltip />
            <Legend />
            {STATUSES.map(status => (
              <Bar
                key={status}
                dataKey={status}
                name={t(`status.${status}`)}
                stackId="status"
                fill={FILL[status]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <DataTable
        label={t('page.summaryTableCaption')}
        columns={columns}
        items={rows}
      />
      <Text as="p" variant="body-x-small" color="secondary">
        {STATUSES.map(status => (
          <span key={status} style={{ marginRight: 12 }}>
            <GateStatusLabel status={status} size={12} />
          </span>
        ))}
      </Text>
    </Flex>
  );
}
