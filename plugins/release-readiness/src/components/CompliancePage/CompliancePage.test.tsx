import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Entity } from '@backstage/catalog-model';
import { analyticsApiRef } from '@backstage/core-plugin-api';
import { mockApis } from '@backstage/test-utils';
import {
  catalogApiRef,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { DefaultEntityPresentationApi } from '@backstage/plugin-catalog';
import { ComplianceView } from './CompliancePage';
import { prefetchFirstPage } from './firstPage';
import { createFakeApi } from '../../testing/fakeApi';
import { renderWithApi } from '../../testing/render';
import { lateFacetsCatalog } from '../../testing/lateFacetsCatalog';
import {
  compliancePageFixture,
  complianceSummaryFixture,
} from '../../fixtures';

const component = (
  name: string,
  spec: Record<string, string>,
  tags: string[] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', tags },
  spec: { type: 'service', ...spec },
  // As the catalog's processing adds it: the owner picker lists these.
  relations: [{ type: 'ownedBy', targetRef: spec.owner }],
});

/** What the catalog holds: the pickers take their options from it. */
const catalog: Entity[] = [
  component('payments-api', {
    owner: 'group:default/payments',
    lifecycle: 'production',
    system: 'checkout',
  }),
  component(
    'ledger-service',
    {
      owner: 'group:default/finance-platform',
      lifecycle: 'experimental',
      system: 'ledger',
    },
    ['money'],
  ),
];

function setup() {
  const api = createFakeApi();
  api.getCompliance.mockResolvedValue(compliancePageFixture);
  api.getComplianceSummary.mockResolvedValue(complianceSummaryFixture);
  return api;
}

const render = (api: ReturnType<typeof setup>, route?: string) =>
  renderWithApi(
    <>
      <ComplianceView />
      <Location />
    </>,
    { api, route, catalogEntities: catalog },
  );

const findGrid = () =>
  screen.findByRole('table', { name: 'Release compliance' });

/** The router's location, shown so that a test can read the page's URL. */
function Location() {
  const { search } = useLocation();
  return <p data-testid="location">{decodeURIComponent(search)}</p>;
}

/** The browser's back and forward buttons. */
function HistoryButtons() {
  const navigate = useNavigate();
  return (
    <>
      <button onClick={() => navigate(-1)}>Browser back</button>
      <button onClick={() => navigate(1)}>Browser forward</button>
    </>
  );
}

const renderWithLateFacets = async (
  api: ReturnType<typeof setup>,
  route: string,
) => {
  const { catalogApi, answerFacets } = lateFacetsCatalog(catalog);
  await renderWithApi(
    <>
      <ComplianceView />
      <Location />
      <HistoryButtons />
    </>,
    {
      api,
      route,
      catalogEntities: catalog,
      apis: [[catalogApiRef, catalogApi]],
    },
  );
  return answerFacets;
};

/** The offsets of every list request so far. */
const requestedOffsets = (api: ReturnType<typeof setup>) =>
  api.getCompliance.mock.calls.map(([query]) => query?.offset);

/** The pagination's "101 - 150 of 1500". */
const shownRows = (from: number, to: number) =>
  screen.findByText(`${from} - ${to} of 1500`);

/**
 * Waits for the catalog's pickers to have registered their filters: the kind
 * picker and the search bar at once and 250 ms after mounting (Backstage's
 * debounce), then, once `answerFacets` lets the facets through, the lifecycle
 * picker with the URL's value (shown as its chip once it has its options).
 */
async function pickersRegistered(answerFacets: () => void) {
  await screen.findByText('Kind');
  await act(() => new Promise(resolve => setTimeout(resolve, 400)));
  answerFacets();
  await screen.findByTestId('lifecycles-picker-expand');
  await screen.findByRole('button', { name: 'production' });
  expect(screen.getByTestId('location')).toHaveTextContent(
    'filters[lifecycles]=production',
  );
}

describe('ComplianceView', () => {
  it('fetches the first page of the default kind at once and shows entity, owner and system as catalog links', async () => {
    const api = setup();
    await render(api);
    const grid = await findGrid();
    expect(api.getCompliance).toHaveBeenCalledTimes(1);
    expect(api.getCompliance).toHaveBeenCalledWith({
      kind: ['component'],
      sort: 'title',
      order: 'asc',
      offset: 0,
      limit: 50,
    });
    expect(within(grid).getAllByRole('row')).toHaveLength(
      compliancePageFixture.items.length + 1,
    );
    expect(
      within(grid).getByRole('link', { name: 'Payments API' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
    expect(
      within(grid).getByRole('link', { name: /^payments$/ }),
    ).toHaveAttribute('href', '/catalog/default/group/payments');
    expect(
      within(grid).getAllByRole('link', { name: /^checkout$/ })[0],
    ).toHaveAttribute('href', '/catalog/default/system/checkout');
    expect(
      within(grid).getByRole('link', {
        name: 'Payments API: Passed — open its release readiness',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/release-readiness',
    );
    expect(screen.getByText('1500 matching entities')).toBeInTheDocument();
  });

  it('shows the first page its loader asked for while the code loaded, without asking again', async () => {
    const api = setup();
    api.getCompliance.mockResolvedValueOnce({
      ...compliancePageFixture,
      totalCount: 7,
    });
    prefetchFirstPage(api, '');
    await render(api);
    await findGrid();
    expect(await screen.findByText('7 matching entities')).toBeInTheDocument();
    expect(api.getCompliance).toHaveBeenCalledTimes(1);
  });

  it('asks for its own rows when the URL is not the one the loader asked for', async () => {
    const api = setup();
    api.getCompliance.mockResolvedValueOnce({
      ...compliancePageFixture,
      totalCount: 7,
    });
    prefetchFirstPage(api, '');
    await render(api, '/?offset=50');
    expect(await shownRows(51, 100)).toBeInTheDocument();
    expect(api.getCompliance).toHaveBeenCalledTimes(2);
    expect(api.getCompliance).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 50 }),
    );
  });

  it('shows owner and system by the titles the catalog presents, in one lookup for the page', async () => {
    const api = setup();
    const group: Entity = {
      apiVersion: 'backstage.io/v1',
      kind: 'Group',
      metadata: { name: 'payments', namespace: 'default' },
      spec: { type: 'team', profile: { displayName: 'Payments Team' } },
    };
    const system: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'checkout', namespace: 'default', title: 'Checkout' },
      spec: { owner: 'group:default/payments' },
    };
    const catalogApi = catalogApiMock({
      entities: [...catalog, group, system],
    });
    const byRefs = jest.spyOn(catalogApi, 'getEntitiesByRefs');
    await renderWithApi(<ComplianceView />, {
      api,
      catalogEntities: catalog,
      apis: [
        [catalogApiRef, catalogApi],
        [
          entityPresentationApiRef,
          DefaultEntityPresentationApi.create({ catalogApi }),
        ],
      ],
    });
    const grid = await findGrid();
    // The name first (the row needs no catalog answer), then the title.
    const owner = await within(grid).findByRole('link', {
      name: 'Payments Team',
    });
    expect(owner).toHaveAttribute('href', '/catalog/default/group/payments');
    expect(owner).toHaveAttribute('title', 'group:default/payments | team');
    expect(
      within(grid).getAllByRole('link', { name: 'Checkout' })[0],
    ).toHaveAttribute('href', '/catalog/default/system/checkout');
    expect(byRefs).toHaveBeenCalledTimes(1);
  });

  it("opens a row's links inside the app on a plain click, records the click, and leaves a modified click to the browser", async () => {
    const api = setup();
    const analytics = mockApis.analytics.mock();
    const Where = () => <p>at {useLocation().pathname}</p>;
    await renderWithApi(
      <Routes>
        <Route path="/" element={<ComplianceView />} />
        <Route path="/catalog/*" element={<Where />} />
      </Routes>,
      {
        api,
        catalogEntities: catalog,
        apis: [[analyticsApiRef, analytics]],
      },
    );
    const grid = await findGrid();
    const owner = within(grid).getByRole('link', { name: /^payments$/ });
    // Ctrl-click (new tab): left to the browser. What the page did is read after it, on
    // window, where the default is then prevented (jsdom cannot open documents).
    const leftToBrowser: boolean[] = [];
    const browserDefault = (e: Event) => {
      leftToBrowser.push(!e.defaultPrevented);
      e.preventDefault();
    };
    window.addEventListener('click', browserDefault);
    fireEvent.click(owner, { ctrlKey: true });
    window.removeEventListener('click', browserDefault);
    expect(leftToBrowser).toEqual([true]);
    expect(analytics.captureEvent).not.toHaveBeenCalled();
    await userEvent.click(owner);
    expect(
      await screen.findByText('at /catalog/default/group/payments'),
    ).toBeInTheDocument();
    expect(analytics.captureEvent).toHaveBeenCalledTimes(1);
    expect(analytics.captureEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'click',
        subject: 'payments',
        attributes: { to: '/catalog/default/group/payments' },
      }),
    );
  });

  it('shows type and lifecycle under the name and when the status was evaluated', async () => {
    const api = setup();
    await render(api);
    const grid = await findGrid();
    const row = within(grid)
      .getByRole('link', { name: 'Payments API' })
      .closest('tr') as HTMLElement;
    expect(within(row).getByText('service · production')).toBeInTheDocument();
    expect(row.querySelector('time')).toHaveAttribute(
      'datetime',
      '2024-05-03T09:30:00.000Z',
    );
  });

  it('lists an entity without Protocol 11 as "No protocol", its gates empty', async () => {
    const api = setup();
    await render(api);
    const grid = await findGrid();
    const link = within(grid).getByRole('link', {
      name: 'legacy-batch: No protocol — set up Protocol 11 with the template',
    });
    // No release-readiness tab without the protocol: the link leads to the
    // template, the entity pre-selected.
    expect(link).toHaveAttribute(
      'href',
      `/create/templates/default/protocol-11-release-management?formData=${encodeURIComponent(
        JSON.stringify({ entity: 'component:default/legacy-batch' }),
      )}`,
    );
    const row = link.closest('tr') as HTMLElement;
    expect(within(row).getByText('No protocol')).toBeInTheDocument();
    expect(within(row).getAllByText('—').length).toBeGreaterThanOrEqual(3);
  });

  it('shows every column header in full', async () => {
    const api = setup();
    await render(api);
    const grid = await findGrid();
    const headers = within(grid)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toEqual([
      'Entity',
      'Owner',
      'System',
      'Overall',
      'Release Authorization',
      'Production Deployment',
      'Stabilization & Handoff',
    ]);
    // The sorted column's arrow sits inside its label, after the last word,
    // so it takes no width from the label (beside it, it cut "Authorization").
    const sorted = within(grid).getByRole('columnheader', {
      name: 'Entity',
    });
    expect(sorted).toHaveAttribute('aria-sort', 'ascending');
    const label = sorted.querySelector('[class*="TableHeadLabel"]');
    expect(label?.querySelector('svg')).not.toBeNull();
  });

  it('shows the adoption figure and the counts once, as a chart whose values are written out', async () => {
    const api = setup();
    await render(api);
    expect(
      await screen.findByText('1234 of 1500 entities (82%) have Protocol 11'),
    ).toBeInTheDocument();
    const chart = screen.getByRole('figure', {
      name: 'Entities per gate and status',
    });
    expect(within(chart).getAllByRole('group')).toHaveLength(4);
    const counts = (name: string | RegExp) =>
      within(within(chart).getByRole('group', { name }))
        .getAllByRole('listitem')
        .map(li => li.textContent);
    // Each bar says what it counts: its percentages' base.
    expect(counts('Overall · 1500 entities')).toEqual([
      'Passed640 (43%)',
      'Pending349 (23%)',
      'Failed224 (15%)',
      'Error21 (1%)',
      'No protocol266 (18%)',
    ]);
    expect(counts('Release Authorization · 1234 evaluated entities')).toEqual([
      'Passed1002 (81%)',
      'Pending60 (5%)',
      'Failed151 (12%)',
      'Error21 (2%)',
    ]);
    expect(
      counts(/^Stabilization & Handoff · \d+ evaluated entities$/),
    ).toContain('Blocked423 (34%)');
    // The counts appear once: no second table of the same figures.
    expect(screen.getAllByRole('table')).toHaveLength(1);
    expect(api.getComplianceSummary).toHaveBeenCalledWith({
      kind: ['component'],
    });
  });

  it('shows the rows while the summary is still loading', async () => {
    const api = setup();
    api.getComplianceSummary.mockReturnValue(new Promise(() => {}));
    await render(api);
    const grid = await findGrid();
    expect(
      within(grid).getByRole('link', { name: 'Payments API' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/have Protocol 11/)).not.toBeInTheDocument();
  });

  it('sends the first page alone: the summary and the pickers follow it', async () => {
    const api = setup();
    let answer: (value: typeof compliancePageFixture) => void = () => {};
    api.getCompliance.mockReturnValueOnce(
      new Promise(resolve => {
        answer = resolve;
      }),
    );
    await render(api);
    await waitFor(() => expect(api.getCompliance).toHaveBeenCalledTimes(1));
    expect(api.getComplianceSummary).not.toHaveBeenCalled();
    expect(screen.queryByText('Kind')).not.toBeInTheDocument();
    answer(compliancePageFixture);
    await findGrid();
    await waitFor(() =>
      expect(api.getComplianceSummary).toHaveBeenCalledTimes(1),
    );
    expect(await screen.findByText('Kind')).toBeInTheDocument();
    expect(api.getCompliance).toHaveBeenCalledTimes(1);
  });

  it('takes every filter from the URL for the very first request', async () => {
    const api = setup();
    await render(
      api,
      '/?filters[kind]=component&filters[type]=service&filters[owners]=group:default/payments' +
        '&filters[lifecycles]=production&filters[systems]=checkout&filters[tags]=money' +
        '&filters[text]=pay&filters[status]=failed&filters[gate]=release-authorization',
    );
    await findGrid();
    const filters = {
      kind: ['component'],
      type: ['service'],
      owner: ['group:default/payments'],
      lifecycle: ['production'],
      tag: ['money'],
      system: ['checkout'],
      q: 'pay',
    };
    expect(api.getCompliance).toHaveBeenNthCalledWith(1, {
      ...filters,
      status: ['failed'],
      gate: 'release-authorization',
      sort: 'title',
      order: 'asc',
      offset: 0,
      limit: 50,
    });
    // The summary follows once the rows are painted.
    await waitFor(() =>
      expect(api.getComplianceSummary).toHaveBeenNthCalledWith(1, filters),
    );
    // The pickers register the same values once the catalog's facets load: no second request.
    await screen.findByTestId('lifecycles-picker-expand');
    await new Promise(r => setTimeout(r, 400));
    expect(api.getCompliance).toHaveBeenCalledTimes(1);
  });

  it("shows the URL's status and gate in their pickers, and a gate picked there in the URL", async () => {
    const api = setup();
    await render(
      api,
      '/?filters[kind]=component&filters[status]=passed&filters[gate]=stabilization-handoff',
    );
    await findGrid();
    // Backstage's Select: labelled on its input's wrapper, the value in its button.
    const picker = async (label: string) =>
      within(await screen.findByLabelText(label)).getByRole('button');
    expect(await picker('Status')).toHaveTextContent(/^Passed$/);
    expect(await picker('Gate')).toHaveTextContent(/^Stabilization & Handoff$/);
    fireEvent.mouseDown(await picker('Gate'));
    await userEvent.click(
      within(await screen.findByRole('listbox')).getByRole('option', {
        name: 'Release Authorization',
      }),
    );
    expect(await picker('Gate')).toHaveTextContent(/^Release Authorization$/);
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        'filters[status]=passed&filters[gate]=release-authorization',
      ),
    );
    expect(api.getCompliance).toHaveBeenLastCalledWith(
      expect.objectContaining({
        status: ['passed'],
        gate: 'release-authorization',
        offset: 0,
      }),
    );
  });

  it('asks again with a lifecycle picked in the catalog picker and puts it in the URL', async () => {
    const api = setup();
    await render(api);
    await findGrid();
    await userEvent.click(
      await screen.findByTestId('lifecycles-picker-expand'),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /experimental/ }),
    );
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith({
        kind: ['component'],
        lifecycle: ['experimental'],
        sort: 'title',
        order: 'asc',
        offset: 0,
        limit: 50,
      }),
    );
    expect(api.getComplianceSummary).toHaveBeenLastCalledWith({
      kind: ['component'],
      lifecycle: ['experimental'],
    });
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        'filters[lifecycles]=experimental',
      ),
    );
  });

  it("asks again with a tag picked in the catalog's tag picker and puts it in the URL", async () => {
    const api = setup();
    await render(api);
    await findGrid();
    // Shown because a component in the catalog has a tag (`money`).
    await userEvent.click(await screen.findByTestId('tags-picker-expand'));
    await userEvent.click(await screen.findByRole('option', { name: /money/ }));
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith({
        kind: ['component'],
        tag: ['money'],
        sort: 'title',
        order: 'asc',
        offset: 0,
        limit: 50,
      }),
    );
    await waitFor(() =>
      expect(api.getComplianceSummary).toHaveBeenLastCalledWith({
        kind: ['component'],
        tag: ['money'],
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        'filters[tags]=money',
      ),
    );
  });

  it('offers the small page sizes of the catalog table: 5 rows a page, then the next five, in the URL', async () => {
    const api = setup();
    api.getCompliance.mockImplementation(async query => ({
      ...compliancePageFixture,
      items: compliancePageFixture.items.slice(0, query?.limit),
      offset: query?.offset ?? 0,
      limit: query?.limit ?? 50,
      totalCount: 12,
    }));
    await render(api);
    await findGrid();
    await screen.findByText('1 - 12 of 12');
    await userEvent.click(
      screen.getByRole('button', { name: /Select table page size/ }),
    );
    const sizes = await screen.findAllByRole('option', {
      name: /^Show \d+ results$/,
    });
    expect(sizes.map(option => option.textContent)).toEqual(
      [5, 10, 25, 50, 100, 200].map(size => `Show ${size} results`),
    );
    await userEvent.click(
      screen.getByRole('option', { name: 'Show 5 results' }),
    );
    await screen.findByText('1 - 5 of 12');
    expect(api.getCompliance).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 0, limit: 5 }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Next table page' }),
    );
    await screen.findByText('6 - 10 of 12');
    expect(api.getCompliance).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 5, limit: 5 }),
    );
    expect(screen.getByTestId('location')).toHaveTextContent(
      'offset=5&limit=5',
    );
  });

  it('pages on the server, the summary untouched', async () => {
    const api = setup();
    await render(api);
    await findGrid();
    await userEvent.click(screen.getByRole('button', { name: /next/i }));
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith(
        expect.objectContaining({ offset: 50, limit: 50 }),
      ),
    );
    expect(api.getComplianceSummary).toHaveBeenCalledTimes(1);
  });

  it('opens at the page in the URL (a shared link, a reload, back from an entity page) and stays there when the pickers load their facets late', async () => {
    const api = setup();
    const answerFacets = await renderWithLateFacets(
      api,
      '/?filters[lifecycles]=production&offset=100',
    );
    await findGrid();
    await shownRows(101, 150);
    expect(api.getCompliance).toHaveBeenNthCalledWith(1, {
      kind: ['component'],
      lifecycle: ['production'],
      sort: 'title',
      order: 'asc',
      offset: 100,
      limit: 50,
    });
    await pickersRegistered(answerFacets);
    expect(requestedOffsets(api)).toEqual([100]);
    expect(screen.getByText('101 - 150 of 1500')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('offset=100');
  });

  it('stays on the next page when it is asked for before the pickers have loaded their facets', async () => {
    const api = setup();
    const answerFacets = await renderWithLateFacets(
      api,
      '/?filters[lifecycles]=production',
    );
    await findGrid();
    // The pickers mount once the rows are painted; their facets have not answered.
    await screen.findByText('Kind');
    await userEvent.click(screen.getByRole('button', { name: /next/i }));
    await shownRows(51, 100);
    await pickersRegistered(answerFacets);
    expect(requestedOffsets(api)).toEqual([0, 50]);
    expect(api.getCompliance).toHaveBeenLastCalledWith(
      expect.objectContaining({ lifecycle: ['production'], offset: 50 }),
    );
    expect(screen.getByText('51 - 100 of 1500')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('offset=50');
  });

  it('goes back to the first page when the user picks an owner', async () => {
    const api = setup();
    const answerFacets = await renderWithLateFacets(
      api,
      '/?filters[lifecycles]=production&offset=100',
    );
    await findGrid();
    await pickersRegistered(answerFacets);
    await userEvent.click(await screen.findByTestId('owner-picker-expand'));
    await userEvent.click(
      await screen.findByRole('option', { name: /payments/ }),
    );
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith({
        kind: ['component'],
        lifecycle: ['production'],
        owner: ['group:default/payments'],
        sort: 'title',
        order: 'asc',
        offset: 0,
        limit: 50,
      }),
    );
    expect(requestedOffsets(api)).toEqual([100, 0]);
    await shownRows(1, 50);
    expect(screen.getByTestId('location')).toHaveTextContent('offset=0');
  });

  it('goes back to the first page when the user types in the search bar', async () => {
    const api = setup();
    const answerFacets = await renderWithLateFacets(
      api,
      '/?filters[lifecycles]=production&offset=100',
    );
    await findGrid();
    await pickersRegistered(answerFacets);
    await userEvent.type(screen.getByPlaceholderText('Search'), 'pay');
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'pay', offset: 0 }),
      ),
    );
    expect(requestedOffsets(api)).toEqual([100, 0]);
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('offset=0'),
    );
  });

  it("pages with the browser's back and forward buttons", async () => {
    const api = setup();
    const answerFacets = await renderWithLateFacets(
      api,
      '/?filters[lifecycles]=production',
    );
    await findGrid();
    await pickersRegistered(answerFacets);
    const next = () =>
      userEvent.click(screen.getByRole('button', { name: /next/i }));
    await next();
    await shownRows(51, 100);
    await next();
    await shownRows(101, 150);
    await userEvent.click(screen.getByRole('button', { name: 'Browser back' }));
    await shownRows(51, 100);
    expect(api.getCompliance).toHaveBeenLastCalledWith(
      expect.objectContaining({ lifecycle: ['production'], offset: 50 }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Browser forward' }),
    );
    await shownRows(101, 150);
    expect(requestedOffsets(api)).toEqual([0, 50, 100, 50, 100]);
    expect(screen.getByTestId('location')).toHaveTextContent('offset=100');
  });

  it('goes back to the first page when the sort or the page size changes, and keeps the sort in the URL', async () => {
    const api = setup();
    const answerFacets = await renderWithLateFacets(
      api,
      '/?filters[lifecycles]=production&offset=100',
    );
    const grid = await findGrid();
    await pickersRegistered(answerFacets);
    const owner = within(grid).getByRole('columnheader', { name: /Owner/ });
    await userEvent.click(within(owner).getByRole('button', { name: 'Owner' }));
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'owner', order: 'asc', offset: 0 }),
      ),
    );
    expect(screen.getByTestId('location')).toHaveTextContent('sort=owner');
    await userEvent.click(screen.getByRole('button', { name: /next/i }));
    await shownRows(51, 100);
    await userEvent.click(
      screen.getByRole('button', { name: /Select table page size/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'Show 100 results' }),
    );
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'owner', offset: 0, limit: 100 }),
      ),
    );
    expect(requestedOffsets(api)).toEqual([100, 0, 50, 0]);
    expect(screen.getByTestId('location')).toHaveTextContent('limit=100');
  });

  it('sorts on the server', async () => {
    const api = setup();
    await render(api);
    const grid = await findGrid();
    const owner = within(grid).getByRole('columnheader', { name: /Owner/ });
    expect(owner).toHaveAttribute('aria-sort', 'none');
    expect(
      within(grid).getByRole('columnheader', { name: 'Entity' }),
    ).toHaveAttribute('aria-sort', 'ascending');
    await userEvent.click(within(owner).getByRole('button', { name: 'Owner' }));
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'owner', order: 'asc', offset: 0 }),
      ),
    );
  });

  it('sorts the Entity column by what it shows: clicking its header asks for the title sort', async () => {
    const api = setup();
    await render(api);
    const grid = await findGrid();
    const entity = within(grid).getByRole('columnheader', { name: 'Entity' });
    expect(entity).toHaveAttribute('aria-sort', 'ascending');
    expect(api.getCompliance).toHaveBeenLastCalledWith(
      expect.objectContaining({ sort: 'title', order: 'asc' }),
    );
    const owner = within(grid).getByRole('columnheader', { name: /Owner/ });
    await userEvent.click(within(owner).getByRole('button', { name: 'Owner' }));
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'owner', order: 'asc' }),
      ),
    );
    await userEvent.click(
      within(entity).getByRole('button', { name: 'Entity' }),
    );
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'title', order: 'asc', offset: 0 }),
      ),
    );
    await userEvent.click(
      within(entity).getByRole('button', { name: 'Entity' }),
    );
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'title', order: 'desc', offset: 0 }),
      ),
    );
    expect(screen.getByTestId('location')).toHaveTextContent(
      'sort=title&order=desc',
    );
    expect(entity).toHaveAttribute('aria-sort', 'descending');
  });

  it('opens an older link sorted by name on the Entity column’s title sort', async () => {
    const api = setup();
    await render(api, '/?sort=name&order=desc');
    const grid = await findGrid();
    expect(
      within(grid).getByRole('columnheader', { name: 'Entity' }),
    ).toHaveAttribute('aria-sort', 'descending');
    expect(api.getCompliance).toHaveBeenLastCalledWith(
      expect.objectContaining({ sort: 'title', order: 'desc' }),
    );
    expect(api.getCompliance).not.toHaveBeenCalledWith(
      expect.objectContaining({ sort: 'name' }),
    );
  });

  it('exports CSV for the current filters through the API and downloads it', async () => {
    const api = setup();
    api.exportComplianceCsv.mockResolvedValue(
      new Blob(['entityRef\n'], { type: 'text/csv' }),
    );
    const createObjectURL = jest.fn(() => 'blob:compliance');
    const revokeObjectURL = jest.fn();
    Object.defineProperty(URL, 'createObjectURL', {
      value: createObjectURL,
      configurable: true,
    });
    Object.defineProperty(URL, 'revokeObjectURL', {
      value: revokeObjectURL,
      configurable: true,
    });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await render(
      api,
      '/?filters[kind]=component&filters[lifecycles]=production',
    );
    await findGrid();
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.exportComplianceCsv).toHaveBeenCalledWith({
      kind: ['component'],
      lifecycle: ['production'],
      sort: 'title',
      order: 'asc',
    });
    expect(createObjectURL).toHaveBeenCalled();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:compliance');
    click.mockRestore();
  });

  it('reports a failed export', async () => {
    const api = setup();
    api.exportComplianceCsv.mockRejectedValue(new Error('export too large'));
    await render(api);
    await findGrid();
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(
      await screen.findByText('Export failed: export too large'),
    ).toBeInTheDocument();
  });
});
