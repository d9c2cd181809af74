import { DEFAULT_PAGE_SIZE } from './firstPage';
import { pagePositionFromSearch, searchWithPagePosition } from './pagePosition';

describe('pagePositionFromSearch', () => {
  it('reads offset, page size and sort from the URL', () => {
    expect(
      pagePositionFromSearch('?offset=100&limit=25&sort=owner&order=desc'),
    ).toEqual({
      offset: 100,
      limit: 25,
      sort: { field: 'owner', order: 'desc' },
    });
  });

  it('reads the sort=name of older links as the Entity column’s title sort', () => {
    expect(pagePositionFromSearch('?sort=name&order=desc').sort).toEqual({
      field: 'title',
      order: 'desc',
    });
    expect(pagePositionFromSearch('?sort=name').sort).toEqual({
      field: 'title',
      order: 'asc',
    });
  });

  it.each([
    ['', 0, DEFAULT_PAGE_SIZE, 'title'],
    ['?offset=-5&limit=0&sort=nope', 0, DEFAULT_PAGE_SIZE, 'title'],
    ['?offset=1e3&limit=37', 0, DEFAULT_PAGE_SIZE, 'title'],
    ['?offset=99999999999999999999&limit=500', 0, DEFAULT_PAGE_SIZE, 'title'],
    ['?offset=5&limit=5', 5, 5, 'title'],
    ['?offset=10&limit=10', 10, 10, 'title'],
    ['?limit=4', 0, DEFAULT_PAGE_SIZE, 'title'],
    [
      '?offset=7&limit=200&sort=release-authorization',
      7,
      200,
      'release-authorization',
    ],
  ])(
    'reads each offered page size, and falls back to the default for a missing or malformed value: %s',
    (search, offset, limit, field) => {
      expect(pagePositionFromSearch(search)).toEqual({
        offset,
        limit,
        sort: { field, order: 'asc' },
      });
    },
  );
});

describe('searchWithPagePosition', () => {
  it("replaces the page's filters and position, writes filters as EntityListProvider does and keeps other parameters", () => {
    const search = searchWithPagePosition(
      '?filters[owners]=group:default/a&filters[owners][1]=group:default/b&filters[user]=owned&offset=50&limit=25&sort=owner&order=desc&tab=x',
      { offset: 0, limit: 100, sort: { field: 'title', order: 'asc' } },
      { kind: 'component', lifecycles: ['production', 'experimental'] },
      ['kind', 'owners', 'lifecycles'],
    );
    const params = new URLSearchParams(search);
    expect([...params]).toEqual([
      ['filters[user]', 'owned'],
      ['tab', 'x'],
      ['filters[kind]', 'component'],
      ['filters[lifecycles]', 'production'],
      ['filters[lifecycles]', 'experimental'],
      ['offset', '0'],
      ['limit', '100'],
    ]);
    expect(pagePositionFromSearch(search)).toEqual({
      offset: 0,
      limit: 100,
      sort: { field: 'title', order: 'asc' },
    });
  });

  it('writes a sort other than the default, so the URL opens on the same rows', () => {
    const position = {
      offset: 150,
      limit: 50,
      sort: { field: 'overall', order: 'desc' },
    } as const;
    expect(
      pagePositionFromSearch(searchWithPagePosition('', position, {}, [])),
    ).toEqual(position);
  });
});
