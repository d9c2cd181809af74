import fs from 'fs';
import path from 'path';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { MockFetchApi } from '@backstage/test-utils';
import { ReleaseReadinessClient } from './ReleaseReadinessClient';
import { encodeComplianceQuery } from './query';
import {
  complianceSummaryFixture,
  compliancePageFixture,
  historyFixture,
  readinessFixtures,
} from '../fixtures';

const BASE = 'http://localhost:7007/api/release-readiness';
const entity = {
  kind: 'Component',
  namespace: 'default',
  name: 'payments-api',
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    statusText: status === 200 ? 'OK' : 'Not Found',
    headers: { 'Content-Type': 'application/json' },
  });

function setup(response: Response) {
  const discoveryApi: DiscoveryApi = { getBaseUrl: jest.fn(async () => BASE) };
  const fetch = jest.fn<Promise<Response>, Parameters<FetchApi['fetch']>>(
    async () => response,
  );
  const fetchApi: FetchApi = { fetch };
  /** The request openapi-fetch handed to fetchApi. */
  const sent = (i = 0) => fetch.mock.calls[i][0] as Request;
  return {
    client: new ReleaseReadinessClient({ discoveryApi, fetchApi }),
    fetch,
    discoveryApi,
    sent,
  };
}

describe('ReleaseReadinessClient', () => {
  it('gets an entity readiness through discovery and fetchApi', async () => {
    const { client, fetch, discoveryApi, sent } = setup(
      json(readinessFixtures.handoffReady),
    );
    await expect(client.getEntityReadiness(entity)).resolves.toEqual(
      readinessFixtures.handoffReady,
    );
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('release-readiness');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sent().url).toBe(`${BASE}/entities/Component/default/payments-api`);
    expect(sent().method).toBe('GET');
    expect(sent().headers.get('Accept')).toBe('application/json');
  });

  it('encodes entity ref parts', async () => {
    const { client, sent } = setup(json(readinessFixtures.noProtocol));
    await client.getEntityReadiness({
      kind: 'Component',
      namespace: 'team a',
      name: 'x/y',
    });
    expect(sent().url).toBe(`${BASE}/entities/Component/team%20a/x%2Fy`);
  });

  it('refreshes with POST', async () => {
    const { client, sent } = setup(json(readinessFixtures.authorizationFailed));
    await expect(client.refreshEntity(entity)).resolves.toEqual(
      readinessFixtures.authorizationFailed,
    );
    expect(sent().url).toBe(
      `${BASE}/entities/Component/default/payments-api/refresh`,
    );
    expect(sent().method).toBe('POST');
  });

  it('gets the history', async () => {
    const { client, sent } = setup(json(historyFixture));
    await expect(client.getEntityHistory(entity)).resolves.toEqual(
      historyFixture,
    );
    expect(sent().url).toBe(
      `${BASE}/entities/Component/default/payments-api/history`,
    );
  });

  it('reads one file of the entity through the content route, the path encoded', async () => {
    const file = {
      path: '.artifacts/deployment/a b.json',
      mediaType: 'application/json',
      size: 2,
      content: '{}',
    };
    const { client, sent } = setup(json(file));
    await expect(
      client.getEntityFile(entity, '.artifacts/deployment/a b.json'),
    ).resolves.toEqual(file);
    expect(sent().url).toBe(
      `${BASE}/entities/Component/default/payments-api/content?file=.artifacts%2Fdeployment%2Fa%20b.json`,
    );
  });

  it('turns a 404 into a ResponseError', async () => {
    const { client } = setup(
      json(
        {
          error: { name: 'NotFoundError', message: 'entity not found' },
          response: { statusCode: 404 },
        },
        404,
      ),
    );
    const error = await client.getEntityReadiness(entity).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.response.status).toBe(404);
  });

  it('sends compliance filters, sort and page as repeated query parameters', async () => {
    const { client, sent } = setup(json(compliancePageFixture));
    await expect(
      client.getCompliance({
        owner: ['group:default/payments', 'group:default/web'],
        kind: ['Component'],
        system: ['system:default/checkout'],
        lifecycle: ['production', ' '],
        gate: 'production-deployment',
        status: ['failed', 'pending'],
        q: 'pay ments',
        sort: 'release-authorization',
        order: 'desc',
        offset: 100,
        limit: 50,
      }),
    ).resolves.toEqual(compliancePageFixture);
    const url = new URL(sent().url);
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE}/compliance`);
    expect(url.searchParams.getAll('owner')).toEqual([
      'group:default/payments',
      'group:default/web',
    ]);
    expect(url.searchParams.getAll('kind')).toEqual(['Component']);
    expect(url.searchParams.getAll('system')).toEqual([
      'system:default/checkout',
    ]);
    expect(url.searchParams.getAll('lifecycle')).toEqual(['production']);
    expect(url.searchParams.get('gate')).toBe('production-deployment');
    expect(url.searchParams.getAll('status')).toEqual(['failed', 'pending']);
    expect(url.searchParams.get('q')).toBe('pay ments');
    expect(url.searchParams.get('sort')).toBe('release-authorization');
    expect(url.searchParams.get('order')).toBe('desc');
    expect(url.searchParams.get('offset')).toBe('100');
    expect(url.searchParams.get('limit')).toBe('50');
  });

  it('leaves out an empty query', async () => {
    const { client, sent } = setup(json(compliancePageFixture));
    await client.getCompliance({});
    expect(sent().url).toBe(`${BASE}/compliance`);
  });

  it('gets the summary without paging', async () => {
    const { client, sent } = setup(json(complianceSummaryFixture));
    await expect(
      client.getComplianceSummary({
        owner: ['group:default/payments'],
        offset: 50,
        limit: 50,
      }),
    ).resolves.toEqual(complianceSummaryFixture);
    expect(sent().url).toBe(
      `${BASE}/compliance/summary?owner=group%3Adefault%2Fpayments`,
    );
  });

  it('exports CSV for the filters as a blob', async () => {
    const csv = fs.readFileSync(
      path.join(__dirname, '../fixtures/compliance-export.csv'),
      'utf8',
    );
    const { client, sent } = setup(
      new Response(csv, {
        status: 200,
        headers: { 'Content-Type': 'text/csv' },
      }),
    );
    const blob = await client.exportComplianceCsv({
      status: ['failed'],
      sort: 'name',
      order: 'asc',
      offset: 50,
      limit: 50,
    });
    expect(await blob.text()).toBe(csv);
    expect(sent().url).toBe(
      `${BASE}/compliance/export.csv?status=failed&sort=name&order=asc`,
    );
    expect(sent().headers.get('Accept')).toBe('text/csv');
  });

  it('rejects a failed export with a ResponseError', async () => {
    const { client } = setup(
      json({ error: { name: 'NotAllowedError', message: 'not allowed' } }, 403),
    );
    await expect(client.exportComplianceCsv({})).rejects.toBeInstanceOf(
      ResponseError,
    );
  });

  it('encodeComplianceQuery gives the search the client sends', async () => {
    const { client, sent } = setup(json(compliancePageFixture));
    const query = {
      owner: ['group:default/payments', ' ', 'web'],
      status: ['failed'],
      q: ' pay ',
      sort: 'name' as const,
      offset: 50,
      limit: 25,
    };
    await client.getCompliance(query);
    const search = new URL(sent().url).search.slice(1);
    expect(search).toBe(
      'owner=group%3Adefault%2Fpayments&owner=web&status=failed&q=pay&sort=name&offset=50&limit=25',
    );
    expect(encodeComplianceQuery(query).toString()).toBe(search);
    expect(encodeComplianceQuery(query, { paging: false }).toString()).toBe(
      'owner=group%3Adefault%2Fpayments&owner=web&status=failed&q=pay&sort=name',
    );
  });

  it("goes through Backstage's fetch middleware: the user's token is added to openapi-fetch's request", async () => {
    const base = jest.fn(async (_input: unknown, _init?: unknown) =>
      json(historyFixture),
    );
    const fetchApi = new MockFetchApi({
      baseImplementation: base as unknown as typeof fetch,
      injectIdentityAuth: { token: 'user-token' },
    });
    const client = new ReleaseReadinessClient({
      discoveryApi: { getBaseUrl: async () => BASE },
      fetchApi,
    });
    await expect(client.getEntityHistory(entity)).resolves.toEqual(
      historyFixture,
    );
    expect(base).toHaveBeenCalledTimes(1);
    const request = new Request(
      base.mock.calls[0][0] as Request,
      base.mock.calls[0][1] as RequestInit | undefined,
    );
    expect(request.url).toBe(
      `${BASE}/entities/Component/default/payments-api/history`,
    );
    expect(request.headers.get('Authorization')).toBe('Bearer user-token');
    expect(request.headers.get('Accept')).toBe('application/json');
  });
});
