/*
 * The catalog mirror: facts of every catalog entity, synced from the catalog,
 * so the compliance routes list entities without Protocol 11 too and apply a
 * caller's conditional catalog read permission in SQL.
 * - release_readiness_catalog: one row per catalog entity (columns the list
 *   shows, filters and sorts on).
 * - release_readiness_catalog_search: the entity flattened into lowercase
 *   key/value pairs, the way the catalog keeps its own search table, so the
 *   catalog's permission rules (and its pickers' filters) mean the same here.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('release_readiness_catalog', table => {
    table.comment('Facts of every catalog entity, synced from the catalog');
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('Lowercase entity ref, kind:namespace/name');
    table.string('kind', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 255).notNullable();
    table.text('title').nullable();
    table.string('type', 255).nullable().comment('spec.type');
    table.string('lifecycle', 255).nullable().comment('spec.lifecycle');
    table
      .string('owner', 255)
      .nullable()
      .comment('Lowercase owner ref, from the ownedBy relation or spec.owner');
    table
      .string('system', 255)
      .nullable()
      .comment('Lowercase system ref, from spec.system');
    table.text('tags').notNullable().defaultTo('[]').comment('JSON array');
    table
      .boolean('has_protocol')
      .notNullable()
      .defaultTo(false)
      .comment('Carries the release-readiness.io/protocol11 annotation');
    table
      .text('search_text')
      .notNullable()
      .defaultTo('')
      .comment('Lowercase name, title, owner and system, for q');
    table
      .string('etag', 255)
      .notNullable()
      .defaultTo('')
      .comment('metadata.etag when synced');
    table
      .bigInteger('synced_at')
      .notNullable()
      .comment('Epoch milliseconds of the latest sync that saw the entity');
    table.index(['name', 'entity_ref'], 'rr_catalog_name_idx');
    table.index(['kind'], 'rr_catalog_kind_idx');
    table.index(['owner'], 'rr_catalog_owner_idx');
    table.index(['system'], 'rr_catalog_system_idx');
    table.index(['synced_at'], 'rr_catalog_synced_idx');
  });
  // Permission and kind filters compare the lowercase kind; the expression
  // index also gives PostgreSQL statistics for it.
  await knex.raw(
    'CREATE INDEX rr_catalog_kind_lower_idx ON release_readiness_catalog (lower(kind))',
  );
  if (knex.client.config.client === 'pg') {
    // The free-text filter (LIKE '%q%') on a trigram index, as on the results
    // table; without pg_trgm it still works, by scanning.
    await knex.raw('SAVEPOINT rr_catalog_trgm');
    try {
      await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await knex.raw(
        'CREATE INDEX rr_catalog_search_text_trgm_idx ON release_readiness_catalog USING gin (search_text gin_trgm_ops)',
      );
      await knex.raw('RELEASE SAVEPOINT rr_catalog_trgm');
    } catch {
      await knex.raw('ROLLBACK TO SAVEPOINT rr_catalog_trgm');
    }
  }
  await knex.schema.createTable('release_readiness_catalog_search', table => {
    table.comment(
      'Catalog entities flattened to lowercase key/value pairs, as the catalog search table',
    );
    table
      .string('entity_ref', 255)
      .notNullable()
      .references('entity_ref')
      .inTable('release_readiness_catalog')
      .onDelete('CASCADE');
    table.string('key', 200).notNullable();
    table.string('value', 200).nullable();
    table.index(['key', 'value', 'entity_ref'], 'rr_catalog_search_kv_idx');
    table.index(['entity_ref'], 'rr_catalog_search_entity_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX IF EXISTS rr_catalog_kind_lower_idx');
  await knex.schema.dropTable('release_readiness_catalog_search');
  await knex.schema.dropTable('release_readiness_catalog');
};
