/*
 * `system_local`: the mirror's system ref without its namespace
 * (`system:commerce`) when the system is in the entity's own namespace, else
 * null. The compliance list's system filter takes the values of `spec.system`
 * (what the page's system picker offers), and a short value such as `commerce`
 * names, for each entity, the system of that name in the entity's namespace,
 * as the catalog resolves it: `system:payments/commerce` for an entity in
 * `payments`, `system:default/commerce` for one in `default`. Matching a short
 * value is then an equality on this indexed column, beside the full refs'
 * equality on `system`, so both halves of the filter can use an index.
 *
 * Filled for existing rows from `system` (lowercase `kind:namespace/name`) and
 * `namespace`; written by the mirror with the row. The change counter's update
 * trigger is rebuilt with the new column (see 20261205000002).
 */

const CATALOG = 'release_readiness_catalog';
const CHANGES = 'release_readiness_catalog_changes';

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
    table
      .string('system_local', 255)
      .nullable()
      .comment(
        'The system ref without its namespace (kind:name) when the system is in the entity namespace',
      );
    table.index(['system_local'], 'rr_catalog_system_local_idx');
  });
  // `kind:<namespace>/name` → `kind:name` when <namespace> is the entity's
  // (kinds, namespaces and names hold neither ':' nor '/').
  const local = `REPLACE(system, ':' || LOWER(namespace) || '/', ':')`;
  await knex.raw(`
    UPDATE ${CATALOG} SET system_local = CASE WHEN ${local} <> system THEN ${local} END
    WHERE system IS NOT NULL`);
  await watchColumns(knex);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(`DROP INDEX IF EXISTS rr_catalog_system_local_idx`);
  if (knex.client.config.client === 'pg')
    await knex.raw(`DROP TRIGGER IF EXISTS rr_changed_update ON ${CATALOG}`);
  else await knex.raw(`DROP TRIGGER IF EXISTS ${CATALOG}_changed_update`);
  await knex.raw(`ALTER TABLE ${CATALOG} DROP COLUMN system_local`);
  await watchColumns(knex);
};
