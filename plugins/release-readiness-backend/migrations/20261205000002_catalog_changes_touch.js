/*
 * The mirror's change counter (20261205000000_catalog_changes) no longer
 * rises when a catalog sync only records that unchanged entities were seen
 * (an UPDATE of `synced_at` alone): that happened every sync, every few
 * minutes, and emptied the compliance routes' count cache each time although
 * no row a reader sees had changed. Inserts, deletes and updates of any other
 * column of release_readiness_catalog still raise it, as every write to
 * release_readiness_catalog_search does.
 *
 * The columns are read from the table as it is now; a later migration that
 * adds a column of release_readiness_catalog must list it here too (the
 * change counter test, src/store/catalogChanges.test.ts, fails until it does).
 */

const CHANGES = 'release_readiness_catalog_changes';
const CATALOG = 'release_readiness_catalog';

/** @param {import('knex').Knex} knex */
async function watchedColumns(knex) {
  const columns = Object.keys(await knex(CATALOG).columnInfo());
  return columns.filter(c => c !== 'synced_at');
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const columns = (await watchedColumns(knex)).join(', ');
  if (knex.client.config.client === 'pg') {
    await knex.raw(`DROP TRIGGER rr_changed ON ${CATALOG}`);
    await knex.raw(`
      CREATE TRIGGER rr_changed AFTER INSERT OR DELETE OR TRUNCATE
      ON ${CATALOG} FOR EACH STATEMENT EXECUTE FUNCTION rr_catalog_changed()`);
    await knex.raw(`
      CREATE TRIGGER rr_changed_update AFTER UPDATE OF ${columns}
      ON ${CATALOG} FOR EACH STATEMENT EXECUTE FUNCTION rr_catalog_changed()`);
  } else {
    await knex.raw(`DROP TRIGGER ${CATALOG}_changed_update`);
    await knex.raw(`
      CREATE TRIGGER ${CATALOG}_changed_update AFTER UPDATE OF ${columns} ON ${CATALOG}
      BEGIN UPDATE ${CHANGES} SET weight = weight + 1 WHERE id = 1; END`);
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (knex.client.config.client === 'pg') {
    await knex.raw(`DROP TRIGGER rr_changed_update ON ${CATALOG}`);
    await knex.raw(`DROP TRIGGER rr_changed ON ${CATALOG}`);
    await knex.raw(`
      CREATE TRIGGER rr_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
      ON ${CATALOG} FOR EACH STATEMENT EXECUTE FUNCTION rr_catalog_changed()`);
  } else {
    await knex.raw(`DROP TRIGGER ${CATALOG}_changed_update`);
    await knex.raw(`
      CREATE TRIGGER ${CATALOG}_changed_update AFTER UPDATE ON ${CATALOG}
      BEGIN UPDATE ${CHANGES} SET weight = weight + 1 WHERE id = 1; END`);
  }
};
