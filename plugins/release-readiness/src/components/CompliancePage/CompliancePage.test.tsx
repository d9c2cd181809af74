import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ComplianceView } from './CompliancePage';
import { createFakeApi } from '../../testing/fakeApi';
import { renderWithApi } from '../../testing/render';
import {
  compliancePageFixture,
  complianceSummaryFixture,
} from '../../fixtures';

function setup() {
  const api = createFakeApi();
  api.getCompliance.mockResolvedValue(compliancePageFixture);
  api.getComplianceSummary.mockResolvedValue(complianceSummaryFixture);
  return api;
}

describe('ComplianceView', () => {
  it('fetches only the first page and shows rows, gate columns and links', async () => {
    const api = setup();
    await renderWithApi(<ComplianceView />, { api });
    const grid = await screen.findByRole('grid', {
      name: 'Release compliance',
    });
    expect(api.getCompliance).toHaveBeenCalledTimes(1);
    expect(api.getCompliance).toHaveBeenCalledWith({
      sort: 'name',
      order: 'asc',
      offset: 0,
      limit: 50,
    });
    expect(within(grid).getAllByRole('row')).toHaveLength(
      compliancePageFixture.items.length + 1,
    );
    expect(
      within(grid).getByRole('link', { name: 'Payments API' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/release-readiness',
    );
    expect(within(grid).getAllByText('Blocked').length).toBeGreaterThan(0);
    expect(screen.getByText('1234 matching entities')).toBeInTheDocument();
  });

  it('shows the counts per gate and status as a chart and a table', async () => {
    const api = setup();
    await renderWithApi(<ComplianceView />, { api });
    expect(
      await screen.findByRole('img', { name: /Bar chart of entities/ }),
    ).toBeInTheDocument();
    const table = screen.getByRole('grid', {
      name: 'Entities per gate and status',
    });
    expect(within(table).getByText('1002')).toBeInTheDocument();
    expect(api.getComplianceSummary).toHaveBeenCalledWith({});
  });

  it('sends the filters to the server and resets to the first page', async () => {
    const api = setup();
    await renderWithApi(<ComplianceView />, { api });
    await screen.findByRole('grid', { name: 'Release compliance' });
    await userEvent.type(
      screen.getByRole('textbox', { name: /Owner/ }),
      'group:default/payments, web',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Lifecycle/ }),
      'production',
    );
    await userEvent.type(
      screen.getByRole('searchbox', { name: /Search/ }),
      'pay',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Apply filters' }),
    );
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith({
        owner: ['group:default/payments', 'web'],
        lifecycle: ['production'],
        q: 'pay',
        sort: 'name',
        order: 'asc',
        offset: 0,
        limit: 50,
      }),
    );
    expect(api.getComplianceSummary).toHaveBeenLastCalledWith({
      owner: ['group:default/payments', 'web'],
      lifecycle: ['production'],
      q: 'pay',
    });
  });

  it('pages on the server', async () => {
    const api = setup();
    await renderWithApi(<ComplianceView />, { api });
    await screen.findByRole('grid', { name: 'Release compliance' });
    await userEvent.click(screen.getByRole('button', { name: /next/i }));
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith(
        expect.objectContaining({ offset: 50, limit: 50 }),
      ),
    );
    expect(api.getComplianceSummary).toHaveBeenCalledTimes(1);
  });

  it('sorts on the server', async () => {
    const api = setup();
    await renderWithApi(<ComplianceView />, { api });
    const grid = await screen.findByRole('grid', {
      name: 'Release compliance',
    });
    await userEvent.click(
      within(grid).getByRole('columnheader', { name: /Owner/ }),
    );
    await waitFor(() =>
      expect(api.getCompliance).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'owner', order: 'asc', offset: 0 }),
      ),
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
    await renderWithApi(<ComplianceView />, { api });
    await screen.findByRole('grid', { name: 'Release compliance' });
    await userEvent.type(
      screen.getByRole('textbox', { name: /Kind/ }),
      'Component',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Apply filters' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.exportComplianceCsv).toHaveBeenCalledWith({
      kind: ['Component'],
      sort: 'name',
      order: 'asc',
    });
    expect(createObjectURL).toHaveBeenCalled();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:compliance');
    click.mockRestore();
  });

  it('reports a failed export', async () => {
    const api = setup();
    api.exportComplianceCsv.mockRejectedValue(new Error('export too large'));
    await renderWithApi(<ComplianceView />, { api });
    await screen.findByRole('grid', { name: 'Release compliance' });
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(
      await screen.findByText('Export failed: export too large'),
    ).toBeInTheDocument();
  });
});
