/*
 * The release-readiness store: the latest result per entity and the history
 * of gate changes. Works on SQLite and PostgreSQL.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('release_readiness_entities', table => {
    table.comment(
      'The latest release-readiness result of each entity carrying Protocol 11',
    );
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('Lowercase entity ref, kind:namespace/name');
    table.string('kind', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 255).notNullable();
    table.text('title').nullable();
    table
      .string('owner', 255)
      .nullable()
      .comment('Lowercase owner ref, group:default/team');
    table
      .string('system', 255)
      .nullable()
      .comment('Lowercase system ref, system:default/name');
    table.string('lifecycle', 255).nullable();
    table
      .text('search_text')
      .notNullable()
      .defaultTo('')
      .comment('Lowercase name, title, owner and system, for q');
    table
      .string('overall', 16)
      .nullable()
      .comment('Overall gate status; null before the first good read');
    table.string('gate_release_authorization', 16).nullable();
    table.string('gate_production_deployment', 16).nullable();
    table.string('gate_stabilization_handoff', 16).nullable();
    table.boolean('handoff_ready').notNullable().defaultTo(false);
    table.text('readiness').nullable().comment('ReleaseReadiness JSON');
    table
      .bigInteger('evaluated_at')
      .nullable()
      .comment('Epoch milliseconds of the latest good evaluation');
    table
      .bigInteger('stale_since')
      .nullable()
      .comment(
        'Epoch milliseconds of the first failed read since the last good one',
      );
    table.text('stale_reason').nullable();
    table.text('document_url').nullable();
    table.text('evidence_base_url').nullable();
    table
      .text('source_etag')
      .nullable()
      .comment('JSON of the ETags of the last good read');
    table
      .string('lease_owner', 255)
      .nullable()
      .comment('Instance evaluating the entity now');
    table.bigInteger('lease_expires_at').notNullable().defaultTo(0);
    table
      .bigInteger('seen_at')
      .notNullable()
      .defaultTo(0)
      .comment('When the scheduled run last saw the entity in the catalog');
    table.index(['name', 'entity_ref'], 'rr_entities_name_idx');
    table.index(['kind'], 'rr_entities_kind_idx');
    table.index(['owner'], 'rr_entities_owner_idx');
    table.index(['system'], 'rr_entities_system_idx');
    table.index(['lifecycle'], 'rr_entities_lifecycle_idx');
    table.index(['overall'], 'rr_entities_overall_idx');
    table.index(['gate_release_authorization'], 'rr_entities_gate1_idx');
    table.index(['gate_production_deployment'], 'rr_entities_gate2_idx');
    table.index(['gate_stabilization_handoff'], 'rr_entities_gate3_idx');
    table.index(['evaluated_at'], 'rr_entities_evaluated_idx');
    table.index(['seen_at'], 'rr_entities_seen_idx');
  });

  if (knex.client.config.client === 'pg') {
    // A trigram index makes the free-text filter (LIKE '%q%') fast. pg_trgm is a
    // trusted extension (the database owner may create it); without it the
    // filter still works, by scanning.
    await knex.raw('SAVEPOINT rr_trgm');
    try {
      await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await knex.raw(
        'CREATE INDEX rr_entities_search_trgm_idx ON release_readiness_entities USING gin (search_text gin_trgm_ops)',
      );
      await knex.raw('RELEASE SAVEPOINT rr_trgm');
    } catch {
      await knex.raw('ROLLBACK TO SAVEPOINT rr_trgm');
    }
  }

  await knex.schema.createTable('release_readiness_history', table => {
    table.comment('Each change of a gate status, per entity');
    table.bigIncrements('id').primary();
    table
      .string('entity_ref', 255)
      .notNullable()
      .references('entity_ref')
      .inTable('release_readiness_entities')
      .onDelete('CASCADE');
    table.string('gate_id', 64).notNullable();
    table.string('status', 16).notNullable();
    table.string('previous_status', 16).nullable();
    table.bigInteger('changed_at').notNullable().comment('Epoch milliseconds');
    table.index(['entity_ref', 'id'], 'rr_history_entity_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('release_readiness_history');
  await knex.schema.dropTable('release_readiness_entities');
};
