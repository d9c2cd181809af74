/*
 * SCM rate-limit pauses shared by every replica: when an SCM host answered
 * with its rate limit and said until when (`Retry-After`, the reset), no
 * evaluation on any replica sends it a request before that time; a refresh
 * answers the last result, marked stale with the reason, instead.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('release_readiness_scm_pauses', table => {
    table.comment('SCM hosts refusing requests because of their rate limit');
    table
      .string('host', 255)
      .primary()
      .notNullable()
      .comment('The SCM host, as in the entity URLs (host[:port])');
    table
      .bigInteger('until_ms')
      .notNullable()
      .comment('Epoch milliseconds until which the host is not asked');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('release_readiness_scm_pauses');
};
