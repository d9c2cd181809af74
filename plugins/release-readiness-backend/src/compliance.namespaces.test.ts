/**
 * The compliance routes on entities in two namespaces, through the real
 * catalog (its processing resolves each short `spec.system` and `spec.owner`
 * in the entity's own namespace), on SQLite and PostgreSQL: a short system
 * value, as the page's system picker sends it, matches each entity's system
 * of that name in the entity's namespace; a full ref only that system; owner
 * refs as the catalog's owner filter reads them. List, summary and CSV export
 * agree on every filter.
 */
import { Entity } from '@backstage/catalog-model';
import {
  ComplianceListResponse,
  ComplianceSummaryResponse,
  PROTOCOL11_ANNOTATION,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import {
  RealCatalogBackend,
  startRealCatalogBackend,
} from './testUtils/realCatalog';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from './testUtils/databases';

jest.setTimeout(180_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const location = {
  'backstage.io/managed-by-location':
    'url:https://example.com/catalog-info.yaml',
  'backstage.io/managed-by-origin-location':
    'url:https://example.com/catalog-info.yaml',
};

function component(
  name: string,
  namespace: string,
  spec: { system?: string; owner: string },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace,
      annotations: { ...location, [PROTOCOL11_ANNOTATION]: '.' },
    },
    spec: { type: 'service', lifecycle: 'production', ...spec },
  };
}

const ENTITIES = [
  component('cart', 'default', { system: 'commerce', owner: 'team-a' }),
  component('pay-api', 'payments', { system: 'commerce', owner: 'team-a' }),
  component('refunds', 'payments', {
    system: 'system:commerce',
    owner: 'group:payments/team-b',
  }),
  // names the default namespace's system from payments
  component('ledger', 'payments', {
    system: 'default/commerce',
    owner: 'group:default/team-a',
  }),
  component('search', 'default', { system: 'search', owner: 'team-b' }),
];

describe.each(databaseIds(databases))(
  'compliance across namespaces on %s',
  databaseId => {
    let backend: RealCatalogBackend;

    beforeAll(async () => {
      backend = await startRealCatalogBackend(databases, databaseId);
      await backend.setEntities(ENTITIES);
    });
    afterAll(async () => {
      await backend?.stop();
    });

    /** The refs the list, the summary and the export give; they must agree. */
    async function refs(query: string): Promise<string[]> {
      const [list, summary, csv] = await Promise.all([
        backend.get(`/api/release-readiness/compliance?limit=500&${query}`),
        backend.get(`/api/release-readiness/compliance/summary?${query}`),
        backend.get(`/api/release-readiness/compliance/export.csv?${query}`),
      ]);
      expect([list.status, summary.status, csv.status]).toEqual([
        200, 200, 200,
      ]);
      const listed = (list.body as ComplianceListResponse).items
        .map(r => r.entityRef)
        .sort();
      const exported = csv.text
        .trim()
        .split('\r\n')
        .slice(1)
        .map(line => line.split(',')[0])
        .sort();
      expect(exported).toEqual(listed);
      expect((list.body as ComplianceListResponse).totalCount).toBe(
        listed.length,
      );
      expect((summary.body as ComplianceSummaryResponse).total).toBe(
        listed.length,
      );
      return listed;
    }

    it('matches a short system in each entity’s own namespace', async () => {
      expect(await refs('system=commerce')).toEqual([
        'component:default/cart',
        'component:payments/pay-api',
        'component:payments/refunds',
      ]);
      expect(await refs('system=commerce&namespace=payments')).toEqual([
        'component:payments/pay-api',
        'component:payments/refunds',
      ]);
    });

    it('matches a full system ref only as written, with short ones mixed in', async () => {
      expect(await refs('system=system:default/commerce')).toEqual([
        'component:default/cart',
        'component:payments/ledger',
      ]);
      expect(await refs('system=payments/commerce&system=search')).toEqual([
        'component:default/search',
        'component:payments/pay-api',
        'component:payments/refunds',
      ]);
    });

    it('matches owners by their full refs, short ones in the default namespace', async () => {
      expect(await refs('owner=group:payments/team-a')).toEqual([
        'component:payments/pay-api',
      ]);
      expect(await refs('owner=group:payments/team-a,team-b')).toEqual([
        'component:default/search',
        'component:payments/pay-api',
      ]);
      expect(await refs('owner=team-a')).toEqual([
        'component:default/cart',
        'component:payments/ledger',
      ]);
    });
  },
);
