/**
 * The caller's catalog read permission as SQL: one `authorizeConditional`
 * call for `catalog.entity.read` per request; a conditional decision's
 * criteria (the catalog's rules IS_ENTITY_OWNER, IS_ENTITY_KIND,
 * HAS_ANNOTATION, HAS_LABEL, HAS_METADATA, HAS_SPEC under allOf / anyOf / not)
 * become conditions on the catalog mirror's search pairs, meaning what the
 * catalog's own `toQuery` of each rule means on its search table. A rule the
 * plugin does not know (a custom catalog rule) makes the decision
 * "checked": the SQL keeps the rule's place open (true where it could allow)
 * and the candidate entities are then checked with the catalog.
 */
import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
  PermissionRuleParams,
} from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import { CATALOG_SEARCH } from '../store/catalogMirror';

/** What a caller may read of the catalog, as the store applies it. */
export type ReadScope =
  | { type: 'all' }
  | { type: 'none' }
  /** Exactly the entities matching `filter`. */
  | { type: 'sql'; filter: SqlFilter }
  /**
   * At most the entities matching `filter` (untranslatable rules taken as
   * allowing); each candidate must still be checked with the catalog.
   */
  | { type: 'checked'; filter: SqlFilter; credentials: BackstageCredentials }
  /** Exactly these lowercase refs (after a check with the catalog). */
  | { type: 'refs'; refs: string[] };

/** A condition tree over search pairs; `key`/`values` lowercase. */
export type SqlFilter =
  | { allOf: SqlFilter[] }
  | { anyOf: SqlFilter[] }
  | { not: SqlFilter }
  | { key: string; values?: string[] }
  | { constant: boolean };

type Criteria = PermissionCriteria<
  PermissionCondition<string, PermissionRuleParams>
>;

const isString = (v: unknown): v is string => typeof v === 'string';
const optionalString = (v: unknown) => v === undefined || isString(v);

/** The search filter of one of the catalog's rules; undefined when unknown or malformed. */
export function ruleFilter(
  rule: string,
  params: Record<string, unknown> | undefined,
): SqlFilter | undefined {
  const p = params ?? {};
  const lower = (s: string) => s.toLowerCase();
  const keyed = (key: string, value: unknown): SqlFilter =>
    value === undefined
      ? { key: lower(key) }
      : { key: lower(key), values: [lower(value as string)] };
  switch (rule) {
    case 'IS_ENTITY_KIND':
      if (!Array.isArray(p.kinds) || !p.kinds.every(isString)) return undefined;
      return { key: 'kind', values: p.kinds.map(lower) };
    case 'IS_ENTITY_OWNER':
      if (!Array.isArray(p.claims) || !p.claims.every(isString))
        return undefined;
      return { key: 'relations.ownedby', values: p.claims.map(lower) };
    case 'HAS_ANNOTATION':
      if (!isString(p.annotation) || !optionalString(p.value)) return undefined;
      return keyed(`metadata.annotations.${p.annotation}`, p.value);
    case 'HAS_LABEL':
      if (!isString(p.label) || !optionalString(p.value)) return undefined;
      return keyed(`metadata.labels.${p.label}`, p.value);
    case 'HAS_METADATA':
      if (!isString(p.key) || !optionalString(p.value)) return undefined;
      return keyed(`metadata.${p.key}`, p.value);
    case 'HAS_SPEC':
      if (!isString(p.key) || !optionalString(p.value)) return undefined;
      return keyed(`spec.${p.key}`, p.value);
    default:
      return undefined;
  }
}

/**
 * Translates criteria; `exact` is false when some rule was unknown, and the
 * filter is then the widest the known rules allow.
 */
export function translateCriteria(criteria: Criteria): {
  filter: SqlFilter;
  exact: boolean;
} {
  let exact = true;
  // positive: the subtree is not under an odd number of `not`s
  const walk = (c: Criteria, positive: boolean): SqlFilter => {
    if ('allOf' in c) return { allOf: c.allOf.map(x => walk(x, positive)) };
    if ('anyOf' in c) return { anyOf: c.anyOf.map(x => walk(x, positive)) };
    if ('not' in c) return { not: walk(c.not, !positive) };
    const filter =
      c.resourceType === 'catalog-entity'
        ? ruleFilter(c.rule, c.params as Record<string, unknown>)
        : undefined;
    if (filter) return filter;
    exact = false;
    return { constant: positive };
  };
  const filter = walk(criteria, true);
  return { filter, exact };
}

/** One authorization call: the caller's read scope over the catalog. */
export async function readScope(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<ReadScope> {
  const [decision] = await permissions.authorizeConditional(
    [{ permission: catalogEntityReadPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) return { type: 'all' };
  if (decision.result !== AuthorizeResult.CONDITIONAL) return { type: 'none' };
  const { filter, exact } = translateCriteria(decision.conditions as Criteria);
  return exact
    ? { type: 'sql', filter }
    : { type: 'checked', filter, credentials };
}

/**
 * `column IN (values)` (`column` is SQL text from this module, never user
 * input; values bound); on PostgreSQL as `= ANY(array)` with one bound array,
 * so a policy with many claims costs one parameter to send, parse and plan
 * (measured: a 100-claim owner policy spent more time planning than running).
 */
function whereAmong(
  db: Knex,
  query: Knex.QueryBuilder,
  column: string,
  values: string[],
): void {
  if (db.client.config.client === 'pg')
    query.whereRaw(`${column} = ANY(?::text[])`, [values]);
  else
    query.whereRaw(
      `${column} IN (${values.map(() => '?').join(', ')})`,
      values,
    );
}

/**
 * Search keys the catalog mirror also keeps as columns (migrations
 * 20261204000002 and 20261205120000): `one` holds the entity's value when it
 * has exactly one pair with the key (else null), `many` whether it has
 * several. SQL text of this module, never user input.
 */
const PAIR_COLUMNS = new Map<string, { one: string; many: string }>([
  ['relations.ownedby', { one: 'c.owned_by', many: 'c.owned_by_many' }],
  [
    'spec.lifecycle',
    { one: 'c.spec_lifecycle', many: 'c.spec_lifecycle_many' },
  ],
  ['spec.type', { one: 'c.spec_type', many: 'c.spec_type_many' }],
]);

/**
 * Adds the filter to a query whose entity ref column is `refColumn` (a
 * search pair with the key, and one of the values when given; allOf [] is
 * true, anyOf [] false, as in the catalog).
 */
export function applySqlFilter(
  db: Knex,
  query: Knex.QueryBuilder,
  filter: SqlFilter,
  refColumn: string,
): void {
  if ('constant' in filter) {
    query.whereRaw(filter.constant ? '1 = 1' : '1 = 0');
    return;
  }
  if ('allOf' in filter) {
    if (!filter.allOf.length) {
      query.whereRaw('1 = 1');
      return;
    }
    query.where(q => {
      for (const f of filter.allOf)
        q.andWhere(inner => applySqlFilter(db, inner, f, refColumn));
    });
    return;
  }
  if ('anyOf' in filter) {
    if (!filter.anyOf.length) {
      query.whereRaw('1 = 0');
      return;
    }
    query.where(q => {
      for (const f of filter.anyOf)
        q.orWhere(inner => applySqlFilter(db, inner, f, refColumn));
    });
    return;
  }
  if ('not' in filter) {
    query.whereNot(inner => applySqlFilter(db, inner, filter.not, refColumn));
    return;
  }
  if (filter.values && !filter.values.length) {
    query.whereRaw('1 = 0');
    return;
  }
  // `kind` is one string per entity: its pair is the lowercase kind column.
  if (filter.key === 'kind' && filter.values && refColumn === 'c.entity_ref') {
    whereAmong(db, query, 'LOWER(c.kind)', filter.values);
    return;
  }
  // An uncorrelated IN (SELECT …): both databases build the matching set once
  // from the (key, value, entity_ref) index instead of probing per row.
  const pairs = db(`${CATALOG_SEARCH} as sp`)
    .select('sp.entity_ref')
    .where('sp.key', filter.key);
  if (filter.values) whereAmong(db, pairs, 'sp.value', filter.values);
  // A key the mirror also holds as a column (the owner rule, the lifecycle
  // and type filters, HAS_SPEC on those fields), with values: the column
  // holds the entity's one such pair; only entities with several go by the
  // pairs. Same rows, one indexed column instead of a set of pairs built per
  // query (measured: the planner hashed the pairs and sorted instead of
  // walking the sort's index).
  const columns = PAIR_COLUMNS.get(filter.key);
  if (columns && filter.values && refColumn === 'c.entity_ref') {
    const values = filter.values;
    // `IS NOT NULL` keeps the condition two-valued under `not`, as the
    // pairs' IN is (a null column IN (…) would be unknown, not false).
    query.where(q =>
      q
        .where(one =>
          one
            .whereNotNull(columns.one)
            .where(inner => whereAmong(db, inner, columns.one, values)),
        )
        .orWhere(many => many.whereRaw(columns.many).whereIn(refColumn, pairs)),
    );
    return;
  }
  query.whereIn(refColumn, pairs);
}
