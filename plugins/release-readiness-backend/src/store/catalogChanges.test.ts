/**
 * The catalog mirror's change counter on SQLite and PostgreSQL
 * (migrations 20261205000000_catalog_changes and
 * 20261205000002_catalog_changes_touch): a sync that only records that
 * unchanged entities were seen leaves it as it is, so the compliance routes'
 * cached counts survive it; every write a reader can see raises it.
 */
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import { CATALOG, CATALOG_SEARCH, CatalogMirror } from './catalogMirror';
import { ENTITIES } from './columns';
import { mirrorGeneration } from './countCache';
import { migrateReadinessStore } from './ReadinessStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const component = (name: string, etag: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    etag,
    annotations: { 'release-readiness.io/protocol11': '.' },
  },
  spec: { type: 'service', owner: 'group:default/team' },
});
const REF = 'component:default/payments';

describe.each(databaseIds(databases))(
  'the catalog mirror change counter on %s',
  databaseId => {
    let db: Knex;
    let mirror: CatalogMirror;

    beforeEach(async () => {
      db = await databases.init(databaseId);
      await migrateReadinessStore(db);
      mirror = new CatalogMirror(db);
      await mirror.upsert(
        [component('payments', 'a'), component('ledger', 'a')],
        1,
      );
    });

    /** Resolves whether `write` raised the counter. */
    async function raises(write: () => Promise<unknown>) {
      const before = await mirrorGeneration(db);
      await write();
      return (await mirrorGeneration(db)) !== before;
    }

    it('stays as it is when a sync only records that unchanged entities were seen', async () => {
      expect(await raises(() => mirror.touch([REF], 2))).toBe(false);
      expect(
        Number((await db(CATALOG).where('entity_ref', REF).first()).synced_at),
      ).toBe(2);
    });

    it('rises with every write a reader sees', async () => {
      expect(
        await raises(() => mirror.upsert([component('payments', 'b')], 3)),
      ).toBe(true);
      expect(
        await raises(() => mirror.upsert([component('checkout', 'a')], 3)),
      ).toBe(true);
      expect(
        await raises(() =>
          db(CATALOG_SEARCH).where('entity_ref', REF).delete(),
        ),
      ).toBe(true);
      // a result saved: the status columns follow by trigger
      expect(
        await raises(() =>
          db(ENTITIES).insert({
            entity_ref: REF,
            kind: 'Component',
            namespace: 'default',
            name: 'payments',
            overall: 'failed',
          }),
        ),
      ).toBe(true);
      expect(await raises(() => mirror.remove(REF))).toBe(true);
      expect(await raises(() => mirror.removeUnseen(10))).toBe(true);
    });

    it('rises with an update of any column but synced_at (a column added later must be watched too)', async () => {
      const columns = Object.keys(await db(CATALOG).columnInfo());
      expect(columns).toContain('synced_at');
      const watched = columns.filter(c => c !== 'synced_at');
      expect(watched.length).toBeGreaterThan(5);
      const knex = db;
      const selfUpdate = (column: string) => () =>
        knex(CATALOG)
          .where('entity_ref', REF)
          .update({ [column]: knex.ref(column) });
      for (const column of watched) {
        const raised = await raises(selfUpdate(column));
        expect({ column, raised }).toEqual({ column, raised: true });
      }
    });
  },
);
