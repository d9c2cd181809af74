import { useEffect } from 'react';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  catalogApiRef,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { DefaultEntityPresentationApi } from '@backstage/plugin-catalog';
import { ComplianceView } from './CompliancePage';
import { lastPageOffset } from './useCompliance';
import { createFakeApi } from '../../testing/fakeApi';
import { renderWithApi } from '../../testing/render';
import { lateFacetsCatalog } from '../../testing/lateFacetsCatalog';
import {
  compliancePageFixture,
  complianceSummaryFixture,
} from '../../fixtures';

/**
 * An entity as the catalog serves it, with the relations its processing adds:
 * `ownedBy` its owner, `partOf` its system (a short `spec.system` resolved in
 * the entity's own namespace).
 */
const entity = (
  kind: string,
  name: string,
  spec: Record<string, string> = {},
  title?: string,
  namespace = 'default',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace, ...(title ? { title } : {}) },
  spec,
  relations: [
    ...(spec.owner ? [{ type: 'ownedBy', targetRef: spec.owner }] : []),
    ...(spec.system
      ? [
          {
            type: 'partOf',
            targetRef: stringifyEntityRef(
              parseEntityRef(spec.system, {
                defaultKind: 'system',
                defaultNamespace: namespace,
              }),
            ),
          },
        ]
      : []),
  ],
});

/**
 * A catalog with every kind a portal has; `spec.system` in the short form
 * Backstage's examples use, and once as a full ref.
 */
const catalog: Entity[] = [
  entity('Component', 'payments-api', {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'production',
    system: 'checkout',
  }),
  entity('Component', 'ledger-service', {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'experimental',
    system: 'system:default/ledger',
  }),
  entity(
    'System',
    'checkout',
    { owner: 'group:default/payments' },
    'Checkout Platform',
  ),
  entity('System', 'ledger', { owner: 'group:default/payments' }),
  entity('Group', 'payments', { type: 'team' }),
  entity('User', 'guest'),
  entity('Location', 'samples', { type: 'url' }),
  entity('Template', 'protocol-11', { type: 'service' }),
];

function setup() {
  const api = createFakeApi();
  api.getCompliance.mockResolvedValue(compliancePageFixture);
  api.getComplianceSummary.mockResolvedValue(complianceSummaryFixture);
  return api;
}

/** Every search the router's location has had, in order. */
const searches: string[] = [];

/** Records the router's location, and shows it. */
function Location() {
  const { search } = useLocation();
  useEffect(() => {
    searches.push(decodeURIComponent(search));
  }, [search]);
  return <p data-testid="location">{decodeURIComponent(search)}</p>;
}

function BrowserBack() {
  const navigate = useNavigate();
  return <button onClick={() => navigate(-1)}>Browser back</button>;
}

function BrowserForward() {
  const navigate = useNavigate();
  return <button onClick={() => navigate(1)}>Browser forward</button>;
}

/** The compliance page at `/`, an entity page under `/catalog`. */
async function renderApp(
  api: ReturnType<typeof setup>,
  route: string,
  catalogApi = catalogApiMock({ entities: catalog }),
) {
  await renderWithApi(
    <Routes>
      <Route
        path="/"
        element={
          <>
            <ComplianceView />
            <Location />
          </>
        }
      />
      <Route
        path="/catalog/*"
        element={
          <>
            <p>an entity page</p>
            <BrowserBack />
          </>
        }
      />
    </Routes>,
    {
      api,
      route,
      catalogEntities: catalog,
      apis: [
        [catalogApiRef, catalogApi],
        [
          entityPresentationApiRef,
          DefaultEntityPresentationApi.create({ catalogApi }),
        ],
      ],
    },
  );
}

const findGrid = () =>
  screen.findByRole('table', { name: 'Release compliance' });

/** The page position of a search, as the URL holds it. */
const positionOf = (search: string) => {
  const params = new URLSearchParams(search);
  return ['offset', 'limit', 'sort', 'order']
    .map(name => `${name}=${params.get(name)}`)
    .join('&');
};

describe('the compliance page state', () => {
  let urlWrites: jest.SpyInstance[];
  beforeEach(() => {
    searches.length = 0;
    // What is written to the browser's own URL behind the router's back.
    urlWrites = [
      jest.spyOn(window.history, 'replaceState'),
      jest.spyOn(window.history, 'pushState'),
    ];
  });
  afterEach(() => urlWrites.forEach(spy => spy.mockRestore()));

  it('keeps filters, sort, page and page size through the pickers loading, an entity page and Back: no other position is ever in the URL', async () => {
    const api = setup();
    const { catalogApi, answerFacets } = lateFacetsCatalog(catalog);
    const position = 'offset=100&limit=100&sort=owner&order=desc';
    await renderApp(
      api,
      `/?filters[lifecycles]=production&${position}`,
      catalogApi,
    );
    const grid = await findGrid();
    await screen.findByText('101 - 200 of 1500');
    // The pickers mount, register, get their facets and register again.
    await screen.findByText('Kind');
    await act(() => new Promise(resolve => setTimeout(resolve, 400)));
    answerFacets();
    await screen.findByRole('button', { name: 'production' });
    await act(() => new Promise(resolve => setTimeout(resolve, 100)));

    await userEvent.click(
      within(grid).getByRole('link', { name: 'Payments API' }),
    );
    await screen.findByText('an entity page');
    await userEvent.click(screen.getByRole('button', { name: 'Browser back' }));
    await findGrid();
    await screen.findByText('101 - 200 of 1500');
    await screen.findByText('Kind');
    await act(() => new Promise(resolve => setTimeout(resolve, 400)));
    await screen.findByRole('button', { name: 'production' });

    expect(new Set(searches.map(positionOf))).toEqual(new Set([position]));
    expect(
      searches.every(s => s.includes('filters[lifecycles]=production')),
    ).toBe(true);
    // Nothing wrote to the browser's URL past the router (which would lose it on Back).
    for (const spy of urlWrites) expect(spy).not.toHaveBeenCalled();
    expect(
      api.getCompliance.mock.calls.map(([query]) => [
        query?.offset,
        query?.limit,
        query?.sort,
        query?.order,
        query?.lifecycle,
      ]),
    ).toEqual([
      [100, 100, 'owner', 'desc', ['production']],
      [100, 100, 'owner', 'desc', ['production']],
    ]);
  });

  it('shows the last page that has rows for an offset past the end, correcting the URL without a new history entry', async () => {
    const api = setup();
    // 60 entities now; a bookmark from when there were more.
    api.getCompliance.mockImplementation(async query => ({
      ...compliancePageFixture,
      totalCount: 60,
      items:
        (query?.offset ?? 0) >= 60
          ? []
          : compliancePageFixture.items.slice(0, 2),
    }));
    const OpenBookmark = () => {
      const navigate = useNavigate();
      return (
        <button onClick={() => navigate('/?offset=100&limit=25&sort=owner')}>
          Open the bookmark
        </button>
      );
    };
    await renderWithApi(
      <Routes>
        <Route
          path="/"
          element={
            <>
              <ComplianceView />
              <Location />
              <BrowserBack />
            </>
          }
        />
        <Route path="/before" element={<OpenBookmark />} />
      </Routes>,
      { api, route: '/before', catalogEntities: catalog },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Open the bookmark' }),
    );
    await screen.findByText('51 - 60 of 60');
    await waitFor(() =>
      expect(positionOf(screen.getByTestId('location').textContent!)).toBe(
        'offset=50&limit=25&sort=owner&order=asc',
      ),
    );
    expect(api.getCompliance.mock.calls.map(([q]) => q?.offset)).toEqual([
      100, 50,
    ]);
    // The corrected URL replaced the bookmark's: Back leaves the page.
    await userEvent.click(screen.getByRole('button', { name: 'Browser back' }));
    await screen.findByRole('button', { name: 'Open the bookmark' });
  });

  it('goes to the first page for an offset past the end of an empty list', async () => {
    const api = setup();
    api.getCompliance.mockResolvedValue({
      ...compliancePageFixture,
      totalCount: 0,
      items: [],
    });
    await renderApp(api, '/?filters[lifecycles]=retired&offset=50');
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('offset=0'),
    );
    expect(api.getCompliance.mock.calls.map(([q]) => q?.offset)).toEqual([
      50, 0,
    ]);
    expect(lastPageOffset(0, 50)).toBe(0);
    expect(lastPageOffset(50, 50)).toBe(0);
    expect(lastPageOffset(51, 50)).toBe(50);
  });

  it('names each system in the picker as the catalog presents it, short refs and full ones alike, and filters on the value', async () => {
    const api = setup();
    await renderApp(api, '/');
    await findGrid();
    await userEvent.click(await screen.findByTestId('systems-picker-expand'));
    const options = await screen.findAllByRole('option');
    // The title once the catalog has answered, else the short name; never the raw ref.
    await waitFor(() =>
      expect(options.map(o => o.textContent)).toEqual([
        'Checkout Platform',
        'ledger',
      ]),
    );
    await userEvent.click(
      screen.getByRole('option', { name: 'Checkout Platform' }),
    );
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith(
        expect.objectContaining({ system: ['checkout'], offset: 0 }),
      ),
    );
    await userEvent.keyboard('{Escape}');
    expect(
      await screen.findByRole('button', { name: 'checkout' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(
      'filters[systems]=checkout',
    );
  });

  it("names a short system value by a system's title only when the entities listed resolve it to that one system: never by the default namespace's system of that name", async () => {
    const api = setup();
    const system = (name: string, namespace: string, title: string) =>
      entity('System', name, {}, title, namespace);
    const service = (name: string, namespace: string, systemValue: string) =>
      entity('Component', name, { system: systemValue }, undefined, namespace);
    // `commerce` is written only in payments, so it names payments' commerce;
    // `billing` is written in default and in payments, so it names two systems.
    const catalogApi = catalogApiMock({
      entities: [
        service('card-api', 'payments', 'commerce'),
        service('ledger-service', 'default', 'billing'),
        service('invoice-api', 'payments', 'billing'),
        system('commerce', 'default', 'Default Commerce'),
        system('commerce', 'payments', 'Payments Commerce'),
        system('billing', 'default', 'Default Billing'),
        system('billing', 'payments', 'Payments Billing'),
      ],
    });
    await renderApp(api, '/', catalogApi);
    await findGrid();
    await userEvent.click(await screen.findByTestId('systems-picker-expand'));
    await waitFor(() =>
      expect(screen.getAllByRole('option').map(o => o.textContent)).toEqual([
        'Payments Commerce',
        'billing',
      ]),
    );
    await userEvent.click(screen.getByRole('option', { name: 'billing' }));
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith(
        expect.objectContaining({ system: ['billing'], offset: 0 }),
      ),
    );
    await userEvent.keyboard('{Escape}');
    expect(
      await screen.findByRole('button', { name: 'billing' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Default (Commerce|Billing)/)).toBeNull();
  });

  it('offers in the kind picker only the kinds a Protocol 11 document can belong to, and lists the kind picked', async () => {
    const api = setup();
    await renderApp(api, '/');
    await findGrid();
    // Backstage's Select: Material UI's, labelled on its input's wrapper,
    // opened on mouse down, its options in a listbox.
    const kindSelect = () =>
      within(screen.getByLabelText('Kind')).getByRole('button');
    await screen.findByLabelText('Kind');
    fireEvent.mouseDown(kindSelect());
    const listbox = await screen.findByRole('listbox');
    // The catalog has Component, System, Group, User, Location and Template entities.
    await waitFor(() =>
      expect(
        within(listbox)
          .getAllByRole('option')
          .map(o => o.textContent),
      ).toEqual(['Component', 'System']),
    );
    expect(api.getCompliance).toHaveBeenLastCalledWith(
      expect.objectContaining({ kind: ['component'] }),
    );
    await userEvent.click(
      within(listbox).getByRole('option', { name: 'System' }),
    );
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith(
        expect.objectContaining({ kind: ['system'], offset: 0 }),
      ),
    );
    expect(screen.getByTestId('location')).toHaveTextContent(
      'filters[kind]=system',
    );
    expect(screen.getByTestId('location')).not.toHaveTextContent(
      'filters[kind]=component',
    );
    expect(kindSelect()).toHaveTextContent('System');
  });

  it("follows the URL through the browser's history both ways: Back to an entry without a filter empties its picker, Forward sets it again", async () => {
    const api = setup();
    await renderWithApi(
      <Routes>
        <Route
          path="/"
          element={
            <>
              <ComplianceView />
              <Location />
              <BrowserBack />
              <BrowserForward />
            </>
          }
        />
      </Routes>,
      { api, route: '/?offset=50', catalogEntities: catalog },
    );
    await screen.findByText('51 - 100 of 1500');
    const lifecycles = await screen.findByTestId('lifecycles-picker-expand');
    const location = () => screen.getByTestId('location').textContent!;
    const statusSelect = () =>
      within(screen.getByLabelText('Status')).getByRole('button');
    const picked = () =>
      screen.queryByRole('button', { name: 'production' }) !== null;
    const lastQuery = () => api.getCompliance.mock.lastCall?.[0];

    // A step through the list (a new entry), then three filters (each replaces it).
    await userEvent.click(screen.getByRole('button', { name: /next/i }));
    await screen.findByText('101 - 150 of 1500');
    await userEvent.click(lifecycles);
    await userEvent.click(
      await screen.findByRole('option', { name: /production/ }),
    );
    await userEvent.keyboard('{Escape}');
    await userEvent.type(screen.getByPlaceholderText('Search'), 'pay');
    fireEvent.mouseDown(statusSelect());
    await userEvent.click(
      within(await screen.findByRole('listbox')).getByRole('option', {
        name: 'Failed',
      }),
    );
    await waitFor(() =>
      expect(lastQuery()).toEqual(
        expect.objectContaining({
          lifecycle: ['production'],
          q: 'pay',
          status: ['failed'],
          offset: 0,
        }),
      ),
    );
    await waitFor(() => expect(location()).toContain('filters[text]=pay'));
    const filtered = location();

    // Back: the entry the page opened on, with no filter but the kind.
    await userEvent.click(screen.getByRole('button', { name: 'Browser back' }));
    await screen.findByText('51 - 100 of 1500');
    await waitFor(() => expect(picked()).toBe(false));
    await waitFor(() =>
      expect(screen.getByPlaceholderText('Search')).toHaveValue(''),
    );
    await waitFor(() => expect(statusSelect()).toHaveTextContent('Any status'));
    await act(() => new Promise(resolve => setTimeout(resolve, 400)));
    expect(lastQuery()).toEqual({
      kind: ['component'],
      sort: 'title',
      order: 'asc',
      offset: 50,
      limit: 50,
    });
    expect(location()).toBe('?filters[kind]=component&offset=50&limit=50');

    // Forward: the filtered entry again, every picker set.
    await userEvent.click(
      screen.getByRole('button', { name: 'Browser forward' }),
    );
    await waitFor(() => expect(picked()).toBe(true));
    expect(screen.getByPlaceholderText('Search')).toHaveValue('pay');
    expect(statusSelect()).toHaveTextContent('Failed');
    await act(() => new Promise(resolve => setTimeout(resolve, 400)));
    expect(lastQuery()).toEqual(
      expect.objectContaining({
        lifecycle: ['production'],
        q: 'pay',
        status: ['failed'],
        offset: 0,
      }),
    );
    expect(location()).toBe(filtered);
    // Three filters picked and two moves through the history on a busy machine.
  }, 60_000);
});
