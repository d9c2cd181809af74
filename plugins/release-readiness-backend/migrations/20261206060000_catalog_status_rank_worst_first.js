/*
 * The rank indexes of the status sorts (20261204000002) rebuilt for the
 * worst-first order: an ascending sort by the overall status or a gate's now
 * lists error, failed, blocked, pending, not-evaluated, passed, then entities
 * without Protocol 11 (before: passed first). The expression is the same as
 * RANK in src/store/compliance.ts (its STATUS_SORT_ORDER says why this
 * order), so the sorted list still walks an index.
 */

const CATALOG = 'release_readiness_catalog';

const GATES = [
  'release_authorization',
  'production_deployment',
  'stabilization_handoff',
];

const INDEXES = [
  ['status', 'rr_catalog_rank_idx'],
  ...GATES.map(g => [`status_${g}`, `rr_catalog_rank_${g}_idx`]),
];

const WORST_FIRST = [
  'error',
  'failed',
  'blocked',
  'pending',
  'not-evaluated',
  'passed',
];

/** The order of 20261204000002, for down. */
const PASSED_FIRST = [
  'passed',
  'pending',
  'blocked',
  'failed',
  'error',
  'not-evaluated',
];

const rank = (order, column) =>
  `CASE ${column} ${order
    .map((status, i) => `WHEN '${status}' THEN ${i}`)
    .join(' ')} ELSE ${order.length} END`;

async function rebuild(knex, order) {
  for (const [column, name] of INDEXES) {
    await knex.raw(`DROP INDEX IF EXISTS ${name}`);
    await knex.raw(
      `CREATE INDEX ${name} ON ${CATALOG} ((${rank(order, column)}), entity_ref)`,
    );
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await rebuild(knex, WORST_FIRST);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await rebuild(knex, PASSED_FIRST);
};
