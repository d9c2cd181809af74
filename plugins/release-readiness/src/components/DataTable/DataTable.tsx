import { CSSProperties, ReactNode } from 'react';
import { SortDescriptor, TableDefinition } from '@backstage/ui';
import { RiArrowUpLine } from '@remixicon/react';

/** One column of a {@link DataTable}. */
export interface DataTableColumn<T> {
  id: string;
  /** The header's text, shown in full (it wraps rather than being cut). */
  label: string;
  /** The column's cells name their rows (`<th scope="row">`). */
  isRowHeader?: boolean;
  /** The header is a button that asks for this column's sort. */
  isSortable?: boolean;
  /** Width in pixels; the other columns share the rest. */
  width?: number;
  /** The cell's content (the cell element itself is the table's). */
  cell: (item: T) => ReactNode;
}

/** Props of {@link DataTable}. */
export interface DataTableProps<T extends { id: string }> {
  /** Accessible name of the table. */
  label: string;
  columns: readonly DataTableColumn<T>[];
  items: T[];
  /**
   * Controlled sort. Pressing a sortable header asks for that column,
   * ascending, or the other direction when it is the current one.
   */
  sort?: {
    descriptor: SortDescriptor | null;
    onSortChange: (descriptor: SortDescriptor) => void;
  };
  /** Shown in the body when there are no items. */
  emptyState?: ReactNode;
  /** Dims the rows while a new page loads. */
  stale?: boolean;
  /** Below this width (pixels) the table scrolls sideways rather than squeezing its columns. */
  minWidth?: number;
  /**
   * Half of Backstage UI's side padding in each cell (8 px, not 12), for a
   * table with many narrow columns.
   */
  dense?: boolean;
}

/** Backstage UI's table class names (its stylesheet's own, so the look is the same). */
const styles: Readonly<Record<string, string>> = TableDefinition.styles;
const cls = (name: string) => `${name} ${styles[name] ?? ''}`;

const HEADER_BUTTON = {
  all: 'unset',
  cursor: 'pointer',
  display: 'block',
  width: '100%',
} as const;
/** Headers wrap instead of being cut (the label's own style truncates). */
const WRAP = { whiteSpace: 'normal' } as const;
const ROW_HEADER = { textAlign: 'left', fontWeight: 'inherit' } as const;
const DENSE = { paddingInline: 'var(--bui-space-2, 8px)' } as const;
const DENSE_ROW_HEADER = { ...ROW_HEADER, ...DENSE } as const;
/** A header cell holds its sort icon out of the flow (see below). */
const HEAD_POSITION = { position: 'relative' } as const;
/**
 * The sort icon of a column not sorted by shows on hover only (Backstage
 * UI's style); drawn over the cell's side padding, it takes no room from the
 * label, which keeps a narrow column's header whole.
 */
const HOVER_ICON = {
  position: 'absolute',
  right: 0,
  top: '50%',
  transform: 'translateY(-50%)',
} as const;
/**
 * The sorted column's icon follows the label's last word, inside the label,
 * and goes to a line of its own when that word fills the column: beside the
 * label (Backstage UI's place for it) it took its width from the label, and
 * a long word such as "Authorization" was cut to "Authoriz…".
 */
const SORTED_ICON = {
  verticalAlign: 'text-bottom',
  marginInlineStart: 4,
} as const;

/**
 * A table in Backstage UI's look (its table class names and styles), drawn
 * as a plain HTML table: a `<table>` named by `label`, column headers (a
 * sortable one holds a button and carries `aria-sort`), rows whose row-header
 * cells are `<th scope="row">`. Backstage UI's own table builds a react-aria
 * collection of every row and cell before it draws, which at a 50-row page
 * was most of the time between the rows' arrival and their paint; this one
 * has no row selection or keyboard grid navigation, which the pages using it
 * do not offer.
 */
export function DataTable<T extends { id: string }>(props: DataTableProps<T>) {
  const { label, columns, items, sort, emptyState, stale, minWidth, dense } =
    props;
  const cellStyle = dense ? DENSE : undefined;
  const current = sort?.descriptor;
  const sortBy = (column: string) =>
    sort?.onSortChange({
      column,
      direction:
        current?.column === column && current.direction === 'ascending'
          ? 'descending'
          : 'ascending',
    });
  const sortIcon = (style: CSSProperties) => (
    <span
      aria-hidden="true"
      className={cls('bui-TableHeadSortButton')}
      style={style}
    >
      <RiArrowUpLine size={16} />
    </span>
  );
  return (
    <div style={{ overflowX: 'auto' }}>
      <table
        aria-label={label}
        aria-busy={stale || undefined}
        className={cls('bui-Table')}
        data-stale={stale ? 'true' : undefined}
        style={minWidth ? { minWidth } : undefined}
      >
        <thead className={cls('bui-TableHeader')}>
          <tr>
            {columns.map(column => {
              const direction =
                current?.column === column.id ? current.direction : undefined;
              const content = (
                <div className={cls('bui-TableHeadContent')}>
                  <span className={cls('bui-TableHeadLabel')}>
                    <span style={WRAP}>
                      {column.label}
                      {column.isSortable && direction && (
                        <>
                          <wbr />
                          {sortIcon(SORTED_ICON)}
                        </>
                      )}
                    </span>
                  </span>
                  {column.isSortable && !direction && sortIcon(HOVER_ICON)}
                </div>
              );
              return (
                <th
                  key={column.id}
                  scope="col"
                  className={cls('bui-TableHead')}
                  aria-sort={
                    column.isSortable ? (direction ?? 'none') : undefined
                  }
                  data-sort-direction={direction}
                  style={{
                    ...HEAD_POSITION,
                    ...cellStyle,
                    ...(column.width ? { width: column.width } : undefined),
                  }}
                >
                  {column.isSortable && sort ? (
                    <button
                      type="button"
                      style={HEADER_BUTTON}
                      onClick={() => sortBy(column.id)}
                    >
                      {content}
                    </button>
                  ) : (
                    content
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className={cls('bui-TableBody')}>
          {items.length === 0 && emptyState ? (
            <tr className={cls('bui-TableRow')}>
              <td className={cls('bui-TableCell')} colSpan={columns.length}>
                {emptyState}
              </td>
            </tr>
          ) : (
            items.map(item => (
              <tr key={item.id} className={cls('bui-TableRow')}>
                {columns.map(column =>
                  column.isRowHeader ? (
                    <th
                      key={column.id}
                      scope="row"
                      className={cls('bui-TableCell')}
                      style={dense ? DENSE_ROW_HEADER : ROW_HEADER}
                    >
                      {column.cell(item)}
                    </th>
                  ) : (
                    <td
                      key={column.id}
                      className={cls('bui-TableCell')}
                      style={cellStyle}
                    >
                      {column.cell(item)}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
