/*
 * Denormalised columns on the catalog mirror, so the compliance routes filter,
 * count and group on one table (measured at 100,000 entities on PostgreSQL:
 * a status filter joined to the results table probed it once per candidate
 * row; an owner policy hashed 50,000 search pairs per query).
 *
 * - owned_by / owned_by_many: the entity's `relations.ownedby` search pairs
 *   as columns: the one value when there is exactly one pair, else null, and
 *   whether there are several. The catalog's IS_ENTITY_OWNER rule then reads
 *   `owned_by IN (claims)`, and only entities with several owners fall back
 *   to the search pairs. Written by the mirror with the pairs.
 * - status, status_<gate>: the compliance status of the row ('no-protocol',
 *   'not-evaluated' or the stored gate status), as the list shows it, kept in
 *   step with the results table by triggers in the same transaction as every
 *   write to either table: a result saved or removed updates the mirror row,
 *   and a mirror row inserted or changing `has_protocol` reads the result.
 *   On PostgreSQL the mirror's upsert takes a SHARE ROW EXCLUSIVE lock on the
 *   mirror first (see CatalogMirror.upsert), so a result saved while a new
 *   mirror row is not yet committed waits for it instead of missing it.
 */

const GATES = [
  'release_authorization',
  'production_deployment',
  'stabilization_handoff',
];

/** The status columns from the mirror's has_protocol and a result's columns. */
function statusAssignments(hasProtocol, overall, gate) {
  const cell = (column, value) =>
    `${column} = CASE WHEN NOT ${hasProtocol} THEN 'no-protocol' WHEN ${value} IS NULL THEN 'not-evaluated' ELSE ${value} END`;
  return [
    cell('status', overall),
    ...GATES.map(g =>
      cell(
        `status_${g}`,
        `CASE WHEN ${overall} IS NULL THEN NULL ELSE ${gate(g)} END`,
      ),
    ),
  ].join(', ');
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.alterTable('release_readiness_catalog', table => {
    table
      .string('owned_by', 255)
      .nullable()
      .comment(
        'The one relations.ownedby search value; null when none or several',
      );
    table
      .boolean('owned_by_many')
      .notNullable()
      .defaultTo(false)
      .comment('Several relations.ownedby search pairs (see the search table)');
    table
      .string('status', 32)
      .notNullable()
      .defaultTo('no-protocol')
      .comment('Overall compliance status (trigger-maintained)');
    for (const g of GATES)
      table
        .string(`status_${g}`, 32)
        .notNullable()
        .defaultTo('no-protocol')
        .comment(`Compliance status of gate ${g} (trigger-maintained)`);
    table.index(['owned_by'], 'rr_catalog_owned_by_idx');
    table.index(['status'], 'rr_catalog_status_idx');
    for (const g of GATES)
      table.index([`status_${g}`], `rr_catalog_s_${g}_idx`);
  });

  // The list's sort by a status walks these (the same expression as RANK in
  // src/store/compliance.ts), instead of ranking and sorting every row.
  const rank = column =>
    `CASE ${column} WHEN 'passed' THEN 0 WHEN 'pending' THEN 1 WHEN 'blocked' THEN 2 WHEN 'failed' THEN 3 WHEN 'error' THEN 4 WHEN 'not-evaluated' THEN 5 ELSE 6 END`;
  for (const [column, name] of [
    ['status', 'rr_catalog_rank_idx'],
    ...GATES.map(g => [`status_${g}`, `rr_catalog_rank_${g}_idx`]),
  ])
    await knex.raw(
      `CREATE INDEX ${name} ON release_readiness_catalog ((${rank(column)}), entity_ref)`,
    );
  if (pg) {
    // Search pairs' keys and values are far from independent (a key has few
    // values): without these statistics PostgreSQL takes a key/value pair for
    // a tiny set and picks plans for that.
    await knex.raw(
      'CREATE STATISTICS IF NOT EXISTS rr_catalog_search_kv_stats (mcv, ndistinct, dependencies) ON key, value FROM release_readiness_catalog_search',
    );
  }

  // Backfill from the tables as they are.
  await knex.raw(`
    UPDATE release_readiness_catalog SET
      owned_by = (SELECT MIN(sp.value) FROM release_readiness_catalog_search sp
        WHERE sp.entity_ref = release_readiness_catalog.entity_ref AND sp.key = 'relations.ownedby'
        HAVING COUNT(*) = 1),
      owned_by_many = (SELECT COUNT(*) FROM release_readiness_catalog_search sp
        WHERE sp.entity_ref = release_readiness_catalog.entity_ref AND sp.key = 'relations.ownedby') > 1`);
  const sub = column =>
    `(SELECT e.${column} FROM release_readiness_entities e WHERE e.entity_ref = release_readiness_catalog.entity_ref)`;
  await knex.raw(
    `UPDATE release_readiness_catalog SET ${statusAssignments(
      'has_protocol',
      sub('overall'),
      g => sub(`gate_${g}`),
    )}`,
  );

  if (pg) {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION rr_catalog_status() RETURNS trigger AS $$
      DECLARE
        v_overall text; v_ra text; v_pd text; v_sh text;
      BEGIN
        SELECT overall, gate_release_authorization, gate_production_deployment, gate_stabilization_handoff
          INTO v_overall, v_ra, v_pd, v_sh
          FROM release_readiness_entities WHERE entity_ref = NEW.entity_ref;
        NEW.status := CASE WHEN NOT NEW.has_protocol THEN 'no-protocol' WHEN v_overall IS NULL THEN 'not-evaluated' ELSE v_overall END;
        NEW.status_release_authorization := CASE WHEN NOT NEW.has_protocol THEN 'no-protocol' WHEN v_overall IS NULL OR v_ra IS NULL THEN 'not-evaluated' ELSE v_ra END;
        NEW.status_production_deployment := CASE WHEN NOT NEW.has_protocol THEN 'no-protocol' WHEN v_overall IS NULL OR v_pd IS NULL THEN 'not-evaluated' ELSE v_pd END;
        NEW.status_stabilization_handoff := CASE WHEN NOT NEW.has_protocol THEN 'no-protocol' WHEN v_overall IS NULL OR v_sh IS NULL THEN 'not-evaluated' ELSE v_sh END;
        RETURN NEW;
      END
      $$ LANGUAGE plpgsql`);
    await knex.raw(`
      CREATE TRIGGER rr_catalog_status BEFORE INSERT OR UPDATE OF has_protocol
      ON release_readiness_catalog FOR EACH ROW EXECUTE FUNCTION rr_catalog_status()`);
    await knex.raw(`
      CREATE OR REPLACE FUNCTION rr_entities_status() RETURNS trigger AS $$
      DECLARE
        v_ref text; v_overall text; v_ra text; v_pd text; v_sh text;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          v_ref := OLD.entity_ref;
        ELSE
          v_ref := NEW.entity_ref;
          v_overall := NEW.overall;
          v_ra := NEW.gate_release_authorization;
          v_pd := NEW.gate_production_deployment;
          v_sh := NEW.gate_stabilization_handoff;
        END IF;
        UPDATE release_readiness_catalog SET ${statusAssignments(
          'has_protocol',
          'v_overall',
          g =>
            ({
              release_authorization: 'v_ra',
              production_deployment: 'v_pd',
              stabilization_handoff: 'v_sh',
            })[g],
        )}
        WHERE entity_ref = v_ref;
        RETURN NULL;
      END
      $$ LANGUAGE plpgsql`);
    await knex.raw(`
      CREATE TRIGGER rr_entities_status
      AFTER INSERT OR DELETE OR UPDATE OF overall, gate_release_authorization, gate_production_deployment, gate_stabilization_handoff
      ON release_readiness_entities FOR EACH ROW EXECUTE FUNCTION rr_entities_status()`);
  } else {
    const fromResult = row =>
      `UPDATE release_readiness_catalog SET ${statusAssignments(
        'has_protocol',
        row ? `${row}.overall` : 'NULL',
        g => (row ? `${row}.gate_${g}` : 'NULL'),
      )} WHERE entity_ref = ${row ?? 'OLD'}.entity_ref;`;
    await knex.raw(`
      CREATE TRIGGER rr_entities_status_insert AFTER INSERT ON release_readiness_entities
      BEGIN ${fromResult('NEW')} END`);
    await knex.raw(`
      CREATE TRIGGER rr_entities_status_update
      AFTER UPDATE OF overall, gate_release_authorization, gate_production_deployment, gate_stabilization_handoff
      ON release_readiness_entities
      BEGIN ${fromResult('NEW')} END`);
    await knex.raw(`
      CREATE TRIGGER rr_entities_status_delete AFTER DELETE ON release_readiness_entities
      BEGIN ${fromResult(undefined)} END`);
    const catalogSub = column =>
      `(SELECT e.${column} FROM release_readiness_entities e WHERE e.entity_ref = NEW.entity_ref)`;
    const fromCatalog = `UPDATE release_readiness_catalog SET ${statusAssignments(
      'NEW.has_protocol',
      catalogSub('overall'),
      g => catalogSub(`gate_${g}`),
    )} WHERE entity_ref = NEW.entity_ref;`;
    await knex.raw(`
      CREATE TRIGGER rr_catalog_status_insert AFTER INSERT ON release_readiness_catalog
      BEGIN ${fromCatalog} END`);
    await knex.raw(`
      CREATE TRIGGER rr_catalog_status_update AFTER UPDATE OF has_protocol ON release_readiness_catalog
      BEGIN ${fromCatalog} END`);
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (knex.client.config.client === 'pg') {
    await knex.raw(
      'DROP TRIGGER IF EXISTS rr_entities_status ON release_readiness_entities',
    );
    await knex.raw(
      'DROP TRIGGER IF EXISTS rr_catalog_status ON release_readiness_catalog',
    );
    await knex.raw('DROP FUNCTION IF EXISTS rr_entities_status()');
    await knex.raw('DROP FUNCTION IF EXISTS rr_catalog_status()');
  } else {
    for (const name of [
      'rr_entities_status_insert',
      'rr_entities_status_update',
      'rr_entities_status_delete',
      'rr_catalog_status_insert',
      'rr_catalog_status_update',
    ])
      await knex.raw(`DROP TRIGGER IF EXISTS ${name}`);
  }
  if (knex.client.config.client === 'pg')
    await knex.raw('DROP STATISTICS IF EXISTS rr_catalog_search_kv_stats');
  await knex.raw('DROP INDEX IF EXISTS rr_catalog_rank_idx');
  for (const g of GATES)
    await knex.raw(`DROP INDEX IF EXISTS rr_catalog_rank_${g}_idx`);
  await knex.raw('DROP INDEX IF EXISTS rr_catalog_owned_by_idx');
  await knex.raw('DROP INDEX IF EXISTS rr_catalog_status_idx');
  for (const g of GATES)
    await knex.raw(`DROP INDEX IF EXISTS rr_catalog_s_${g}_idx`);
  // Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): knex's SQLite fallback
  // rebuilds the table, and dropping the old one cascades to the search pairs.
  for (const column of [
    'owned_by',
    'owned_by_many',
    'status',
    ...GATES.map(g => `status_${g}`),
  ])
    await knex.raw(
      `ALTER TABLE release_readiness_catalog DROP COLUMN ${column}`,
    );
};
