/*
 * Push-driven evaluation and crash-safe leases:
 * - requested_at: the latest refresh request not yet served (a push, a file
 *   change, a request from another replica); cleared by an evaluation that
 *   started after it.
 * - source_repo / source_ref / watch_paths: where the entity's protocol lives,
 *   so a push event finds the entities whose files it touched.
 * - release_readiness_instances: one row per running backend, with a heartbeat,
 *   so a lease whose holder is gone can be taken over at once.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('release_readiness_entities', table => {
    table
      .bigInteger('requested_at')
      .nullable()
      .comment('Epoch milliseconds of the latest unserved refresh request');
    table
      .string('source_repo', 512)
      .nullable()
      .comment(
        'host/owner/repository of the evidence, lowercase; "local" for file sources',
      );
    table
      .text('source_ref')
      .nullable()
      .comment(
        'Branch of the source location (empty: default branch), or the folder of a local source',
      );
    table
      .text('watch_paths')
      .nullable()
      .comment(
        'JSON array of repository paths whose change re-evaluates the entity',
      );
    table.index(['requested_at'], 'rr_entities_requested_idx');
    table.index(['source_repo'], 'rr_entities_source_idx');
  });
  await knex.schema.createTable('release_readiness_instances', table => {
    table.comment('Running release-readiness backends and their heartbeats');
    table.string('instance_id', 255).primary().notNullable();
    table
      .bigInteger('heartbeat_at')
      .notNullable()
      .comment('Epoch milliseconds of the latest heartbeat');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('release_readiness_instances');
  await knex.schema.alterTable('release_readiness_entities', table => {
    table.dropIndex([], 'rr_entities_requested_idx');
    table.dropIndex([], 'rr_entities_source_idx');
    table.dropColumn('requested_at');
    table.dropColumn('source_repo');
    table.dropColumn('source_ref');
    table.dropColumn('watch_paths');
  });
};
