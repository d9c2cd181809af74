import { useMemo } from 'react';
import { Flex, SortDescriptor, TablePagination, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  COMPLIANCE_SORT_FIELDS,
  COMPLIANCE_STATUSES,
  ComplianceStatus,
  ComplianceRow,
  ComplianceSortField,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { entityReadinessTabPath, protocol11TemplateUrl } from '../../links';
import { GateStatusText } from '../GateStatus/GateStatusLabel';
import { Timestamp } from '../EvaluatedAt';
import { ComplianceStatusLabel } from './ComplianceStatusLabel';
import { DataTable, DataTableColumn } from '../DataTable';
import {
  breakable,
  entityTitle,
  PresentedRef,
  TableLink,
  useRefPresentations,
  useTableLinkClick,
} from './tableLinks';

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

/** Stands for the entity in a label translated once for every row. */
const ENTITY_MARK = '\u0000';

/** The row as the little of an entity the catalog presents: its title, else its name. */
const entityOf = (row: ComplianceRow): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: row.kind,
  metadata: { name: row.name, namespace: row.namespace, title: row.title },
});

/**
 * The page sizes the table offers (a URL's `limit` must be one of them): the
 * small ones of the catalog's own paged table (5 and 10), so a short list,
 * such as the demo portal's dozen entities, still pages, up to 200 for a long
 * one. The default is `DEFAULT_PAGE_SIZE`.
 */
export const PAGE_SIZES = [5, 10, 25, 50, 100, 200];

/**
 * Names wrap at spaces, hyphens and (see {@link breakable}) after `/` and
 * `.`; only a single word wider than its whole column breaks inside.
 */
const BREAK_WORD = { overflowWrap: 'break-word' } as const;

/**
 * Column widths (pixels, Backstage UI's fixed table layout) that show every
 * column and every header whole, with half the usual side padding, in the
 * 810 px the catalog's filter layout leaves the table at a 1280 px wide
 * window: each header's longest word (`Authorization`, 108 px in bold 14 px
 * system-ui) and each cell's widest status (`Pending` with its icon) fit.
 * The Entity column has the rest of the table's width, at least `name`
 * (so a wider window gives long titles, such as npm package names, fewer
 * lines). Narrower windows scroll sideways rather than cutting a header.
 */
const WIDTHS = {
  name: 150,
  owner: 92,
  system: 108,
  overall: 104,
  'release-authorization': 124,
  'production-deployment': 112,
  'stabilization-handoff': 116,
} as const;
const TABLE_WIDTH = Object.values(WIDTHS).reduce((sum, w) => sum + w, 0);

/**
 * One page of the compliance list: each entity (with its type and
 * lifecycle), its owner and system as catalog links, its overall status
 * (linked to its release-readiness tab; "No protocol" for an entity without
 * Protocol 11, linked to the Protocol 11 template with the entity
 * pre-selected), with when it was last evaluated, and a column per gate. Few
 * enough columns that every header shows in full beside the filters.
 * Sorting and paging are delegated to the caller, which asks the server.
 */
export function ComplianceTable(props: ComplianceTableProps) {
  const { rows, totalCount, offset, pageSize, sort, loading } = props;
  const { t } = useTranslationRef(releaseReadinessTranslationRef);

  const entityLink = useEntityRefLink();
  const onLinkClick = useTableLinkClick();
  // Each status translated once for the page, not once per cell.
  const statusText = useMemo(
    () =>
      Object.fromEntries(
        COMPLIANCE_STATUSES.map(status => [status, t(`status.${status}`)]),
      ) as Record<ComplianceStatus, string>,
    [t],
  );
  // The status link's label, translated once per status with a marker where
  // the entity goes, the entity put in per row: one interpolating `t` call
  // per row was most of the rows' first render in a cold profile (i18next's
  // translate, ~44 ms of ~57 ms for 50 rows). The app's i18next does not
  // escape values (`interpolation.escapeValue: false`), so the result is the
  // same string `t` would give.
  const statusLinkLabel = useMemo(() => {
    const labels = Object.fromEntries(
      COMPLIANCE_STATUSES.map(status => [
        status,
        t(
          status === 'no-protocol' ? 'page.noProtocolLink' : 'page.statusLink',
          {
            status: statusText[status],
            entity: ENTITY_MARK,
          },
        ).split(ENTITY_MARK),
      ]),
    ) as Record<ComplianceStatus, string[]>;
    return (status: ComplianceStatus, entity: string) =>
      labels[status].join(entity);
  }, [t, statusText]);
  // The owner and system refs of the page, parsed once; presented (titles
  // from the catalog) for the whole page at once.
  const targets = useMemo(() => {
    const map = new Map<string, string | undefined>();
    const wanted: PresentedRef[] = [];
    const add = (value: string | undefined, defaultKind: string) => {
      if (!value || map.has(`${defaultKind}|${value}`)) return;
      let target: string | undefined;
      try {
        target = stringifyEntityRef(
          parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
        );
      } catch {
        target = undefined;
      }
      map.set(`${defaultKind}|${value}`, target);
      if (target) wanted.push({ ref: target, defaultKind });
    };
    for (const row of rows) {
      add(row.owner, 'group');
      add(row.system, 'system');
    }
    return { map, wanted };
  }, [rows]);
  const present = useRefPresentations(targets.wanted);
  const ref = (value: string | undefined, defaultKind: string) => {
    const target = value && targets.map.get(`${defaultKind}|${value}`);
    const presentation = target ? present(target) : undefined;
    return (
      <div style={BREAK_WORD}>
        {target ? (
          <TableLink
            href={entityLink(target)}
            title={presentation?.secondaryTitle}
          >
            {breakable(presentation?.primaryTitle ?? value)}
          </TableLink>
        ) : (
          (value ?? '—')
        )}
      </div>
    );
  };
  const secondary = (parts: (string | undefined)[]) => {
    const line = parts.filter(Boolean).join(' · ');
    return line ? (
      <Text as="span" variant="body-x-small" color="secondary">
        {line}
      </Text>
    ) : null;
  };
  const columns: DataTableColumn<Row>[] = [
    {
      // sorted by what it shows: the title, else the name
      id: 'title',
      label: t('page.columns.entity'),
      isRowHeader: true,
      // no width: the rest of the table's (at least WIDTHS.name, see TABLE_WIDTH)
      isSortable: true,
      cell: row => (
        <Flex direction="column" gap="1" style={BREAK_WORD}>
          <span>
            <TableLink
              href={entityLink(entityOf(row))}
              title={row.entityRef}
              bold
            >
              {entityTitle(row.title || row.name)}
            </TableLink>
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
          </span>
          {secondary([row.type, row.lifecycle])}
        </Flex>
      ),
    },
    {
      id: 'owner',
      label: t('page.columns.owner'),
      isSortable: true,
      width: WIDTHS.owner,
      cell: row => ref(row.owner, 'group'),
    },
    {
      id: 'system',
      label: t('page.columns.system'),
      isSortable: true,
      width: WIDTHS.system,
      cell: row => ref(row.system, 'system'),
    },
    {
      id: 'overall',
      label: t('page.columns.overall'),
      isSortable: true,
      width: WIDTHS.overall,
      cell: row => (
        <Flex direction="column" gap="1">
          <TableLink
            href={
              // An entity without Protocol 11 has no release-readiness tab:
              // its status leads to the template, the entity pre-selected.
              row.overall === 'no-protocol'
                ? protocol11TemplateUrl(row.entityRef)
                : entityReadinessTabPath(row)
            }
            aria-label={statusLinkLabel(row.overall, row.title ?? row.name)}
          >
            <ComplianceStatusLabel
              status={row.overall}
              label={statusText[row.overall]}
            />
          </TableLink>
          {row.evaluatedAt && (
            <Text as="span" variant="body-x-small" color="secondary">
              <Timestamp iso={row.evaluatedAt} compact />
            </Text>
          )}
        </Flex>
      ),
    },
    ...RELEASE_GATE_IDS.map((gateId): DataTableColumn<Row> => ({
      id: gateId,
      label: t(`gates.${gateId}`),
      isSortable: true,
      width: WIDTHS[gateId],
      cell: row => {
        const status = row.gates?.[gateId];
        return status ? (
          <GateStatusText
            status={status}
            label={statusText[status]}
            size={16}
          />
        ) : (
          '—'
        );
      },
    })),
  ];

  const descriptor: SortDescriptor = {
    column: sort.field,
    direction: sort.order === 'asc' ? 'ascending' : 'descending',
  };

  return (
    // Clicks on the cells' links navigate in the app (see useTableLinkClick).
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions
    <div onClick={onLinkClick}>
      <DataTable
        label={t('page.title')}
        minWidth={TABLE_WIDTH}
        dense
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
