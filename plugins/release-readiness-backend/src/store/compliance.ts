/**
 * The compliance queries on the catalog mirror joined with the stored
 * results: every catalog entity the caller may read, with or without Protocol
 * 11; filters, status, sort and paging in SQL. List, summary and export share
 * one filtered query, so they always agree on the set of entities.
 */
import { Knex } from 'knex';
import {
  ComplianceRow,
  ComplianceSortField,
  ComplianceStatus,
  GateStatus,
  ReleaseGateId,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import {
  applySqlFilter,
  ReadScope,
  SqlFilter,
} from '../service/permissionScope';
import { CATALOG } from './catalogMirror';
import { ENTITIES, GATE_COLUMNS } from './columns';
import { CountCache } from './countCache';

/** Filters of the compliance routes, already checked; values lowercase. */
export interface ComplianceFilter {
  kind?: string[];
  type?: string[];
  /**
   * Lowercase full owner refs, matched against the owner column (the
   * `ownedBy` relation, else `spec.owner` resolved in the entity's
   * namespace). The route completes a short ref in the default namespace, as
   * the catalog's owner filter (catalog-react's `EntityOwnerFilter`) does.
   */
  owner?: string[];
  lifecycle?: string[];
  /**
   * Lowercase system refs, any matching. A full ref
   * (`system:payments/commerce`) matches entities whose `spec.system`
   * resolves to that system; a ref without a namespace (`system:commerce`,
   * from `commerce`) matches every entity whose `spec.system` resolves, in
   * the entity's own namespace, to a system of that name
   * (`system:payments/commerce` for an entity in `payments`,
   * `system:default/commerce` for one in `default`), as the catalog resolves
   * a short `spec.system`. The page's system picker sends the raw
   * `spec.system` values, so its short values match what they meant in each
   * entity.
   */
  system?: string[];
  tag?: string[];
  namespace?: string[];
  gate?: ReleaseGateId;
  status?: ComplianceStatus[];
  q?: string;
}

/** Sort of the compliance list. */
export interface ComplianceSort {
  field: ComplianceSortField;
  order: 'asc' | 'desc';
}

/** A scope the store applies by itself (`checked` is resolved to `refs` first). */
export type StoreScope = Exclude<ReadScope, { type: 'checked' }>;

const REF = 'c.entity_ref';

/**
 * The mirror's column holding a row's compliance status ('no-protocol',
 * 'not-evaluated' or the stored status), overall or of one gate; kept in step
 * with the results table by triggers (migration 20261204000002).
 */
function statusColumn(gate?: ReleaseGateId): string {
  return gate
    ? `c.status_${GATE_COLUMNS[gate].replace(/^gate_/, '')}`
    : 'c.status';
}

/**
 * The statuses in the order an ascending status sort lists them: worst
 * first, so a release manager who sorts a status column sees what needs
 * action on top.
 *
 * - `error`: the evidence could not be read (malformed or unreadable), so
 *   nothing about the release is known; the gate engine ranks it worst too.
 * - `failed`: the evidence says a rule is broken; someone has to act.
 * - `blocked`: held by an earlier gate that has not passed; it clears when
 *   that gate does.
 * - `pending`: evidence still to come, the normal state of a release under
 *   way.
 * - `not-evaluated`: annotated, no result yet (the next sweep or push fills
 *   it).
 * - `passed`: nothing to do.
 *
 * Entities without Protocol 11 (`no-protocol`) come after all of these: they
 * have no release to act on. The rank indexes of migration 20261206060000
 * hold the same expression, so sorting by a status walks an index; change
 * both together (in a new migration).
 */
const STATUS_SORT_ORDER: readonly ComplianceStatus[] = [
  'error',
  'failed',
  'blocked',
  'pending',
  'not-evaluated',
  'passed',
];

/** The sort rank of a status, as {@link STATUS_SORT_ORDER} gives it; else (no-protocol) last. */
const RANK = (expr: string) =>
  `CASE ${expr} ${STATUS_SORT_ORDER.map(
    (status, i) => `WHEN '${status}' THEN ${i}`,
  ).join(' ')} ELSE ${STATUS_SORT_ORDER.length} END`;

/** One sort key: a never-null SQL expression and its direction. */
interface SortKey {
  sql: string;
  desc: boolean;
}

/** The keys of a sort, nulls last, ties broken by entity ref; never built from user text. */
function sortKeys(sort: ComplianceSort): SortKey[] {
  const desc = sort.order === 'desc';
  const nullable = (column: string, empty: string): SortKey[] => [
    { sql: `CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`, desc: false },
    { sql: `COALESCE(${column}, ${empty})`, desc },
  ];
  const byField: Record<ComplianceSortField, SortKey[]> = {
    name: [{ sql: 'c.name', desc }],
    // what the page's Entity column shows, case-insensitive (migration
    // 20261206000001; indexed with the ref)
    title: [{ sql: 'c.sort_title', desc }],
    kind: [{ sql: 'c.kind', desc }],
    type: nullable('c.type', "''"),
    owner: nullable('c.owner', "''"),
    system: nullable('c.system', "''"),
    lifecycle: nullable('c.lifecycle', "''"),
    overall: [{ sql: RANK(statusColumn()), desc }],
    'release-authorization': [
      { sql: RANK(statusColumn('release-authorization')), desc },
    ],
    'production-deployment': [
      { sql: RANK(statusColumn('production-deployment')), desc },
    ],
    'stabilization-handoff': [
      { sql: RANK(statusColumn('stabilization-handoff')), desc },
    ],
    evaluatedAt: nullable('e.evaluated_at', '0'),
  };
  return [...byField[sort.field], { sql: REF, desc }];
}

/** The status filter, on the mirror's status column (indexed). */
function statusFilter(
  query: Knex.QueryBuilder,
  statuses: ComplianceStatus[],
  gate?: ReleaseGateId,
) {
  query.whereIn(statusColumn(gate), statuses);
}

/**
 * The system filter: full refs on the system column, refs without a
 * namespace on `system_local` (the system in the entity's own namespace, see
 * migration 20261206000000); both indexed, combined with OR.
 */
function systemFilter(query: Knex.QueryBuilder, refs: string[]) {
  const full = refs.filter(r => r.includes('/'));
  const local = refs.filter(r => !r.includes('/'));
  query.where(any => {
    if (full.length) any.orWhereIn('c.system', full);
    if (local.length) any.orWhereIn('c.system_local', local);
  });
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, c => `\\${c}`);

/** EXISTS a search pair `key` with one of `values`. */
function pairIn(
  db: Knex,
  query: Knex.QueryBuilder,
  key: string,
  values: string[],
) {
  applySqlFilter(db, query, { key, values }, REF);
}

function restrict(db: Knex, query: Knex.QueryBuilder, scope: StoreScope) {
  if (scope.type === 'all') return;
  if (scope.type === 'none') {
    query.whereRaw('1 = 0');
    return;
  }
  if (scope.type === 'sql') {
    applySqlFilter(db, query, scope.filter, REF);
    return;
  }
  if (scope.refs.length === 0) {
    query.whereRaw('1 = 0');
    return;
  }
  const client = String(db.client.config.client);
  const json = JSON.stringify(scope.refs);
  if (client === 'pg') {
    query.whereRaw(`${REF} IN (SELECT json_array_elements_text(?::json))`, [
      json,
    ]);
  } else if (client.includes('sqlite')) {
    query.whereRaw(`${REF} IN (SELECT value FROM json_each(?))`, [json]);
  } else {
    query.whereIn(REF, scope.refs);
  }
}

/** The filtered entities (mirror joined with results), without order or paging. */
export function filteredQuery(
  db: Knex,
  filter: ComplianceFilter,
  scope: StoreScope | { type: 'candidates'; filter: SqlFilter },
  options: { results?: boolean } = {},
): Knex.QueryBuilder {
  const query = db({ c: CATALOG });
  // The results table is joined only for the row's columns and the
  // evaluatedAt sort; filters and counts use the mirror alone.
  if (options.results !== false)
    query.leftJoin({ e: ENTITIES }, 'e.entity_ref', 'c.entity_ref');
  if (filter.kind?.length) pairIn(db, query, 'kind', filter.kind);
  if (filter.type?.length) pairIn(db, query, 'spec.type', filter.type);
  if (filter.owner?.length) query.whereIn('c.owner', filter.owner);
  if (filter.lifecycle?.length)
    pairIn(db, query, 'spec.lifecycle', filter.lifecycle);
  if (filter.tag?.length) pairIn(db, query, 'metadata.tags', filter.tag);
  if (filter.namespace?.length)
    pairIn(db, query, 'metadata.namespace', filter.namespace);
  if (filter.system?.length) systemFilter(query, filter.system);
  if (filter.status?.length) statusFilter(query, filter.status, filter.gate);
  if (filter.q) {
    query.whereRaw(`c.search_text LIKE ? ESCAPE '\\'`, [
      `%${escapeLike(filter.q.toLocaleLowerCase('en-US'))}%`,
    ]);
  }
  if (scope.type === 'candidates') applySqlFilter(db, query, scope.filter, REF);
  else restrict(db, query, scope);
  return query;
}

/** The refs of every entity matching the filters within an over-wide permission filter. */
export async function candidateRefs(
  db: Knex,
  filter: ComplianceFilter,
  permission: SqlFilter,
): Promise<string[]> {
  const rows: Array<{ entity_ref: string }> = await filteredQuery(
    db,
    filter,
    { type: 'candidates', filter: permission },
    { results: false },
  ).select({ entity_ref: REF });
  return rows.map(r => r.entity_ref);
}

const ROW_COLUMNS = {
  entity_ref: 'c.entity_ref',
  kind: 'c.kind',
  namespace: 'c.namespace',
  name: 'c.name',
  title: 'c.title',
  type: 'c.type',
  owner: 'c.owner',
  system: 'c.system',
  lifecycle: 'c.lifecycle',
  tags: 'c.tags',
  has_protocol: 'c.has_protocol',
  overall: 'e.overall',
  gate_release_authorization: 'e.gate_release_authorization',
  gate_production_deployment: 'e.gate_production_deployment',
  gate_stabilization_handoff: 'e.gate_stabilization_handoff',
  handoff_ready: 'e.handoff_ready',
  evaluated_at: 'e.evaluated_at',
  stale_since: 'e.stale_since',
  stale_reason: 'e.stale_reason',
};

type Row = Record<keyof typeof ROW_COLUMNS, any> & Record<string, unknown>;

/**
 * The key of a count in a {@link CountCache}: what is counted, the filters
 * and the read scope (a permission filter of a policy's claims, at most a few
 * kilobytes); none for a scope of checked refs, which can hold the catalog.
 */
function countKey(
  what: 'list' | 'summary',
  filter: ComplianceFilter,
  scope: StoreScope,
): string | undefined {
  return scope.type === 'refs'
    ? undefined
    : JSON.stringify([what, filter, scope]);
}

/** Computes `count`, through `counts` when given. */
function counted<T>(
  counts: CountCache | undefined,
  key: string | undefined,
  count: () => Promise<T>,
): Promise<T> {
  return counts ? counts.get(key, count) : count();
}

/** A joined row as the API's compliance row. */
export function toComplianceRow(row: Row): ComplianceRow {
  const hasProtocol = Boolean(row.has_protocol);
  const evaluated = hasProtocol && row.overall !== null;
  const result: ComplianceRow = {
    entityRef: `${String(row.kind).toLocaleLowerCase('en-US')}:${row.namespace}/${row.name}`,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    tags: JSON.parse(row.tags ?? '[]'),
    hasProtocol,
    overall: !hasProtocol
      ? 'no-protocol'
      : ((row.overall as GateStatus | null) ?? 'not-evaluated'),
    handoffReady: evaluated && Boolean(row.handoff_ready),
  };
  if (row.title) result.title = row.title;
  if (row.type) result.type = row.type;
  if (row.owner) result.owner = row.owner;
  if (row.system) result.system = row.system;
  if (row.lifecycle) result.lifecycle = row.lifecycle;
  if (evaluated) {
    result.gates = Object.fromEntries(
      RELEASE_GATE_IDS.map(id => [id, row[GATE_COLUMNS[id]] ?? 'pending']),
    ) as Record<ReleaseGateId, GateStatus>;
    if (row.evaluated_at !== null)
      result.evaluatedAt = new Date(Number(row.evaluated_at)).toISOString();
    if (row.stale_since !== null)
      result.stale = {
        since: new Date(Number(row.stale_since)).toISOString(),
        reason: row.stale_reason ?? '',
      };
  }
  return result;
}

/** Selects the row columns and the sort keys (as k0, k1, …), ordered. */
function sortedRows(db: Knex, base: Knex.QueryBuilder, keys: SortKey[]) {
  const query = base
    .clone()
    .select(ROW_COLUMNS)
    .select(keys.map((k, i) => db.raw(`${k.sql} AS k${i}`)));
  for (const key of keys)
    query.orderByRaw(`${key.sql} ${key.desc ? 'DESC' : 'ASC'}`);
  return query;
}

/**
 * One page of rows (offset paging, for the page's table) and the count across
 * pages. The page's refs are chosen on the mirror alone (sorted, offset,
 * limited) and only those rows are joined with the results table, unless the
 * sort needs a result column; the count reads the mirror alone, or comes from
 * `counts` while the mirror has not changed since it was taken.
 */
export async function listPage(
  db: Knex,
  filter: ComplianceFilter,
  sort: ComplianceSort,
  page: { offset: number; limit: number },
  scope: StoreScope,
  counts?: CountCache,
): Promise<{ items: ComplianceRow[]; totalCount: number }> {
  const keys = sortKeys(sort);
  const results = keys.some(k => /\be\./.test(k.sql));
  const order = (prefix: string) =>
    keys.map((k, i) => `${prefix}k${i} ${k.desc ? 'DESC' : 'ASC'}`).join(', ');
  const refs = filteredQuery(db, filter, scope, { results })
    .select({ entity_ref: REF })
    .select(keys.map((k, i) => db.raw(`${k.sql} AS k${i}`)))
    .orderByRaw(order(''))
    .offset(page.offset)
    .limit(page.limit);
  const rows = db
    .from(refs.as('p'))
    .join({ c: CATALOG }, 'c.entity_ref', 'p.entity_ref')
    .leftJoin({ e: ENTITIES }, 'e.entity_ref', 'c.entity_ref')
    .select(ROW_COLUMNS)
    .orderByRaw(order('p.'));
  const [items, totalCount] = await Promise.all([
    rows,
    counted(counts, countKey('list', filter, scope), async () => {
      const count = await filteredQuery(db, filter, scope, { results: false })
        .count({ n: '*' })
        .first();
      return Number(count?.n ?? 0);
    }),
  ]);
  return { items: (items as Row[]).map(toComplianceRow), totalCount };
}

/**
 * Every row, in keyset pages of `pageSize` (each page starts after the sort
 * keys of the previous page's last row, so concurrent writes cannot make a
 * row repeat or be skipped). Run it inside a transaction for one snapshot.
 */
export async function allRows(
  db: Knex,
  filter: ComplianceFilter,
  sort: ComplianceSort,
  scope: StoreScope,
  pageSize = 1000,
): Promise<ComplianceRow[]> {
  const keys = sortKeys(sort);
  const rows: ComplianceRow[] = [];
  let after: Knex.Value[] | undefined;
  for (;;) {
    const query = sortedRows(db, filteredQuery(db, filter, scope), keys).limit(
      pageSize,
    );
    if (after) {
      const last = after;
      // (k0 > v0) OR (k0 = v0 AND k1 > v1) OR … ; `<` for descending keys
      query.where(outer => {
        keys.forEach((key, i) => {
          outer.orWhere(inner => {
            for (let j = 0; j < i; j++)
              inner.andWhereRaw(`${keys[j].sql} = ?`, [last[j]]);
            inner.andWhereRaw(`${key.sql} ${key.desc ? '<' : '>'} ?`, [
              last[i],
            ]);
          });
        });
      });
    }
    const page = (await query) as Row[];
    rows.push(...page.map(toComplianceRow));
    if (page.length < pageSize) return rows;
    const tail = page[page.length - 1];
    after = keys.map((_, i) => tail[`k${i}`] as Knex.Value);
  }
}

/**
 * Counts per status (overall and per gate) and the adoption figure, in one
 * grouped query on the mirror alone (the status columns are denormalised),
 * or from `counts` while the mirror has not changed since they were taken.
 */
export async function countByStatus(
  db: Knex,
  filter: ComplianceFilter,
  scope: StoreScope,
  counts?: CountCache,
) {
  const gateColumns = RELEASE_GATE_IDS.map(id => statusColumn(id));
  const rows = await counted(
    counts,
    countKey('summary', filter, scope),
    (): Promise<Array<Record<string, string | number | null>>> =>
      filteredQuery(db, filter, scope, { results: false })
        .select(
          db.raw(`${statusColumn()} AS status`),
          ...gateColumns.map((column, i) => db.raw(`${column} AS g${i}`)),
          db.raw('COUNT(*) AS n'),
        )
        .groupByRaw([statusColumn(), ...gateColumns].join(', ')),
  );
  const overall: Partial<Record<ComplianceStatus, number>> = {};
  const gates = Object.fromEntries(
    RELEASE_GATE_IDS.map(id => [id, {}]),
  ) as Record<ReleaseGateId, Partial<Record<GateStatus, number>>>;
  let total = 0;
  let withProtocol = 0;
  for (const row of rows) {
    const n = Number(row.n);
    const status = row.status as ComplianceStatus;
    total += n;
    overall[status] = (overall[status] ?? 0) + n;
    if (status === 'no-protocol') continue;
    withProtocol += n;
    if (status === 'not-evaluated') continue;
    RELEASE_GATE_IDS.forEach((id, i) => {
      const gateStatus = row[`g${i}`] as ComplianceStatus;
      if (gateStatus !== 'not-evaluated' && gateStatus !== 'no-protocol')
        gates[id][gateStatus] = (gates[id][gateStatus] ?? 0) + n;
    });
  }
  return { total, withProtocol, overall, gates };
}
