/**
 * The compliance queries: filters, sort and paging done in SQL, restricted to
 * the entities the caller may read.
 */
import { Knex } from 'knex';
import {
  ComplianceQuery,
  ComplianceSortField,
  GateStatus,
  ReleaseGateId,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ENTITIES, GATE_COLUMNS, SUMMARY_COLUMNS } from './columns';
import { ReadableScope } from './types';

/** Filters of the compliance list (the API query's filters), already normalized. */
export type ComplianceFilter = Pick<
  ComplianceQuery,
  'owner' | 'kind' | 'system' | 'lifecycle' | 'gate' | 'status' | 'q'
>;

/** Sort of the compliance list. */
export interface ComplianceSort {
  field: ComplianceSortField;
  order: 'asc' | 'desc';
}

const STATUS_RANK = `CASE %s WHEN 'passed' THEN 0 WHEN 'pending' THEN 1 WHEN 'blocked' THEN 2 WHEN 'failed' THEN 3 WHEN 'error' THEN 4 ELSE 5 END`;

/** Column or expression per sort field; never built from user text. */
const SORT_COLUMNS: Record<
  ComplianceSortField,
  { column: string; rank?: boolean; nullable?: boolean }
> = {
  name: { column: 'name' },
  kind: { column: 'kind' },
  owner: { column: 'owner', nullable: true },
  system: { column: 'system', nullable: true },
  lifecycle: { column: 'lifecycle', nullable: true },
  overall: { column: 'overall', rank: true },
  'release-authorization': {
    column: GATE_COLUMNS['release-authorization'],
    rank: true,
  },
  'production-deployment': {
    column: GATE_COLUMNS['production-deployment'],
    rank: true,
  },
  'stabilization-handoff': {
    column: GATE_COLUMNS['stabilization-handoff'],
    rank: true,
  },
  evaluatedAt: { column: 'evaluated_at', nullable: true },
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, c => `\\${c}`);

/** Restricts a query to the refs the caller may read, with one bound parameter. */
function restrict(
  db: Knex,
  query: Knex.QueryBuilder,
  scope: ReadableScope,
): void {
  if (scope.all) return;
  if (scope.refs.length === 0) {
    query.whereRaw('1 = 0');
    return;
  }
  const client = String(db.client.config.client);
  const json = JSON.stringify(scope.refs);
  if (client === 'pg') {
    query.whereRaw('entity_ref IN (SELECT json_array_elements_text(?::json))', [
      json,
    ]);
  } else if (client.includes('sqlite')) {
    query.whereRaw('entity_ref IN (SELECT value FROM json_each(?))', [json]);
  } else {
    query.whereIn('entity_ref', scope.refs);
  }
}

/** The filtered rows, without order or paging. */
export function filteredQuery(
  db: Knex,
  filter: ComplianceFilter,
  scope: ReadableScope,
): Knex.QueryBuilder {
  const query = db(ENTITIES).whereNotNull('overall');
  if (filter.owner?.length) query.whereIn('owner', filter.owner);
  if (filter.system?.length) query.whereIn('system', filter.system);
  if (filter.lifecycle?.length) query.whereIn('lifecycle', filter.lifecycle);
  if (filter.kind?.length) {
    const kinds = filter.kind.map(k => k.toLocaleLowerCase('en-US'));
    query.whereRaw(
      `LOWER(kind) IN (${kinds.map(() => '?').join(', ')})`,
      kinds,
    );
  }
  if (filter.status?.length) {
    query.whereIn(
      filter.gate ? GATE_COLUMNS[filter.gate] : 'overall',
      filter.status,
    );
  }
  if (filter.q) {
    query.whereRaw(`search_text LIKE ? ESCAPE '\\'`, [
      `%${escapeLike(filter.q.toLocaleLowerCase('en-US'))}%`,
    ]);
  }
  restrict(db, query, scope);
  return query;
}

/** Applies the sort, nulls last, ties broken by entity ref. */
export function applySort(
  query: Knex.QueryBuilder,
  sort: ComplianceSort,
): Knex.QueryBuilder {
  const { column, rank, nullable } = SORT_COLUMNS[sort.field];
  const order = sort.order === 'desc' ? 'DESC' : 'ASC';
  if (nullable)
    query.orderByRaw(`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`);
  if (rank) query.orderByRaw(`${STATUS_RANK.replace('%s', column)} ${order}`);
  else query.orderBy(column, sort.order);
  return query.orderBy('entity_ref', sort.order);
}

/** One page of rows and the count across pages. */
export async function listPage(
  db: Knex,
  filter: ComplianceFilter,
  sort: ComplianceSort,
  page: { offset: number; limit: number },
  scope: ReadableScope,
) {
  const base = filteredQuery(db, filter, scope);
  const [rows, count] = await Promise.all([
    applySort(base.clone().select(SUMMARY_COLUMNS), sort)
      .offset(page.offset)
      .limit(page.limit),
    base.clone().count({ n: '*' }).first(),
  ]);
  return { rows, totalCount: Number(count?.n ?? 0) };
}

/** Counts per status, overall and per gate. */
export async function countByStatus(
  db: Knex,
  filter: ComplianceFilter,
  scope: ReadableScope,
) {
  const base = filteredQuery(db, filter, scope);
  const columns = ['overall', ...RELEASE_GATE_IDS.map(id => GATE_COLUMNS[id])];
  const counts = await Promise.all(
    columns.map(column =>
      base.clone().select({ status: column }).count({ n: '*' }).groupBy(column),
    ),
  );
  const toRecord = (
    rows: Array<{ status: string | null; n: string | number }>,
  ) => {
    const record: Partial<Record<GateStatus, number>> = {};
    for (const row of rows)
      if (row.status) record[row.status as GateStatus] = Number(row.n);
    return record;
  };
  const overall = toRecord(counts[0]);
  return {
    total: Object.values(overall).reduce((a, b) => a + (b ?? 0), 0),
    overall,
    gates: Object.fromEntries(
      RELEASE_GATE_IDS.map((id, i) => [id, toRecord(counts[i + 1])]),
    ) as Record<ReleaseGateId, Partial<Record<GateStatus, number>>>,
  };
}
