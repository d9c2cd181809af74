/**
 * The compliance queries on SQLite and PostgreSQL: the export's keyset pages
 * give every row exactly once, in the list's order, for every sort and
 * direction (ties, nulls, entities without Protocol 11 included); list,
 * summary and export count the same entities; entities gone from the catalog
 * leave all three. Counts kept in memory are reused only while the mirror is
 * unchanged: every kind of write to it makes the next request count again.
 * Across namespaces, a short system value matches each entity's system in
 * the entity's own namespace, a full ref only that system.
 */
import { Entity } from '@backstage/catalog-model';
import {
  COMPLIANCE_SORT_FIELDS,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { Knex } from 'knex';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import { parseComplianceFilter } from '../service/query';
import { CATALOG, CatalogMirror } from './catalogMirror';
import { GATE_COLUMNS } from './columns';
import { allRows, countByStatus, listPage, StoreScope } from './compliance';
import { migrateReadinessStore, readinessMigrations } from './ReadinessStore';
import { CATALOG_CHANGES, CountCache, mirrorGeneration } from './countCache';

jest.setTimeout(120_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const STATUSES = ['passed', 'failed', 'pending', 'error', 'blocked'];

/** Resolves once `condition` holds, checking after each turn of the event loop. */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise(resolve => setImmediate(resolve));
}

function entity(i: number): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: i % 4 === 0 ? 'Resource' : 'Component',
    metadata: {
      // repeated names (in two namespaces) make ties on the name sort
      name: `svc-${i % 20}`,
      namespace: i % 40 < 20 ? 'default' : 'other',
      etag: `e${i}`,
      annotations:
        i % 5 === 0 ? {} : { 'release-readiness.io/protocol11': '.' },
    },
    spec: {
      ...(i % 3 ? { owner: `team-${i % 3}` } : {}),
      ...(i % 7 ? { type: ['service', 'website'][i % 2] } : {}),
      ...(i % 2 ? { lifecycle: 'production' } : {}),
    },
  };
}

describe.each(databaseIds(databases))(
  'compliance queries on %s',
  databaseId => {
    let db: Knex;
    const all = { type: 'all' } as const;

    beforeAll(async () => {
      db = await databases.init(databaseId);
      await migrateReadinessStore(db);
      const entities = Array.from({ length: 40 }, (_, i) => entity(i));
      await new CatalogMirror(db).upsert(entities, 1000);
      // results for the annotated entities, but not all (some not evaluated yet)
      const rows = entities
        .map((e, i) => ({ e, i }))
        .filter(({ i }) => i % 5 !== 0 && i % 9 !== 0)
        .map(({ e, i }) => ({
          entity_ref:
            `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase(),
          kind: e.kind,
          namespace: e.metadata.namespace,
          name: e.metadata.name,
          overall: STATUSES[i % 5],
          ...Object.fromEntries(
            RELEASE_GATE_IDS.map((id, g) => [
              GATE_COLUMNS[id],
              STATUSES[(i + g) % 5],
            ]),
          ),
          evaluated_at: i % 6 ? 1000 + (i % 4) : null,
          lease_expires_at: 0,
        }));
      await db('release_readiness_entities').insert(rows);
    });

    afterAll(async () => {
      await db?.destroy();
    });

    it.each(
      COMPLIANCE_SORT_FIELDS.flatMap(
        f =>
          [
            [f, 'asc'],
            [f, 'desc'],
          ] as const,
      ),
    )(
      'export by %s %s: keyset pages give the list order, each row once',
      async (field, order) => {
        const sort = { field, order };
        const page = await listPage(
          db,
          {},
          sort,
          { offset: 0, limit: 500 },
          all,
        );
        const exported = await allRows(db, {}, sort, all, 3);
        expect(page.totalCount).toBe(40);
        expect(exported.map(r => r.entityRef)).toEqual(
          page.items.map(r => r.entityRef),
        );
        expect(new Set(exported.map(r => r.entityRef)).size).toBe(40);
      },
    );

    it('list, summary and export agree, and forget entities gone from the catalog', async () => {
      const mirror = new CatalogMirror(db);
      const sort = { field: 'name', order: 'asc' } as const;
      const counts = async () => ({
        list: (await listPage(db, {}, sort, { offset: 0, limit: 500 }, all))
          .totalCount,
        summary: (await countByStatus(db, {}, all)).total,
        export: (await allRows(db, {}, sort, all)).length,
      });
      expect(await counts()).toEqual({ list: 40, summary: 40, export: 40 });
      // A sync that saw all but the first 4 entities (deleted from the catalog);
      // their stored results remain but are no longer listed or counted.
      const kept = Array.from({ length: 36 }, (_, i) => entity(i + 4));
      await mirror.touch(
        kept.map(e =>
          `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase(),
        ),
        2000,
      );
      expect(await mirror.removeUnseen(2000)).toBe(4);
      expect(await counts()).toEqual({ list: 36, summary: 36, export: 36 });
      const summary = await countByStatus(db, {}, all);
      const sum = Object.values(summary.overall).reduce(
        (a, b) => a + (b ?? 0),
        0,
      );
      expect(sum).toBe(36);
      expect(summary.withProtocol).toBe(
        36 - (summary.overall['no-protocol'] ?? 0),
      );
    });

    describe('counts kept in memory', () => {
      const sort = { field: 'name', order: 'asc' } as const;
      const ref = (i: number) => {
        const e = entity(i);
        return `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase();
      };
      /** The list's and the summary's counts through `counts`, and counted afresh. */
      const both = async (
        counts: CountCache,
        filter: Parameters<typeof listPage>[1],
        scope: Parameters<typeof listPage>[4],
      ) => {
        const page = { offset: 0, limit: 5 };
        const [cached, fresh, cachedSummary, freshSummary] = await Promise.all([
          listPage(db, filter, sort, page, scope, counts),
          listPage(db, filter, sort, page, scope),
          countByStatus(db, filter, scope, counts),
          countByStatus(db, filter, scope),
        ]);
        expect(cached).toEqual(fresh);
        expect(cachedSummary).toEqual(freshSummary);
        return cached.totalCount;
      };

      it('are reused while the mirror is unchanged, and counted again after any write to it', async () => {
        const counts = new CountCache(db);
        const count = jest.fn(async () => 1);
        expect(await counts.get('k', count)).toBe(1);
        expect(await counts.get('k', count)).toBe(1);
        expect(count).toHaveBeenCalledTimes(1);
        // a result saved: the status columns change through the trigger
        await db('release_readiness_entities')
          .where('entity_ref', ref(11))
          .update({ overall: 'error' });
        await counts.get('k', count);
        expect(count).toHaveBeenCalledTimes(2);
        // a sync's upsert, a removal
        const mirror = new CatalogMirror(db);
        for (const write of [
          () => mirror.upsert([entity(5)], 3000),
          () => mirror.remove(ref(9)),
        ]) {
          await write();
          const calls = count.mock.calls.length;
          await counts.get('k', count);
          expect(count).toHaveBeenCalledTimes(calls + 1);
        }
        // no key: never kept
        await counts.get(undefined, count);
        await counts.get(undefined, count);
        expect(count).toHaveBeenCalledTimes(6);
      });

      it('never keeps a count taken while a write committed', async () => {
        const counts = new CountCache(db);
        const mirror = new CatalogMirror(db);
        // the write lands between the count and the second read of the counter
        await counts.get('k', async () => {
          await mirror.upsert([entity(6)], 3001);
          return 1;
        });
        const count = jest.fn(async () => 2);
        expect(await counts.get('k', count)).toBe(2);
        expect(count).toHaveBeenCalledTimes(1);
      });

      it('run one count per key when many requests miss at once, and share reads of the counter', async () => {
        const counts = new CountCache(db);
        let release!: () => void;
        const gate = new Promise<void>(resolve => {
          release = resolve;
        });
        const count = jest.fn(async () => {
          await gate;
          return 3;
        });
        const reads: string[] = [];
        const onQuery = (q: { sql: string }) => {
          if (/^select/i.test(q.sql) && q.sql.includes(CATALOG_CHANGES))
            reads.push(q.sql);
        };
        db.on('query', onQuery);
        try {
          const waiting = Array.from({ length: 20 }, () =>
            counts.get('many', count),
          );
          await waitFor(() => count.mock.calls.length > 0);
          release();
          expect(await Promise.all(waiting)).toEqual(Array(20).fill(3));
          expect(count).toHaveBeenCalledTimes(1);
          // before the count: one read, then one shared by the 19 that came
          // while it ran; after the count: one read
          expect(reads).toHaveLength(3);
        } finally {
          db.removeListener('query', onQuery);
        }
        expect(await counts.get('many', count)).toBe(3);
        expect(count).toHaveBeenCalledTimes(1);
      });

      it('never give a request a count started before a write it comes after', async () => {
        const counts = new CountCache(db);
        const mirror = new CatalogMirror(db);
        let release!: () => void;
        const gate = new Promise<void>(resolve => {
          release = resolve;
        });
        const early = jest.fn(async () => {
          await gate;
          return 'before the write';
        });
        const first = counts.get('k2', early);
        await waitFor(() => early.mock.calls.length > 0);
        await mirror.upsert([entity(4)], 7000);
        const late = jest.fn(async () => 'after the write');
        expect(await counts.get('k2', late)).toBe('after the write');
        release();
        expect(await first).toBe('before the write');
        // the count taken across the write is not kept; the later one is
        const again = jest.fn(async () => 'again');
        expect(await counts.get('k2', again)).toBe('after the write');
        expect(again).not.toHaveBeenCalled();
      });

      it('keep no failed count; those waiting for it get its error', async () => {
        const counts = new CountCache(db);
        const rejects: Array<(e: Error) => void> = [];
        const failing = jest.fn(
          () =>
            new Promise<number>((_, reject) => {
              rejects.push(reject);
            }),
        );
        // both requests' reads of the counter answered: the second waits
        // for the first one's count before that fails
        let answered = 0;
        const onResponse = (_: unknown, q: { sql: string }) => {
          if (q.sql.includes(CATALOG_CHANGES)) answered++;
        };
        db.on('query-response', onResponse);
        let requests: Promise<number>[];
        try {
          requests = [counts.get('k3', failing), counts.get('k3', failing)];
          await waitFor(() => answered >= 2 && failing.mock.calls.length > 0);
        } finally {
          db.removeListener('query-response', onResponse);
        }
        for (const reject of rejects) reject(new Error('count failed'));
        for (const p of requests)
          await expect(p).rejects.toThrow('count failed');
        expect(failing).toHaveBeenCalledTimes(1);
        expect(await counts.get('k3', async () => 4)).toBe(4);
      });

      it('give the same answers as counting afresh across writes, with and without a permission filter', async () => {
        const counts = new CountCache(db);
        const mirror = new CatalogMirror(db);
        const owned: StoreScope = {
          type: 'sql',
          filter: {
            key: 'relations.ownedby',
            values: ['group:default/team-1'],
          },
        };
        const scopes: StoreScope[] = [all, owned];
        const filters = [{}, { status: ['failed' as const] }, { q: 'svc-1' }];
        const check = async () => {
          for (const scope of scopes)
            for (const filter of filters) await both(counts, filter, scope);
        };
        await check();
        const before = await both(counts, { status: ['failed'] }, all);
        // a result's status changes
        await db('release_readiness_entities')
          .where('entity_ref', ref(12))
          .update({ overall: 'failed' });
        await check();
        expect(await both(counts, { status: ['failed'] }, all)).not.toBe(
          before,
        );
        // an owner changes (search pairs and owner columns)
        const moved = entity(7);
        moved.spec = { ...moved.spec, owner: 'team-1' };
        await mirror.upsert([moved], 4000);
        await check();
        await mirror.upsert([entity(7)], 4001);
        await check();
      });

      it('read a counter that folding leaves unchanged', async () => {
        const mirror = new CatalogMirror(db);
        for (let i = 0; i < 70; i++) await mirror.upsert([entity(8)], 5000 + i);
        const first = await mirrorGeneration(db); // folds on PostgreSQL
        expect(await mirrorGeneration(db)).toBe(first);
        const [{ n }] = await db(CATALOG_CHANGES).count({ n: '*' });
        expect(Number(n)).toBe(1);
        await mirror.upsert([entity(8)], 6000);
        expect(await mirrorGeneration(db)).not.toBe(first);
        // a sync's touch of unchanged entities is no change
        const second = await mirrorGeneration(db);
        await mirror.touch([ref(8)], 6001);
        expect(await mirrorGeneration(db)).toBe(second);
      });
    });
  },
);

/**
 * Entities in two namespaces whose `spec.system` and `spec.owner` are short
 * refs, resolved by the catalog in each entity's own namespace.
 */
function namespaced(
  name: string,
  namespace: string,
  spec: { system?: string; owner?: string },
  title?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace,
      ...(title !== undefined ? { title } : {}),
      etag: `${namespace}-${name}`,
      annotations: { 'release-readiness.io/protocol11': '.' },
    },
    spec: { type: 'service', ...spec },
  };
}

const NAMESPACED = [
  namespaced('cart', 'default', { system: 'commerce', owner: 'team-a' }),
  namespaced('pay-api', 'payments', { system: 'commerce', owner: 'team-a' }),
  namespaced('refunds', 'payments', { system: 'system:commerce' }),
  // names the default namespace's system from payments
  namespaced('ledger', 'payments', {
    system: 'default/commerce',
    owner: 'group:default/team-a',
  }),
  namespaced('search', 'default', { system: 'search' }),
  namespaced('lonely', 'payments', {}),
];

describe.each(databaseIds(databases))(
  'compliance filters across namespaces on %s',
  databaseId => {
    let db: Knex;
    const all = { type: 'all' } as const;
    const sort = { field: 'name', order: 'asc' } as const;

    beforeAll(async () => {
      db = await databases.init(databaseId);
      await migrateReadinessStore(db);
      await new CatalogMirror(db).upsert(NAMESPACED, 1000);
    });

    afterAll(async () => {
      await db?.destroy();
    });

    /** The refs list, summary and export give for a query's filters; they must agree. */
    async function matching(query: Record<string, string>) {
      const filter = parseComplianceFilter(query);
      const [page, summary, exported] = await Promise.all([
        listPage(db, filter, sort, { offset: 0, limit: 500 }, all),
        countByStatus(db, filter, all),
        allRows(db, filter, sort, all, 2),
      ]);
      const refs = page.items.map(r => r.entityRef).sort();
      expect(exported.map(r => r.entityRef).sort()).toEqual(refs);
      expect(page.totalCount).toBe(refs.length);
      expect(summary.total).toBe(refs.length);
      return refs;
    }

    it('matches a short system in each entity’s own namespace, a full ref only as written', async () => {
      expect(await matching({ system: 'commerce' })).toEqual([
        'component:default/cart',
        'component:payments/pay-api',
        'component:payments/refunds',
      ]);
      // the same with the kind written, and in any case
      expect(await matching({ system: 'System:Commerce' })).toEqual(
        await matching({ system: 'commerce' }),
      );
      expect(await matching({ system: 'system:default/commerce' })).toEqual([
        'component:default/cart',
        'component:payments/ledger',
      ]);
      expect(await matching({ system: 'payments/commerce' })).toEqual([
        'component:payments/pay-api',
        'component:payments/refunds',
      ]);
      expect(await matching({ system: 'default/commerce,search' })).toEqual([
        'component:default/cart',
        'component:default/search',
        'component:payments/ledger',
      ]);
      expect(await matching({ system: 'search,payments/commerce' })).toEqual([
        'component:default/search',
        'component:payments/pay-api',
        'component:payments/refunds',
      ]);
      expect(await matching({ system: 'nothing' })).toEqual([]);
    });

    it('matches owners by full ref, a short one in the default namespace as the catalog’s owner filter reads it', async () => {
      expect(await matching({ owner: 'group:payments/team-a' })).toEqual([
        'component:payments/pay-api',
      ]);
      expect(await matching({ owner: 'team-a' })).toEqual([
        'component:default/cart',
        'component:payments/ledger',
      ]);
    });

    it('fills the short system column for rows stored before its migration', async () => {
      const column = () =>
        db(CATALOG)
          .orderBy('entity_ref')
          .select('entity_ref', 'system', 'system_local');
      const written = await column();
      expect(written.map(r => [r.entity_ref, r.system_local])).toEqual([
        ['component:default/cart', 'system:commerce'],
        ['component:default/search', 'system:search'],
        ['component:payments/ledger', null],
        ['component:payments/lonely', null],
        ['component:payments/pay-api', 'system:commerce'],
        ['component:payments/refunds', 'system:commerce'],
      ]);
      const migrations = readinessMigrations();
      await db.migrate.down({
        ...migrations,
        name: '20261206000000_catalog_system_local.js',
      });
      expect(await db.schema.hasColumn(CATALOG, 'system_local')).toBe(false);
      await db.migrate.latest(migrations);
      expect(await column()).toEqual(written);
    });
  },
);

const TITLED = [
  namespaced('a-svc', 'default', {}, 'Zebra'),
  namespaced('b-svc', 'default', {}, 'apple'),
  namespaced('c-svc', 'default', {}),
  namespaced('d-svc', 'default', {}, 'Banana'),
  // the same title in another case and namespace: a tie, broken by ref
  namespaced('e-svc', 'other', {}, 'BANANA'),
  // lowercased as JavaScript does (SQLite's LOWER leaves É as it is)
  namespaced('f-svc', 'intl', {}, 'Éclair'),
];

describe.each(databaseIds(databases))('title sort on %s', databaseId => {
  let db: Knex;
  const all = { type: 'all' } as const;
  const ordered = [
    'component:default/b-svc', // apple
    'component:default/d-svc', // Banana
    'component:other/e-svc', // BANANA
    'component:default/c-svc', // no title: its name
    'component:default/a-svc', // Zebra
  ];

  beforeAll(async () => {
    db = await databases.init(databaseId);
    await migrateReadinessStore(db);
    await new CatalogMirror(db).upsert(TITLED, 1000);
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it.each([
    ['asc', ordered],
    ['desc', [...ordered].reverse()],
  ] as const)(
    'orders %s by the title, else the name, in any case, ties by ref: list pages and export agree',
    async (order, expected) => {
      const sort = { field: 'title', order } as const;
      const filter = { namespace: ['default', 'other'] };
      const whole = await listPage(
        db,
        filter,
        sort,
        { offset: 0, limit: 50 },
        all,
      );
      expect(whole.items.map(r => r.entityRef)).toEqual(expected);
      const pages = [];
      for (let offset = 0; offset < 5; offset += 2)
        pages.push(
          ...(
            await listPage(db, filter, sort, { offset, limit: 2 }, all)
          ).items.map(r => r.entityRef),
        );
      expect(pages).toEqual(expected);
      const exported = await allRows(db, filter, sort, all, 2);
      expect(exported.map(r => r.entityRef)).toEqual(expected);
      // the name sort keeps ordering by metadata.name
      const byName = await listPage(
        db,
        filter,
        { field: 'name', order },
        { offset: 0, limit: 50 },
        all,
      );
      const names = byName.items.map(r => r.name);
      expect(names).toEqual(
        order === 'asc' ? [...names].sort() : [...names].sort().reverse(),
      );
    },
  );

  it('fills the sort key for rows stored before its migration, as the mirror writes it', async () => {
    const column = () =>
      db(CATALOG).orderBy('entity_ref').select('entity_ref', 'sort_title');
    const written = await column();
    expect(written).toEqual([
      { entity_ref: 'component:default/a-svc', sort_title: 'zebra' },
      { entity_ref: 'component:default/b-svc', sort_title: 'apple' },
      { entity_ref: 'component:default/c-svc', sort_title: 'c-svc' },
      { entity_ref: 'component:default/d-svc', sort_title: 'banana' },
      { entity_ref: 'component:intl/f-svc', sort_title: 'éclair' },
      { entity_ref: 'component:other/e-svc', sort_title: 'banana' },
    ]);
    const migrations = readinessMigrations();
    await db.migrate.down({
      ...migrations,
      name: '20261206000001_catalog_sort_title.js',
    });
    expect(await db.schema.hasColumn(CATALOG, 'sort_title')).toBe(false);
    await db.migrate.latest(migrations);
    expect(await column()).toEqual(written);
  });
});

/** One entity per compliance status, named so that no other order gives the severity order. */
const SEVERITIES = [
  // [name, overall, release-authorization] (no result: not evaluated)
  ['b-passed', 'passed', 'passed'],
  ['d-pending', 'pending', 'pending'],
  ['a-blocked', 'blocked', 'blocked'],
  ['g-failed', 'failed', 'failed'],
  ['c-error', 'error', 'error'],
  ['e-not-evaluated', undefined, undefined],
] as const;

describe.each(databaseIds(databases))('status sort on %s', databaseId => {
  let db: Knex;
  const all = { type: 'all' } as const;
  const worstFirst = [
    'component:default/c-error',
    'component:default/g-failed',
    'component:default/a-blocked',
    'component:default/d-pending',
    'component:default/e-not-evaluated',
    'component:default/b-passed',
    'component:default/f-no-protocol',
  ];

  beforeAll(async () => {
    db = await databases.init(databaseId);
    await migrateReadinessStore(db);
    const unannotated = namespaced('f-no-protocol', 'default', {});
    await new CatalogMirror(db).upsert(
      [
        ...SEVERITIES.map(([name]) => namespaced(name, 'default', {})),
        {
          ...unannotated,
          metadata: { ...unannotated.metadata, annotations: {} },
        },
      ],
      1000,
    );
    await db('release_readiness_entities').insert(
      SEVERITIES.filter(([, overall]) => overall).map(
        ([name, overall, gate]) => ({
          entity_ref: `component:default/${name}`,
          kind: 'Component',
          namespace: 'default',
          name,
          overall,
          [GATE_COLUMNS['release-authorization']]: gate,
          [GATE_COLUMNS['production-deployment']]: 'blocked',
          [GATE_COLUMNS['stabilization-handoff']]: 'blocked',
          evaluated_at: 1000,
          lease_expires_at: 0,
        }),
      ),
    );
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it.each([
    ['overall', 'asc', worstFirst],
    ['overall', 'desc', [...worstFirst].reverse()],
    ['release-authorization', 'asc', worstFirst],
    ['release-authorization', 'desc', [...worstFirst].reverse()],
  ] as const)(
    'sorts %s %s, ascending worst first (error, failed, blocked, pending, not evaluated, passed, no Protocol 11): list pages and export agree',
    async (field, order, expected) => {
      const sort = { field, order };
      const whole = await listPage(db, {}, sort, { offset: 0, limit: 50 }, all);
      expect(whole.items.map(r => r.entityRef)).toEqual(expected);
      const pages = [];
      for (let offset = 0; offset < expected.length; offset += 3)
        pages.push(
          ...(
            await listPage(db, {}, sort, { offset, limit: 3 }, all)
          ).items.map(r => r.entityRef),
        );
      expect(pages).toEqual(expected);
      const exported = await allRows(db, {}, sort, all, 2);
      expect(exported.map(r => r.entityRef)).toEqual(expected);
    },
  );

  /** The plan of the page query of a sort, with sequential scans and sorts discouraged. */
  async function pagePlan(field: 'overall' | 'stabilization-handoff') {
    const queries: Array<{ sql: string; bindings: Knex.Value[] }> = [];
    const listen = (q: { sql: string; bindings: Knex.Value[] }) =>
      queries.push(q);
    db.on('query', listen);
    try {
      await listPage(
        db,
        {},
        { field, order: 'asc' },
        { offset: 0, limit: 2 },
        all,
      );
    } finally {
      db.removeListener('query', listen);
    }
    const page = queries.find(q => /\border by\b/i.test(q.sql));
    if (!page) throw new Error('no page query');
    // knex's pg placeholders back to knex's own
    const sql = page.sql.replace(/\$\d+/g, '?');
    if (databaseId.startsWith('POSTGRES')) {
      return db.transaction(async trx => {
        await trx.raw('SET LOCAL enable_seqscan = off');
        await trx.raw('SET LOCAL enable_sort = off');
        const plan = await trx.raw(`EXPLAIN ${sql}`, page.bindings);
        return plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']);
      });
    }
    const plan = await db.raw(`EXPLAIN QUERY PLAN ${sql}`, page.bindings);
    return plan.map((r: { detail: string }) => r.detail);
  }

  it('walks the rank indexes, also after stepping their migration down and up', async () => {
    const usesIndex = async (
      field: 'overall' | 'stabilization-handoff',
      index: string,
    ) => (await pagePlan(field)).some((line: string) => line.includes(index));
    expect(await usesIndex('overall', 'rr_catalog_rank_idx')).toBe(true);
    expect(
      await usesIndex(
        'stabilization-handoff',
        'rr_catalog_rank_stabilization_handoff_idx',
      ),
    ).toBe(true);
    const migrations = readinessMigrations();
    await db.migrate.down({
      ...migrations,
      name: '20261206060000_catalog_status_rank_worst_first.js',
    });
    // the indexes of the old order no longer match the sort's expression
    expect(await usesIndex('overall', 'rr_catalog_rank_idx')).toBe(false);
    await db.migrate.latest(migrations);
    expect(await usesIndex('overall', 'rr_catalog_rank_idx')).toBe(true);
  });
});
