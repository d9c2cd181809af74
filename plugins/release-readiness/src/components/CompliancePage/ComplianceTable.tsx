import {
  Cell,
  CellText,
  ColumnConfig,
  Link,
  SortDescriptor,
  TablePagination,
  Text,
} from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  COMPLIANCE_SORT_FIELDS,
  ComplianceRow,
  ComplianceSortField,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { entityReadinessTabPath } from '../../links';
import { GateStatusLabel } from '../GateStatus';
import { Timestamp } from '../EvaluatedAt';
import { DataTable } from '../DataTable';

/** Current sort of the compliance table. */
export interface ComplianceSort {
  field: ComplianceSortField;
  order: 'asc' | 'desc';
}

/** Props of {@link ComplianceTable}. */
export interface ComplianceTableProps {
  rows: ComplianceRow[];
  totalCount: number;
  offset: number;
  pageSize: number;
  sort: ComplianceSort;
  /** True while the next page loads; the current rows stay visible, dimmed. */
  loading: boolean;
  onSortChange: (sort: ComplianceSort) => void;
  onOffsetChange: (offset: number) => void;
  onPageSizeChange: (pageSize: number) => void;
}

type Row = ComplianceRow & { id: string };

const PAGE_SIZES = [25, 50, 100, 200];

/**
 * One page of the compliance list: each entity (linked to its
 * release-readiness tab) with its overall status and a column per gate.
 * Sorting and paging are delegated to the caller, which asks the server.
 */
export function ComplianceTable(props: ComplianceTableProps) {
  const { rows, totalCount, offset, pageSize, sort, loading } = props;
  const { t } = useTranslationRef(releaseReadinessTranslationRef);

  const text = (value: string | undefined) => <CellText title={value ?? '—'} />;
  const columns: ColumnConfig<Row>[] = [
    {
      id: 'name',
      label: t('page.columns.entity'),
      isRowHeader: true,
      isSortable: true,
      cell: row => (
        <Cell>
          <Link href={entityReadinessTabPath(row)}>
            {row.title ?? row.name}
          </Link>
          {row.stale && (
            <Text
              variant="body-x-small"
              color="warning"
              title={row.stale.reason}
            >
              {' '}
              ({t('page.stale')})
            </Text>
          )}
        </Cell>
      ),
    },
    {
      id: 'kind',
      label: t('page.columns.kind'),
      isSortable: true,
      cell: row => text(row.kind),
    },
    {
      id: 'owner',
      label: t('page.columns.owner'),
      isSortable: true,
      cell: row => text(row.owner),
    },
    {
      id: 'system',
      label: t('page.columns.system'),
      isSortable: true,
      cell: row => text(row.system),
    },
    {
      id: 'lifecycle',
      label: t('page.columns.lifecycle'),
      isSortable: true,
      cell: row => text(row.lifecycle),
    },
    {
      id: 'overall',
      label: t('page.columns.overall'),
      isSortable: true,
      cell: row => (
        <Cell>
          <GateStatusLabel status={row.overall} size={16} />
        </Cell>
      ),
    },
    ...RELEASE_GATE_IDS.map((gateId): ColumnConfig<Row> => ({
      id: gateId,
      label: t(`gates.${gateId}`),
      isSortable: true,
      cell: row => (
        <Cell>
          <GateStatusLabel status={row.gates[gateId]} size={16} />
        </Cell>
      ),
    })),
    {
      id: 'evaluatedAt',
      label: t('page.columns.evaluatedAt'),
      isSortable: true,
      cell: row => (
        <Cell>
          {row.evaluatedAt ? <Timestamp iso={row.evaluatedAt} /> : '—'}
        </Cell>
      ),
    },
  ];

  const descriptor: SortDescriptor = {
    column: sort.field,
    direction: sort.order === 'asc' ? 'ascending' : 'descending',
  };

  return (
    <div>
      <DataTable
        label={t('page.title')}
        columns={columns}
        items={rows.map(row => ({ ...row, id: row.entityRef }))}
        stale={loading}
        emptyState={<Text as="p">{t('page.empty')}</Text>}
        sort={{
          descriptor,
          onSortChange: next => {
            const field = COMPLIANCE_SORT_FIELDS.find(f => f === next.column);
            if (field) {
              props.onSortChange({
                field,
                order: next.direction === 'descending' ? 'desc' : 'asc',
              });
            }
          },
        }}
      />
      <TablePagination
        pageSize={pageSize}
        pageSizeOptions={PAGE_SIZES}
        offset={offset}
        totalCount={totalCount}
        hasPreviousPage={offset > 0}
        hasNextPage={offset + pageSize < totalCount}
        onPreviousPage={() =>
          props.onOffsetChange(Math.max(0, offset - pageSize))
        }
        onNextPage={() => props.onOffsetChange(offset + pageSize)}
        onPageSizeChange={props.onPageSizeChange}
        showPageSizeOptions
      />
    </div>
  );
}
