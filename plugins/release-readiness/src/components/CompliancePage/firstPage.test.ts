import { createFakeApi } from '../../testing/fakeApi';
import { compliancePageFixture } from '../../fixtures';
import { ComplianceQuery } from '@release-readiness/backstage-plugin-release-readiness-common';
import { firstPageQuery, prefetchFirstPage, takeFirstPage } from './firstPage';

const plain: ComplianceQuery = {
  kind: ['component'],
  sort: 'title',
  order: 'asc',
  offset: 0,
  limit: 50,
};

describe('firstPageQuery', () => {
  it.each(['', '?', '?utm_source=mail'])(
    'is the default first page for %j',
    search => expect(firstPageQuery(search)).toEqual(plain),
  );

  it.each([
    '?filters[kind]=system',
    '?filters%5Bowners%5D=team-a',
    '?offset=50',
    '?limit=100',
    '?sort=owner',
    '?order=desc',
  ])('leaves %j to the page', search =>
    expect(firstPageQuery(search)).toBeUndefined(),
  );
});

describe('prefetchFirstPage and takeFirstPage', () => {
  afterEach(() => jest.useRealTimers());

  it('hands the answer for the plain URL to the page once, for that query only', async () => {
    const api = createFakeApi();
    api.getCompliance.mockResolvedValue(compliancePageFixture);
    prefetchFirstPage(api, '');
    expect(api.getCompliance).toHaveBeenCalledWith(plain);
    // The same query with its keys in another order.
    const taken = takeFirstPage(api, {
      limit: 50,
      offset: 0,
      order: 'asc',
      sort: 'title',
      kind: ['component'],
    });
    await expect(taken).resolves.toBe(compliancePageFixture);
    expect(takeFirstPage(api, plain)).toBeUndefined();

    prefetchFirstPage(api, '');
    expect(takeFirstPage(api, { ...plain, kind: ['system'] })).toBeUndefined();
    // A query that did not match still used the answer up.
    expect(takeFirstPage(api, plain)).toBeUndefined();
  });

  it('asks nothing for other URLs and drops an answer nobody took', () => {
    const api = createFakeApi();
    api.getCompliance.mockResolvedValue(compliancePageFixture);
    prefetchFirstPage(api, '');
    prefetchFirstPage(api, '?filters[kind]=system');
    expect(api.getCompliance).toHaveBeenCalledTimes(1);
    expect(takeFirstPage(api, plain)).toBeUndefined();
  });

  it('does not hand over an answer asked for more than 10 s before', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const api = createFakeApi();
    api.getCompliance.mockResolvedValue(compliancePageFixture);
    prefetchFirstPage(api, '');
    jest.setSystemTime(1_000_000 + 10_001);
    expect(takeFirstPage(api, plain)).toBeUndefined();
  });

  it('keeps a failed request handled until the page takes it and shows the error', async () => {
    const api = createFakeApi();
    api.getCompliance.mockRejectedValue(new Error('backend down'));
    prefetchFirstPage(api, '');
    await new Promise(resolve => setTimeout(resolve, 0));
    await expect(takeFirstPage(api, plain)).rejects.toThrow('backend down');
  });
});
