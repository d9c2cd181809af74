/**
 * The catalog mirror's denormalised columns on SQLite and PostgreSQL: the
 * status columns always equal the status computed from the results table
 * (whichever of the two tables is written first, and after updates, deletes
 * and annotation changes), and the owner rule on the owned_by column selects
 * the same entities as the search pairs for none, one and several owners.
 */
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import { applySqlFilter } from '../service/permissionScope';
import { CATALOG, CATALOG_SEARCH, CatalogMirror } from './catalogMirror';
import { migrateReadinessStore, readinessMigrations } from './ReadinessStore';
import { CATALOG_CHANGES } from './countCache';

jest.setTimeout(120_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const ENTITIES = 'release_readiness_entities';
const GATES = [
  'release_authorization',
  'production_deployment',
  'stabilization_handoff',
];

function entity(
  name: string,
  options: { protocol?: boolean; owners?: string[] } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      etag: `${name}-${options.protocol ?? true}`,
      annotations:
        options.protocol === false
          ? {}
          : { 'release-readiness.io/protocol11': '.' },
    },
    spec: { type: 'service' },
    relations: (options.owners ?? []).map(targetRef => ({
      type: 'ownedBy',
      targetRef,
    })),
  };
}

const ref = (name: string) => `component:default/${name}`;

function result(
  name: string,
  overall: string | null,
  gates: Array<string | null> = [],
) {
  return {
    entity_ref: ref(name),
    kind: 'Component',
    namespace: 'default',
    name,
    overall,
    gate_release_authorization: gates[0] ?? null,
    gate_production_deployment: gates[1] ?? null,
    gate_stabilization_handoff: gates[2] ?? null,
    lease_expires_at: 0,
  };
}

/** Each mirror row's status columns and the statuses computed from the join. */
async function statuses(db: Knex) {
  const rows = await db({ c: CATALOG })
    .leftJoin({ e: ENTITIES }, 'e.entity_ref', 'c.entity_ref')
    .select(
      'c.entity_ref',
      'c.has_protocol',
      'c.status',
      ...GATES.map(g => `c.status_${g}`),
      'e.overall',
      ...GATES.map(g => `e.gate_${g}`),
    )
    .orderBy('c.entity_ref');
  const computed = (row: Record<string, any>, value: unknown) => {
    if (!row.has_protocol) return 'no-protocol';
    if (row.overall === null || value === null) return 'not-evaluated';
    return value;
  };
  return {
    stored: rows.map(r => [
      r.entity_ref,
      r.status,
      ...GATES.map(g => r[`status_${g}`]),
    ]),
    expected: rows.map(r => [
      r.entity_ref,
      computed(r, r.overall),
      ...GATES.map(g => computed(r, r[`gate_${g}`])),
    ]),
  };
}

describe.each(databaseIds(databases))('catalog mirror on %s', databaseId => {
  let db: Knex;

  beforeAll(async () => {
    db = await databases.init(databaseId);
    await migrateReadinessStore(db);
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('keeps the status columns in step with the results, whichever is written first', async () => {
    const mirror = new CatalogMirror(db);
    const check = async () => {
      const { stored, expected } = await statuses(db);
      expect(stored).toEqual(expected);
      return Object.fromEntries(stored.map(([r, s]) => [r, s]));
    };
    // mirror first, then results
    await mirror.upsert([entity('a'), entity('b'), entity('c')], 1);
    expect(await check()).toEqual({
      [ref('a')]: 'not-evaluated',
      [ref('b')]: 'not-evaluated',
      [ref('c')]: 'not-evaluated',
    });
    await db(ENTITIES).insert([
      result('a', 'failed', ['passed', 'failed', 'pending']),
      result('b', null),
      result('d', 'passed', ['passed', 'passed', null]),
    ]);
    // results first (d), then the mirror row
    await mirror.upsert([entity('d')], 2);
    expect(await check()).toMatchObject({
      [ref('a')]: 'failed',
      [ref('b')]: 'not-evaluated',
      [ref('d')]: 'passed',
    });
    // a result updated, one deleted
    await db(ENTITIES)
      .where('entity_ref', ref('b'))
      .update({ overall: 'blocked', gate_release_authorization: 'blocked' });
    await db(ENTITIES).where('entity_ref', ref('a')).delete();
    expect(await check()).toMatchObject({
      [ref('a')]: 'not-evaluated',
      [ref('b')]: 'blocked',
    });
    // the annotation removed, then added back: the stored result shows again
    await mirror.upsert([entity('b', { protocol: false })], 3);
    expect(await check()).toMatchObject({ [ref('b')]: 'no-protocol' });
    await db(ENTITIES)
      .where('entity_ref', ref('b'))
      .update({ overall: 'error' });
    expect(await check()).toMatchObject({ [ref('b')]: 'no-protocol' });
    await mirror.upsert([entity('b')], 4);
    expect(await check()).toMatchObject({ [ref('b')]: 'error' });
    // an unchanged re-sync keeps them
    await mirror.upsert([entity('d')], 5);
    expect(await check()).toMatchObject({ [ref('d')]: 'passed' });
  });

  it('applies the owner rule on owned_by exactly as on the search pairs', async () => {
    const mirror = new CatalogMirror(db);
    await mirror.upsert(
      [
        entity('o-none'),
        entity('o-one', { owners: ['group:default/Team-A'] }),
        entity('o-other', { owners: ['group:default/team-b'] }),
        entity('o-two', {
          owners: ['group:default/team-b', 'group:default/team-a'],
        }),
        entity('o-long', { owners: [`group:default/${'x'.repeat(195)}`] }),
      ],
      10,
    );
    const long = `group:default/${'x'.repeat(195)}`;
    const cases: Array<[string[], string[]]> = [
      [['group:default/team-a'], [ref('o-one'), ref('o-two')]],
      [['group:default/team-b'], [ref('o-other'), ref('o-two')]],
      [
        ['group:default/team-a', 'group:default/team-b'],
        [ref('o-one'), ref('o-other'), ref('o-two')],
      ],
      // longer than the search table keeps: its value is null there
      [[long], []],
      [[], []],
    ];
    for (const [claims, expected] of cases) {
      const filter = { key: 'relations.ownedby', values: claims };
      const byColumn = db({ c: CATALOG })
        .select('c.entity_ref')
        .where('c.entity_ref', 'like', 'component:default/o-%');
      applySqlFilter(db, byColumn, filter, 'c.entity_ref');
      const byPairs = db(CATALOG_SEARCH)
        .distinct('entity_ref')
        .where('key', 'relations.ownedby')
        .whereIn('value', claims)
        .where('entity_ref', 'like', 'component:default/o-%');
      const refs = (rows: Array<{ entity_ref: string }>) =>
        rows.map(r => r.entity_ref).sort();
      const got = refs(await byColumn);
      expect(got).toEqual(refs(await byPairs));
      expect(got).toEqual(expected);
      // negated, as a policy's `not` gives it
      const negated = db({ c: CATALOG })
        .select('c.entity_ref')
        .where('c.entity_ref', 'like', 'component:default/o-%');
      applySqlFilter(db, negated, { not: filter }, 'c.entity_ref');
      expect(refs(await negated)).toEqual(
        [
          ref('o-long'),
          ref('o-none'),
          ref('o-one'),
          ref('o-other'),
          ref('o-two'),
        ].filter(r => !got.includes(r)),
      );
    }
  });
  it('applies lifecycle and type filters on their columns exactly as on the search pairs', async () => {
    const long = 'x'.repeat(250);
    // spec.lifecycle / spec.type as catalogs hold them, well-formed or not
    const shapes: Array<[string, unknown]> = [
      ['mixed', 'Production'],
      ['plain', 'experimental'],
      ['array', ['production', 'Deprecated']],
      ['one-item', ['production']],
      ['number', 42],
      ['boolean', true],
      ['empty', ''],
      ['long', long],
      ['null', null],
      ['object', { production: 'production' }],
      ['missing', undefined],
    ];
    const entities: Entity[] = shapes.map(([name, value]) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `s-${name}`, namespace: 'default', etag: name },
      spec: value === undefined ? {} : { lifecycle: value, type: value },
    }));
    await new CatalogMirror(db).upsert(entities, 30);
    const all = shapes.map(([name]) => ref(`s-${name}`)).sort();
    const refs = (rows: Array<{ entity_ref: string }>) =>
      rows.map(r => r.entity_ref).sort();
    const valueSets = [
      ['production'],
      ['experimental', 'deprecated'],
      ['42'],
      ['true'],
      [''],
      [long],
      ['production', '42', 'true', 'experimental'],
      [],
    ];
    for (const key of ['spec.lifecycle', 'spec.type']) {
      const pairs = await db(CATALOG_SEARCH)
        .where('key', key)
        .where('entity_ref', 'like', 'component:default/s-%')
        .select('entity_ref', 'value');
      for (const values of valueSets) {
        const expected = [
          ...new Set(
            pairs
              .filter(p => p.value !== null && values.includes(p.value))
              .map(p => p.entity_ref as string),
          ),
        ].sort();
        const byColumn = db({ c: CATALOG })
          .select('c.entity_ref')
          .where('c.entity_ref', 'like', 'component:default/s-%');
        applySqlFilter(db, byColumn, { key, values }, 'c.entity_ref');
        expect({ key, values, got: refs(await byColumn) }).toEqual({
          key,
          values,
          got: expected,
        });
        const negated = db({ c: CATALOG })
          .select('c.entity_ref')
          .where('c.entity_ref', 'like', 'component:default/s-%');
        applySqlFilter(db, negated, { not: { key, values } }, 'c.entity_ref');
        expect(refs(await negated)).toEqual(
          all.filter(r => !expected.includes(r)),
        );
      }
    }
    // the cases that go by the pairs and by the column both select rows
    const production = db({ c: CATALOG })
      .select('c.entity_ref')
      .where('c.entity_ref', 'like', 'component:default/s-%');
    applySqlFilter(
      db,
      production,
      { key: 'spec.lifecycle', values: ['production'] },
      'c.entity_ref',
    );
    expect(refs(await production)).toEqual(
      [ref('s-array'), ref('s-mixed'), ref('s-one-item')].sort(),
    );
    // and the backfill of the migration gives the columns the mirror writes
    const columns = () =>
      db(CATALOG)
        .where('entity_ref', 'like', 'component:default/s-%')
        .orderBy('entity_ref')
        .select(
          'entity_ref',
          'spec_lifecycle',
          'spec_type',
          db.raw('CASE WHEN spec_lifecycle_many THEN 1 ELSE 0 END AS lm'),
          db.raw('CASE WHEN spec_type_many THEN 1 ELSE 0 END AS tm'),
        );
    const written = await columns();
    expect(written.some(r => Number(r.lm) === 1)).toBe(true);
    const migrations = readinessMigrations();
    await db.migrate.down({
      ...migrations,
      name: '20261205120000_catalog_spec_columns.js',
    });
    expect(await db.schema.hasColumn(CATALOG, 'spec_lifecycle')).toBe(false);
    await db.migrate.latest(migrations);
    expect(await columns()).toEqual(written);
  });

  it('migrates down and up again, filling the columns from the rows already stored', async () => {
    const migrations = readinessMigrations();
    const mirror = new CatalogMirror(db);
    await mirror.upsert(
      [
        entity('m-one', { owners: ['group:default/team-a'] }),
        entity('m-two', {
          owners: ['group:default/team-a', 'group:default/team-b'],
        }),
        entity('m-none', { protocol: false }),
      ],
      20,
    );
    await db(ENTITIES).insert([
      result('m-one', 'failed', ['passed', 'failed', null]),
      result('m-none', 'passed', ['passed', 'passed', 'passed']),
    ]);
    const facts = () =>
      db(CATALOG)
        .where('entity_ref', 'like', 'component:default/m-%')
        .orderBy('entity_ref')
        .select(
          'entity_ref',
          'owned_by',
          'owned_by_many',
          'status',
          ...GATES.map(g => `status_${g}`),
        );
    const before = await facts();
    expect(before.map(r => [r.entity_ref, r.status])).toEqual([
      [ref('m-none'), 'no-protocol'],
      [ref('m-one'), 'failed'],
      [ref('m-two'), 'not-evaluated'],
    ]);
    // the mirror's change counter, then the status columns (by name: later
    // migrations of other tables stay)
    await db.migrate.down({
      ...migrations,
      name: '20261205000002_catalog_changes_touch.js',
    });
    await db.migrate.down({
      ...migrations,
      name: '20261205000000_catalog_changes.js',
    });
    expect(await db.schema.hasTable(CATALOG_CHANGES)).toBe(false);
    await db.migrate.down({
      ...migrations,
      name: '20261204000002_catalog_status_owner.js',
    });
    expect(await db.schema.hasColumn(CATALOG, 'status')).toBe(false);
    // written without the columns (and without the triggers) meanwhile
    await db(ENTITIES)
      .where('entity_ref', ref('m-one'))
      .update({ overall: 'blocked', gate_stabilization_handoff: 'blocked' });
    await db.migrate.latest(migrations);
    const after = await facts();
    expect(after.map(r => [r.entity_ref, r.status])).toEqual([
      [ref('m-none'), 'no-protocol'],
      [ref('m-one'), 'blocked'],
      [ref('m-two'), 'not-evaluated'],
    ]);
    expect(after.map(r => [r.owned_by, Boolean(r.owned_by_many)])).toEqual([
      [null, false],
      ['group:default/team-a', false],
      [null, true],
    ]);
    const { stored, expected } = await statuses(db);
    expect(stored).toEqual(expected);
    // and the triggers are back
    await db(ENTITIES)
      .where('entity_ref', ref('m-one'))
      .update({ overall: 'passed' });
    expect(
      (await db(CATALOG).where('entity_ref', ref('m-one')).first()).status,
    ).toBe('passed');
  });
});
