/*
 * `sort_title`: the key of the compliance list's `title` sort, the text its
 * Entity column shows (metadata.title, else metadata.name) lowercased
 * (JavaScript's toLocaleLowerCase('en-US'), as the mirror writes it), cut to
 * its first 200 characters so the index entry stays small; ties go by entity
 * ref. Indexed with the ref, so a sorted page at 100,000 entities walks the
 * index as the name sort does (rr_catalog_name_idx).
 *
 * Filled here for existing rows with the same function the mirror uses (in
 * chunks, not SQL's LOWER, which SQLite applies to ASCII only). The change
 * counter's update trigger is rebuilt with the new column (see
 * 20261205000002).
 */

const CATALOG = 'release_readiness_catalog';
const CHANGES = 'release_readiness_catalog_changes';
const CHUNK = 500;

/** The sort key of a title and name; src/store/catalogMirror.ts has the same. */
const sortTitle = (title, name) =>
  (title || name).toLocaleLowerCase('en-US').slice(0, 200);

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
      .text('sort_title')
      .notNullable()
      .defaultTo('')
      .comment(
        'Lowercase title, else name (first 200 characters): the title sort key',
      );
    table.index(['sort_title', 'entity_ref'], 'rr_catalog_sort_title_idx');
  });
  // Keyset over the refs, a chunk per statement.
  let after = '';
  for (;;) {
    const rows = await knex(CATALOG)
      .where('entity_ref', '>', after)
      .orderBy('entity_ref')
      .limit(CHUNK)
      .select('entity_ref', 'name', 'title');
    if (!rows.length) break;
    const cases = rows.map(() => 'WHEN ? THEN ?').join(' ');
    await knex(CATALOG)
      .whereIn(
        'entity_ref',
        rows.map(r => r.entity_ref),
      )
      .update({
        sort_title: knex.raw(
          `CASE entity_ref ${cases} END`,
          rows.flatMap(r => [r.entity_ref, sortTitle(r.title, r.name)]),
        ),
      });
    after = rows[rows.length - 1].entity_ref;
  }
  await watchColumns(knex);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(`DROP INDEX IF EXISTS rr_catalog_sort_title_idx`);
  if (knex.client.config.client === 'pg')
    await knex.raw(`DROP TRIGGER IF EXISTS rr_changed_update ON ${CATALOG}`);
  else await knex.raw(`DROP TRIGGER IF EXISTS ${CATALOG}_changed_update`);
  await knex.raw(`ALTER TABLE ${CATALOG} DROP COLUMN sort_title`);
  await watchColumns(knex);
};
