/*
 * Notification outbox: each gate event worth telling the owner about (a gate
 * regressed, Release Authorization passed, Stabilization & Handoff passed) is
 * written in the same transaction as the result that caused it, then sent
 * through Backstage's notification service and marked sent. An evaluation that
 * finds the same statuses writes nothing, so nothing is sent twice, and a row
 * whose send failed or was cut short by a restart is sent later.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('release_readiness_notifications', table => {
    table.comment('Gate events to notify the entity owner of (outbox)');
    table.bigIncrements('id').primary();
    table
      .string('entity_ref', 255)
      .notNullable()
      .references('entity_ref')
      .inTable('release_readiness_entities')
      .onDelete('CASCADE');
    table
      .string('event', 32)
      .notNullable()
      .comment('regressed, authorized or handed-off');
    table.string('gate_id', 64).notNullable();
    table.text('detail').notNullable().comment('NotificationEvent JSON');
    table.bigInteger('created_at').notNullable().comment('Epoch milliseconds');
    table
      .bigInteger('sent_at')
      .nullable()
      .comment('Epoch milliseconds; null while not yet sent');
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('last_error').nullable();
    table
      .string('claimed_by', 255)
      .nullable()
      .comment('Instance sending it now');
    table.bigInteger('claimed_until').notNullable().defaultTo(0);
    table.index(['sent_at', 'id'], 'rr_notifications_pending_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('release_readiness_notifications');
};
