/**
 * The compliance queries on SQLite and PostgreSQL: the export's keyset pages
 * give every row exactly once, in the list's order, for every sort and
 * direction (ties, nulls, entities without Protocol 11 included); list,
 * summary and export count the same entities; entities gone from the catalog
 * leave all three.
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
import { CatalogMirror } from './catalogMirror';
import { GATE_COLUMNS } from './columns';
import { allRows, countByStatus, listPage } from './compliance';
import { migrateReadinessStore } from './ReadinessStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const STATUSES = ['passed', 'failed', 'pending', 'error', 'blocked'];

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
  },
);
