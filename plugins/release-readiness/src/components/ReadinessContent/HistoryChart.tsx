import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Cell, CellText, ColumnConfig, Flex, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  GateHistoryEntry,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { GateStatusLabel } from '../GateStatus';
import { DataTable } from '../DataTable';
import { Timestamp } from '../EvaluatedAt';
import { historySeries, LEVEL_STATUS } from './historySeries';

/** Line styles per gate: distinct dashes as well as colours. */
const LINE_STYLE = {
  'release-authorization': { stroke: '#1f77b4', dash: undefined },
  'production-deployment': { stroke: '#9c27b0', dash: '6 3' },
  'stabilization-handoff': { stroke: '#e65100', dash: '2 2' },
} as const;

/** Props of {@link HistoryChart}. @public */
export interface HistoryChartProps {
  items: GateHistoryEntry[];
}

type HistoryRow = GateHistoryEntry & { id: string };

/**
 * The gates' states over time as a step chart, followed by the same changes
 * as a table (the chart's text alternative).
 *
 * @public
 */
export function HistoryChart({ items }: HistoryChartProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  if (items.length === 0) {
    return <Text as="p">{t('content.historyEmpty')}</Text>;
  }
  const data = historySeries(items);
  const formatTime = (time: number) => new Date(time).toLocaleDateString();
  const rows: HistoryRow[] = items.map((item, index) => ({ ...item, id: String(index) }));
  const columns: ColumnConfig<HistoryRow>[] = [
    {
      id: 'changedAt',
      label: t('content.historyColumns.changedAt'),
      cell: row => (
        <Cell>
          <Timestamp iso={row.changedAt} />
        </Cell>
      ),
    },
    {
      id: 'gate',
      label: t('content.historyColumns.gate'),
      isRowHeader: true,
      cell: row => <CellText title={t(`gates.${row.gateId}`)} />,
    },
    {
      id: 'from',
      label: t('content.historyColumns.from'),
      cell: row => (
        <Cell>
          {row.previousStatus ? (
            <GateStatusLabel status={row.previousStatus} size={14} />
          ) : (
            <Text color="secondary">{t('content.historyFirst')}</Text>
          )}
        </Cell>
      ),
    },
    {
      id: 'to',
      label: t('content.historyColumns.to'),
      cell: row => (
        <Cell>
          <GateStatusLabel status={row.status} size={14} />
        </Cell>
      ),
    },
  ];
  return (
    <Flex direction="column" gap="3">
      <div role="img" aria-label={t('content.historyChartLabel')} data-testid="history-chart">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 8, right: 24, bottom: 8, left: 24 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="time"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={formatTime}
            />
            <YAxis
              domain={[0, 4]}
              ticks={[0, 1, 2, 3, 4]}
              width={80}
              tickFormatter={(level: number) => t(`status.${LEVEL_STATUS[level]}`)}
            />
            <Tooltip
              labelFormatter={(time: number) => new Date(time).toLocaleString()}
              formatter={(level: number) => t(`status.${LEVEL_STATUS[level]}`)}
            />
            <Legend />
            {RELEASE_GATE_IDS.map(id => (
              <Line
                key={id}
                type="stepAfter"
                dataKey={id}
                name={t(`gates.${id}`)}
                stroke={LINE_STYLE[id].stroke}
                strokeDasharray={LINE_STYLE[id].dash}
                strokeWidth={2}
                dot
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <DataTable label={t('content.historyTableCaption')} columns={columns} items={rows} />
    </Flex>
  );
}
