/**
 * The bare router with a fake service (no backend, no database): responses
 * are checked against src/schema/openapi.yaml, and the export is whole or an
 * error.
 */
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  ComplianceListResponse,
  ComplianceRow,
  ComplianceSummaryResponse,
  ReleaseReadinessApiPaths,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { AddressInfo } from 'net';
import createClient from 'openapi-fetch';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import express from 'express';
import request from 'supertest';
import { createRouter, ReadinessRoutesService } from './router';
import { spec } from './schema/openapi';

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ components: spec.components }, 'spec');
/** Validates a body against a schema of the spec's components. */
const validate = (schema: string, body: unknown) => {
  const check = ajv.getSchema(`spec#/components/schemas/${schema}`)!;
  const ok = check(body);
  return ok ? [] : check.errors;
};

const rows: ComplianceRow[] = [
  {
    entityRef: 'component:default/payments-api',
    kind: 'Component',
    namespace: 'default',
    name: 'payments-api',
    title: 'Payments API',
    type: 'service',
    owner: 'group:default/payments',
    system: 'system:default/checkout',
    lifecycle: 'production',
    tags: ['java'],
    hasProtocol: true,
    overall: 'passed',
    gates: {
      'release-authorization': 'passed',
      'production-deployment': 'passed',
      'stabilization-handoff': 'passed',
    },
    handoffReady: true,
    evaluatedAt: '2026-01-01T00:00:00.000Z',
  },
  {
    entityRef: 'component:default/legacy',
    kind: 'Component',
    namespace: 'default',
    name: 'legacy',
    tags: [],
    hasProtocol: false,
    overall: 'no-protocol',
    handoffReady: false,
  },
];

function fakeService(
  overrides: Partial<ReadinessRoutesService> = {},
): ReadinessRoutesService {
  const fail = async () => {
    throw new Error('not part of this test');
  };
  return {
    getEntity: fail,
    refresh: fail,
    gate: fail,
    history: fail,
    list: async query => ({
      items: rows,
      totalCount: rows.length,
      offset: query.offset,
      limit: query.limit,
    }),
    summary: async () => ({
      total: 2,
      withProtocol: 1,
      overall: { passed: 1, 'no-protocol': 1 },
      gates: {
        'release-authorization': { passed: 1 },
        'production-deployment': { passed: 1 },
        'stabilization-handoff': { passed: 1 },
      },
    }),
    exportRows: async () => rows,
    ...overrides,
  };
}

async function app(service: ReadinessRoutesService) {
  const logger = mockServices.logger.mock();
  const server = express();
  server.use(
    await createRouter({
      service,
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.user(),
      }),
    }),
  );
  server.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger,
    }).error(),
  );
  return server;
}

describe('router (bare, fake service)', () => {
  it('answers the list and the summary in the shapes of the spec', async () => {
    const server = await app(fakeService());
    const list = await request(server).get(
      '/compliance?kind=component&tag=java',
    );
    expect(list.status).toBe(200);
    expect(validate('ComplianceListResponse', list.body)).toEqual([]);
    expect((list.body as ComplianceListResponse).items).toEqual(rows);
    const summary = await request(server).get('/compliance/summary');
    expect(summary.status).toBe(200);
    expect(validate('ComplianceSummaryResponse', summary.body)).toEqual([]);
    expect((summary.body as ComplianceSummaryResponse).withProtocol).toBe(1);
  });

  it('the spec check can fail: a row without tags is refused', async () => {
    const { tags: _omit, ...row } = rows[0];
    expect(
      validate('ComplianceListResponse', {
        items: [row],
        totalCount: 1,
        offset: 0,
        limit: 50,
      }),
    ).not.toEqual([]);
  });

  it('passes the catalog-style filters through, lowercase, as lists', async () => {
    const list = jest.fn(fakeService().list);
    const server = await app(fakeService({ list }));
    const res = await request(server).get(
      '/compliance?kind=Component,API&type=service&owner=team-a&tag=Java&namespace=default&lifecycle=production&system=checkout&status=no-protocol&q=pay',
    );
    expect(res.status).toBe(200);
    expect(list.mock.calls[0][0].filter).toEqual({
      kind: ['component', 'api'],
      type: ['service'],
      owner: ['group:default/team-a'],
      lifecycle: ['production'],
      system: ['system:checkout'],
      tag: ['java'],
      namespace: ['default'],
      gate: undefined,
      status: ['no-protocol'],
      q: 'pay',
    });
  });

  it('exports the whole CSV with its length', async () => {
    const server = await app(fakeService());
    const res = await request(server).get('/compliance/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-length']).toBe(
      String(Buffer.byteLength(res.text)),
    );
    const lines = res.text.split('\r\n');
    expect(lines).toHaveLength(4); // header, 2 rows, final empty string
    expect(lines[2]).toMatch(
      /^component:default\/legacy,.*,false,no-protocol,,,,false,/,
    );
  });

  it('turns a failed export into an error status, never a 200 with part of the rows', async () => {
    const server = await app(
      fakeService({
        exportRows: async () => {
          throw new Error('connection lost while reading rows');
        },
      }),
    );
    const res = await request(server).get('/compliance/export.csv');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(validate('Error', res.body)).toEqual([]);
    expect(res.body.error.message).toBe('connection lost while reading rows');
  });

  it.each([
    ['/entities/Bad$Kind/default/x', 'kind'],
    ['/entities/Component/default/-x', 'name'],
    ['/compliance?limit=0', 'limit'],
    ['/compliance?limit=501', 'limit'],
    ['/compliance?offset=-1', 'offset'],
    ['/compliance?sort=colour', 'sort'],
    ['/compliance/summary?gate=deploy', 'gate'],
    ['/compliance?colour=red', 'colour'],
    ['/gates/Component/default/x', 'require'],
    ['/gates/Component/default/x?require=ship-it', 'require'],
  ])(
    'refuses %s from the spec alone (400 naming %s), the service untouched',
    async (url, parameter) => {
      const calls: string[] = [];
      const record = (name: string) => async (): Promise<never> => {
        calls.push(name);
        throw new Error('the spec should have refused the request');
      };
      const server = await app(
        fakeService({
          getEntity: record('getEntity'),
          gate: record('gate'),
          list: record('list'),
          summary: record('summary'),
        }),
      );
      const res = await request(server).get(url);
      expect(res.status).toBe(400);
      expect(validate('Error', res.body)).toEqual([]);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(parameter);
      expect(calls).toEqual([]);
    },
  );

  it('checks what the spec cannot say: a status after splitting on commas', async () => {
    const server = await app(fakeService());
    const res = await request(server).get('/compliance?status=passed,shipped');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid status: "shipped" is not one of passed, pending, blocked, failed, error, not-evaluated, no-protocol',
    );
  });

  it('answers an entity, its history and a gate check in the shapes of the spec', async () => {
    const readiness = {
      entityRef: 'component:default/payments-api',
      hasProtocol: false,
    };
    const server = await app(
      fakeService({
        getEntity: async () => readiness,
        history: async () => ({ entityRef: readiness.entityRef, items: [] }),
        gate: async (ref, gateId) => ({
          entityRef: `${ref.kind}:${ref.namespace}/${ref.name}`.toLowerCase(),
          gate: { id: gateId, name: gateId },
          passed: false,
          message: 'no Protocol 11',
          blocking: [],
        }),
      }),
    );
    const entity = await request(server).get(
      '/entities/Component/default/payments-api',
    );
    expect(entity.status).toBe(200);
    expect(validate('EntityReadinessResponse', entity.body)).toEqual([]);
    const history = await request(server).get(
      '/entities/Component/default/payments-api/history',
    );
    expect(validate('EntityHistoryResponse', history.body)).toEqual([]);
    const gate = await request(server).get(
      '/gates/Component/default/payments-api?require=production-deployment',
    );
    expect(gate.status).toBe(200);
    expect(validate('GateCheckResponse', gate.body)).toEqual([]);
    expect(gate.body.gate.id).toBe('production-deployment');
  });

  it('takes what a client typed by the spec sends (openapi-fetch, as the frontend client)', async () => {
    const list = jest.fn(fakeService().list);
    const getEntity = jest.fn(async () => ({
      entityRef: 'component:team a/x',
      hasProtocol: false,
    }));
    const handler = await app(fakeService({ list, getEntity }));
    const server = await new Promise<ReturnType<typeof handler.listen>>(
      resolve => {
        const listening = handler.listen(0, '127.0.0.1', () =>
          resolve(listening),
        );
      },
    );
    try {
      const { port } = server.address() as AddressInfo;
      const client = createClient<ReleaseReadinessApiPaths>({
        baseUrl: `http://127.0.0.1:${port}`,
      });
      // eslint-disable-next-line new-cap
      const page = await client.GET('/compliance', {
        params: {
          query: {
            owner: ['group:default/payments', 'web'],
            kind: ['Component'],
            q: 'pay ments',
            sort: 'release-authorization',
            offset: 10,
            limit: 5,
          },
        },
      });
      expect(page.error).toBeUndefined();
      expect(validate('ComplianceListResponse', page.data)).toEqual([]);
      const query = list.mock.calls[0][0];
      expect(query.filter.owner).toEqual([
        'group:default/payments',
        'group:default/web',
      ]);
      expect(query.filter.q).toBe('pay ments');
      expect(query.sort).toEqual({
        field: 'release-authorization',
        order: 'asc',
      });
      expect([query.offset, query.limit]).toEqual([10, 5]);

      // eslint-disable-next-line new-cap
      const entity = await client.GET('/entities/{kind}/{namespace}/{name}', {
        params: { path: { kind: 'Component', namespace: 'team.a', name: 'x' } },
      });
      expect(entity.response.status).toBe(200);
      expect(getEntity.mock.calls[0]).toContainEqual({
        kind: 'Component',
        namespace: 'team.a',
        name: 'x',
      });
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });
});
