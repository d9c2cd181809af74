/*
 * The `spec.lifecycle` and `spec.type` search pairs as columns of the catalog
 * mirror, as `owned_by` holds the `relations.ownedby` pair (migration
 * 20261204000002): `spec_<field>` is the one value when the entity has
 * exactly one pair with that key (null when none, several, or the value is
 * longer than the search table keeps), and `spec_<field>_many` whether it
 * has several. A filter on one of these fields with values (the list's
 * lifecycle and type filters, a policy's HAS_SPEC rule) then reads one
 * indexed column of the mirror; only entities with several values go by the
 * pairs. Measured on PostgreSQL at 10,000 entities with a 100-claim owner
 * policy: `lifecycle=production&offset=100` hashed the matching pairs and
 * sorted (5-6 ms) instead of walking the name index with the column as a
 * filter (about 2 ms). Written by the mirror with the pairs.
 *
 * The mirror's change counter watches every column but `synced_at`
 * (migration 20261205000002): its update trigger is rebuilt here with the
 * new columns.
 */

const CATALOG = 'release_readiness_catalog';
const SEARCH = 'release_readiness_catalog_search';
const CHANGES = 'release_readiness_catalog_changes';
const FIELDS = ['lifecycle', 'type'];

/** Rebuilds the change counter's update trigger on the columns as they are now. */
async function watchColumns(knex) {
  const columns = Object.keys(await knex(CATALOG).columnInfo())
    .filter(c => c !== 'synced_at')
    .join(', ');
  if (knex.client.config.client === 'pg') {
    await knex.raw(`DROP TRIGGER IF EXISTS rr_changed_update ON ${CATALOG}`);
    await knex.raw(`
      CREATE TRIGGER rr_changed_update AFTER UPDATE OF ${columns}
      ON ${CATALOG} FOR EACH STATEMENT EXECUTE FUNCTION rr_catalog_changed()`);
  } else {
    await knex.raw(`DROP TRIGGER IF EXISTS ${CATALOG}_changed_update`);
    await knex.raw(`
      CREATE TRIGGER ${CATALOG}_changed_update AFTER UPDATE OF ${columns} ON ${CATALOG}
      BEGIN UPDATE ${CHANGES} SET weight = weight + 1 WHERE id = 1; END`);
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable(CATALOG, table => {
    for (const field of FIELDS) {
      table
        .string(`spec_${field}`, 255)
        .nullable()
        .comment(
          `The one spec.${field} search value; null when none or several`,
        );
      table
        .boolean(`spec_${field}_many`)
        .notNullable()
        .defaultTo(false)
        .comment(`Several spec.${field} search pairs (see the search table)`);
      table.index([`spec_${field}`], `rr_catalog_spec_${field}_idx`);
    }
  });
  // Backfill from the search pairs as they are.
  for (const field of FIELDS)
    await knex.raw(`
      UPDATE ${CATALOG} SET
        spec_${field} = (SELECT MIN(sp.value) FROM ${SEARCH} sp
          WHERE sp.entity_ref = ${CATALOG}.entity_ref AND sp.key = 'spec.${field}'
          HAVING COUNT(*) = 1),
        spec_${field}_many = (SELECT COUNT(*) FROM ${SEARCH} sp
          WHERE sp.entity_ref = ${CATALOG}.entity_ref AND sp.key = 'spec.${field}') > 1`);
  await watchColumns(knex);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const field of FIELDS)
    await knex.raw(`DROP INDEX IF EXISTS rr_catalog_spec_${field}_idx`);
  // Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL), as 20261204000002 does;
  // the trigger naming the columns goes first.
  if (knex.client.config.client === 'pg')
    await knex.raw(`DROP TRIGGER IF EXISTS rr_changed_update ON ${CATALOG}`);
  else await knex.raw(`DROP TRIGGER IF EXISTS ${CATALOG}_changed_update`);
  for (const field of FIELDS)
    for (const column of [`spec_${field}`, `spec_${field}_many`])
      await knex.raw(`ALTER TABLE ${CATALOG} DROP COLUMN ${column}`);
  await watchColumns(knex);
};
