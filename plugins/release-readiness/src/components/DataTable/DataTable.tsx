import { ReactNode } from 'react';
import {
  Column,
  ColumnConfig,
  Row,
  SortState,
  TableBody,
  TableHeader,
  TableItem,
  TableRoot,
} from '@backstage/ui';

/** Props of {@link DataTable}. */
export interface DataTableProps<T extends TableItem> {
  /** Accessible name of the table. */
  label: string;
  columns: readonly ColumnConfig<T>[];
  items: T[];
  /** Controlled sort; columns with `isSortable` become sortable headers. */
  sort?: SortState;
  /** Shown in the body when there are no items. */
  emptyState?: ReactNode;
  /** Dims the rows while a new page loads. */
  stale?: boolean;
  /** Below this width (pixels) the table scrolls sideways rather than squeezing its columns. */
  minWidth?: number;
}

/**
 * A Backstage UI table with an accessible name, built from its atomic parts
 * so that `aria-label` reaches the grid.
 */
export function DataTable<T extends TableItem>(props: DataTableProps<T>) {
  const { label, columns, items, sort, emptyState, stale, minWidth } = props;
  return (
    <div style={{ overflowX: 'auto' }}>
      <TableRoot
        aria-label={label}
        sortDescriptor={sort?.descriptor ?? undefined}
        onSortChange={sort?.onSortChange}
        stale={stale}
        style={minWidth ? { minWidth } : undefined}
      >
        <TableHeader columns={columns}>
          {column => (
            <Column
              id={column.id}
              isRowHeader={column.isRowHeader}
              allowsSorting={column.isSortable}
              style={
                typeof column.width === 'number'
                  ? { width: column.width }
                  : undefined
              }
            >
              {/* Headers wrap instead of being cut (the label's own style truncates). */}
              <span style={{ whiteSpace: 'normal' }}>{column.label}</span>
            </Column>
          )}
        </TableHeader>
        <TableBody
          items={items}
          dependencies={[columns]}
          renderEmptyState={emptyState ? () => emptyState : undefined}
        >
          {item => (
            <Row id={String(item.id)} columns={columns}>
              {column => column.cell(item)}
            </Row>
          )}
        </TableBody>
      </TableRoot>
    </div>
  );
}
