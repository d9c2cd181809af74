/**
 * Property: on generated catalogs and random read policies, every compliance
 * route (list, summary, export) returns exactly the entities the catalog
 * itself lets the caller read — the real catalog backend, applying the same
 * conditional decision with its own rules and SQL — for random catalog-style
 * filters too. On SQLite and PostgreSQL. Policies mix the catalog's rules
 * under allOf / anyOf / not, and sometimes a custom catalog rule the plugin
 * cannot translate (its fallback: checking candidates with the catalog).
 */
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  ComplianceListResponse,
  ComplianceSummaryResponse,
  PROTOCOL11_ANNOTATION,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import fc from 'fast-check';
import {
  conditional,
  IS_ONE_OF_NAMES,
  RealCatalogBackend,
  startRealCatalogBackend,
} from './testUtils/realCatalog';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from './testUtils/databases';

jest.setTimeout(600_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const GROUPS = ['team-a', 'team-b', 'team-c'];
const TAGS = ['java', 'go', 'pci'];
const KINDS = ['Component', 'Resource', 'System'];

type Cond = PermissionCondition<'catalog-entity'>;
type Criteria = PermissionCriteria<Cond>;

const location = {
  'backstage.io/managed-by-location':
    'url:https://example.com/catalog-info.yaml',
  'backstage.io/managed-by-origin-location':
    'url:https://example.com/catalog-info.yaml',
};

const groupEntity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', annotations: location },
  spec: { type: 'team', children: [] },
});

/** One generated entity (the name is made unique by the catalog generator). */
const entityArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  namespace: fc.constantFrom('default', 'default', 'other'),
  owner: fc.constantFrom(
    'team-a',
    'Team-B',
    'group:default/team-c',
    'group:default/team-a',
  ),
  type: fc.constantFrom('service', 'website', 'database'),
  lifecycle: fc.constantFrom('production', 'experimental'),
  tags: fc.subarray(TAGS),
  tier: fc.option(fc.constantFrom('gold', 'Silver'), { nil: undefined }),
  protocol: fc.boolean(),
  flag: fc.option(fc.constantFrom('On', 'off'), { nil: undefined }),
  title: fc.option(fc.constantFrom('Payments', 'ledger API'), {
    nil: undefined,
  }),
  // short values (resolved in the entity's namespace) and namespaced ones
  system: fc.option(
    fc.constantFrom(
      'checkout',
      'ledger',
      'system:checkout',
      'default/checkout',
      'other/ledger',
    ),
    { nil: undefined },
  ),
});

let generation = 0;
const catalogArb = fc
  .array(entityArb, { minLength: 5, maxLength: 30 })
  .map(specs => {
    generation++;
    return [
      ...GROUPS.map(groupEntity),
      ...specs.map((s, i): Entity => {
        const spec: Record<string, string> = { owner: s.owner };
        if (s.kind !== 'System') spec.type = s.type;
        if (s.kind === 'Component') spec.lifecycle = s.lifecycle;
        if (s.kind !== 'System' && s.system) spec.system = s.system;
        return {
          apiVersion: 'backstage.io/v1alpha1',
          kind: s.kind,
          metadata: {
            name: `e${i}-g${generation}`,
            namespace: s.namespace,
            ...(s.title ? { title: s.title } : {}),
            tags: s.tags,
            ...(s.tier ? { labels: { tier: s.tier } } : {}),
            annotations: {
              ...location,
              ...(s.protocol ? { [PROTOCOL11_ANNOTATION]: '.' } : {}),
              ...(s.flag ? { 'example.com/flag': s.flag } : {}),
            },
          },
          spec,
        };
      }),
    ];
  });

const cond = (rule: string, params: Record<string, unknown>): Cond => ({
  rule,
  resourceType: 'catalog-entity',
  params: params as Cond['params'],
});
const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.option(arb, { nil: undefined }).map(v => v);
const withValue = (base: Record<string, unknown>, value: string | undefined) =>
  value === undefined ? base : { ...base, value };

const leafArb = (names: string[]): fc.Arbitrary<Criteria> =>
  fc.oneof(
    fc
      .subarray(['component', 'Resource', 'SYSTEM', 'group'])
      .map(kinds => cond('IS_ENTITY_KIND', { kinds })),
    fc
      .subarray(GROUPS.map(g => `group:default/${g}`))
      .map(claims => cond('IS_ENTITY_OWNER', { claims })),
    fc
      .tuple(
        fc.constantFrom(
          PROTOCOL11_ANNOTATION,
          'example.com/flag',
          'Example.com/Flag',
        ),
        maybe(fc.constantFrom('on', 'OFF', '.')),
      )
      .map(([annotation, value]) =>
        cond('HAS_ANNOTATION', withValue({ annotation }, value)),
      ),
    maybe(fc.constantFrom('gold', 'silver')).map(value =>
      cond('HAS_LABEL', withValue({ label: 'tier' }, value)),
    ),
    fc
      .tuple(
        fc.constantFrom('title', 'tags', 'namespace'),
        maybe(fc.constantFrom('payments', 'java', 'other')),
      )
      .map(([key, value]) => cond('HAS_METADATA', withValue({ key }, value))),
    fc
      .tuple(
        fc.constantFrom('type', 'lifecycle', 'owner', 'system'),
        maybe(fc.constantFrom('service', 'production', 'team-a', 'checkout')),
      )
      .map(([key, value]) => cond('HAS_SPEC', withValue({ key }, value))),
    {
      arbitrary: fc
        .subarray(names)
        .map(picked => cond(IS_ONE_OF_NAMES, { names: picked })),
      weight: 1,
    },
  );

const criteriaArb = (names: string[]): fc.Arbitrary<Criteria> =>
  fc.letrec<{ c: Criteria }>(tie => ({
    c: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leafArb(names),
      fc
        .array(tie('c'), { maxLength: 3 })
        .map(allOf => ({ allOf }) as Criteria),
      fc
        .array(tie('c'), { maxLength: 3 })
        .map(anyOf => ({ anyOf }) as Criteria),
      tie('c').map(not => ({ not }) as Criteria),
    ),
  })).c;

const decisionArb = (names: string[]): fc.Arbitrary<PolicyDecision> =>
  fc.oneof(
    { arbitrary: fc.constant({ result: AuthorizeResult.ALLOW }), weight: 1 },
    { arbitrary: fc.constant({ result: AuthorizeResult.DENY }), weight: 1 },
    { arbitrary: criteriaArb(names).map(conditional), weight: 8 },
  ) as fc.Arbitrary<PolicyDecision>;

/** A catalog-style filter: ours as query parameters, the catalog's as its filter. */
const sometimes = (values: string[]) =>
  fc.oneof(
    { arbitrary: fc.constant([] as string[]), weight: 3 },
    { arbitrary: fc.subarray(values, { minLength: 1 }), weight: 1 },
  );
const filterArb = fc.record({
  kind: sometimes(['component', 'Resource', 'system', 'group']),
  tag: sometimes(TAGS),
  owner: sometimes(GROUPS.map(g => `group:default/${g}`)),
  lifecycle: sometimes(['production', 'experimental']),
  // as the page's system picker sends them: raw spec.system values
  system: sometimes(['checkout', 'ledger', 'default/checkout', 'other/ledger']),
});
type Filter = typeof filterArb extends fc.Arbitrary<infer T> ? T : never;

const catalogKeys: Record<Exclude<keyof Filter, 'system'>, string> = {
  kind: 'kind',
  tag: 'metadata.tags',
  owner: 'relations.ownedBy',
  lifecycle: 'spec.lifecycle',
};
const NAMESPACES = ['default', 'other'];

function queryString(filter: Filter): string {
  const params = new URLSearchParams();
  for (const [key, values] of Object.entries(filter))
    for (const v of values) params.append(key, v);
  return params.toString();
}

/**
 * The catalog's `filter` parameters for the same filter (values of a key:
 * any; parameters: any). A system value is the system the catalog relates
 * the entity to (`relations.partOf`): a namespaced one that system, a short
 * one the system of that name in the entity's own namespace (one parameter
 * per namespace).
 */
function catalogFilter(filter: Filter): string {
  const keys = Object.keys(catalogKeys) as Array<keyof typeof catalogKeys>;
  const base = keys.flatMap(key =>
    filter[key].map(v => `${catalogKeys[key]}=${v}`),
  );
  const alternatives = filter.system.length
    ? filter.system.flatMap(value =>
        value.includes('/')
          ? [[`relations.partOf=system:${value}`]]
          : NAMESPACES.map(ns => [
              `metadata.namespace=${ns}`,
              `relations.partOf=system:${ns}/${value}`,
            ]),
      )
    : [[]];
  const params = alternatives
    .map(parts => [...base, ...parts])
    .filter(parts => parts.length)
    .map(parts => `&filter=${encodeURIComponent(parts.join(','))}`);
  return params.join('');
}

const refOf = (e: {
  kind: string;
  metadata: { namespace?: string; name: string };
}) =>
  `${e.kind}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`.toLowerCase();

describe.each(databaseIds(databases))(
  'compliance permissions on %s',
  databaseId => {
    let backend: RealCatalogBackend;

    beforeAll(async () => {
      backend = await startRealCatalogBackend(databases, databaseId);
    });
    afterAll(async () => {
      await backend?.stop();
    });

    /** What the catalog lets the caller read, filtered as the catalog filters. */
    async function catalogAnswer(filter: Filter): Promise<Entity[]> {
      const res = await backend.get(
        `/api/catalog/entities/by-query?limit=10000${catalogFilter(filter)}`,
      );
      expect(res.status).toBe(200);
      return res.body.items;
    }

    async function plugin(filter: Filter) {
      const qs = queryString(filter);
      const [list, summary, csv] = await Promise.all([
        backend.get(`/api/release-readiness/compliance?limit=500&${qs}`),
        backend.get(`/api/release-readiness/compliance/summary?${qs}`),
        backend.get(`/api/release-readiness/compliance/export.csv?${qs}`),
      ]);
      expect([list.status, summary.status, csv.status]).toEqual([
        200, 200, 200,
      ]);
      return {
        list: list.body as ComplianceListResponse,
        summary: summary.body as ComplianceSummaryResponse,
        csvRefs: csv.text
          .trim()
          .split('\r\n')
          .slice(1)
          .filter(line => line !== '')
          .map(line => line.split(',')[0].toLowerCase()),
      };
    }

    it('every route returns exactly what the catalog lets the caller read', async () => {
      await fc.assert(
        fc.asyncProperty(
          catalogArb.chain(entities => {
            const names = entities.map(e => e.metadata.name);
            return fc.tuple(
              fc.constant(entities),
              fc.array(fc.tuple(decisionArb(names), filterArb), {
                minLength: 12,
                maxLength: 12,
              }),
            );
          }),
          async ([entities, cases]) => {
            await backend.setEntities(entities);
            for (const [decision, filter] of cases) {
              backend.policy.decide = () => decision;
              const expected = await catalogAnswer(filter);
              const want = expected.map(refOf).sort();
              const got = await plugin(filter);
              const context = JSON.stringify({ decision, filter });
              expect({
                context,
                list: got.list.items.map(r => r.entityRef.toLowerCase()).sort(),
              }).toEqual({ context, list: want });
              expect(got.list.totalCount).toBe(want.length);
              expect(got.csvRefs.sort()).toEqual(want);
              expect(got.summary.total).toBe(want.length);
              expect(got.summary.withProtocol).toBe(
                expected.filter(
                  e => e.metadata.annotations?.[PROTOCOL11_ANNOTATION],
                ).length,
              );
              expect(got.summary.overall['no-protocol'] ?? 0).toBe(
                want.length - got.summary.withProtocol,
              );
            }
          },
        ),
        { numRuns: 5 },
      );
    });
  },
);
