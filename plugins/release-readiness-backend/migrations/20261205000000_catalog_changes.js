/*
 * A change counter of the catalog mirror, so the compliance routes can keep
 * counts in memory and know when they are out of date: the counter is the
 * SUM of `weight` over release_readiness_catalog_changes, and every write to
 * the mirror (release_readiness_catalog, release_readiness_catalog_search;
 * the status columns included, which the results table's triggers write)
 * raises it in the writer's own transaction, by triggers. A reader sees the
 * new value exactly when it sees the new rows.
 *
 * - PostgreSQL: a statement-level trigger inserts a row of weight 1. Writers
 *   only insert (no row is updated), so concurrent writers never wait for
 *   each other on the counter. Readers fold the rows into one from time to
 *   time, keeping the sum (see src/store/countCache.ts).
 * - SQLite (one writer at a time): one row, whose weight row-level triggers
 *   raise.
 */

const CHANGES = 'release_readiness_catalog_changes';
const TABLES = [
  'release_readiness_catalog',
  'release_readiness_catalog_search',
];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(CHANGES, table => {
    table.comment(
      'Change counter of the catalog mirror: SUM(weight) rises with every committed write',
    );
    table.bigIncrements('id').primary();
    table.bigInteger('weight').notNullable().defaultTo(1);
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION rr_catalog_changed() RETURNS trigger AS $$
      BEGIN
        INSERT INTO ${CHANGES} DEFAULT VALUES;
        RETURN NULL;
      END
      $$ LANGUAGE plpgsql`);
    for (const table of TABLES)
      await knex.raw(`
        CREATE TRIGGER rr_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
        ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION rr_catalog_changed()`);
  } else {
    await knex(CHANGES).insert({ id: 1, weight: 1 });
    for (const table of TABLES)
      for (const event of ['INSERT', 'UPDATE', 'DELETE'])
        await knex.raw(`
          CREATE TRIGGER ${table}_changed_${event.toLowerCase()} AFTER ${event} ON ${table}
          BEGIN UPDATE ${CHANGES} SET weight = weight + 1 WHERE id = 1; END`);
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (knex.client.config.client === 'pg') {
    for (const table of TABLES)
      await knex.raw(`DROP TRIGGER IF EXISTS rr_changed ON ${table}`);
    await knex.raw('DROP FUNCTION IF EXISTS rr_catalog_changed()');
  } else {
    for (const table of TABLES)
      for (const event of ['insert', 'update', 'delete'])
        await knex.raw(`DROP TRIGGER IF EXISTS ${table}_changed_${event}`);
  }
  await knex.schema.dropTable(CHANGES);
};
