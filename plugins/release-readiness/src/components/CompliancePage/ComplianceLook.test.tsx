import { screen, within } from '@testing-library/react';
import {
  ComplianceListResponse,
  ComplianceRow,
  ComplianceSummaryResponse,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ComplianceView } from './CompliancePage';
import { ComplianceSummary } from './ComplianceSummary';
import { createFakeApi } from '../../testing/fakeApi';
import { renderWithApi } from '../../testing/render';
import {
  compliancePageFixture,
  complianceSummaryFixture,
} from '../../fixtures';

/** The width the catalog's filter layout leaves the table at a 1280 px window (measured in Chromium). */
const TABLE_ROOM_AT_1280 = 810;

const packageRow: ComplianceRow = {
  ...compliancePageFixture.items[0],
  entityRef: 'component:default/release-readiness-backend',
  name: 'release-readiness-backend',
  title: '@release-readiness/backstage-plugin-release-readiness-backend',
  evaluatedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
};

async function renderPage(
  page: ComplianceListResponse = compliancePageFixture,
  summary: ComplianceSummaryResponse = complianceSummaryFixture,
) {
  const api = createFakeApi();
  api.getCompliance.mockResolvedValue(page);
  api.getComplianceSummary.mockResolvedValue(summary);
  await renderWithApi(<ComplianceView />, { api });
  return screen.findByRole('table', { name: 'Release compliance' });
}

describe('the compliance page as a Backstage user reads it', () => {
  beforeEach(() => {
    window.history.replaceState(null, '', '/');
  });

  it('gives its columns no more room than a 1280 px window leaves, the Entity column the rest, and scrolls below that rather than squeezing', async () => {
    const grid = await renderPage();
    const [entity, ...others] = within(grid).getAllByRole('columnheader');
    expect(entity).toHaveTextContent('Entity');
    // the Entity column has no width of its own: whatever the others leave
    expect(entity.style.width).toBe('');
    const widths = others.map(th => parseFloat(th.style.width));
    expect(widths.every(w => w > 0)).toBe(true);
    const fixed = widths.reduce((sum, w) => sum + w, 0);
    const least = parseFloat(grid.style.minWidth);
    expect(least).toBeLessThanOrEqual(TABLE_ROOM_AT_1280);
    // below its minimum width the table scrolls; the Entity column keeps 150 px
    expect(least - fixed).toBeGreaterThanOrEqual(150);
  });

  it('keeps an npm scope whole with a break after it, and breaks the name only at hyphens, never inside a word', async () => {
    const grid = await renderPage({
      ...compliancePageFixture,
      items: [packageRow],
      totalCount: 1,
    });
    const link = within(grid).getByRole('link', {
      name: '@release-readiness/backstage-plugin-release-readiness-backend',
    });
    const scope = link.firstElementChild as HTMLElement;
    expect(scope.textContent).toBe('@release-readiness/');
    expect(scope.style.whiteSpace).toBe('nowrap');
    // a break after the scope, none inside the name but its hyphens
    expect(scope.nextSibling?.nodeName).toBe('WBR');
    expect(scope.nextSibling?.nextSibling?.textContent).toBe(
      'backstage-plugin-release-readiness-backend',
    );
    expect(link.querySelectorAll('wbr')).toHaveLength(1);
    for (let el: HTMLElement | null = link; el && el !== grid;) {
      expect(el.style.overflowWrap).not.toBe('anywhere');
      expect(el.style.wordBreak).not.toBe('break-all');
      el = el.parentElement;
    }
  });

  it('breaks other names after "/" and "." too', async () => {
    const grid = await renderPage({
      ...compliancePageFixture,
      items: [{ ...packageRow, title: 'payments/api.gateway' }],
      totalCount: 1,
    });
    const link = within(grid).getByRole('link', {
      name: 'payments/api.gateway',
    });
    expect(link.innerHTML).toBe('payments/<wbr>api.<wbr>gateway');
  });

  it('says when the status was evaluated in short units', async () => {
    const grid = await renderPage({
      ...compliancePageFixture,
      items: [packageRow],
      totalCount: 1,
    });
    expect(within(grid).getByText('5 min. ago')).toBeInTheDocument();
  });

  it("draws entity, owner and system links as the catalog table does: the theme's primary colour, underlined on hover only, the entity in bold", async () => {
    const grid = await renderPage();
    const entity = within(grid).getByRole('link', { name: 'Payments API' });
    const owner = within(grid).getByRole('link', { name: /^payments$/ });
    for (const link of [entity, owner]) {
      expect(link).toHaveClass('bui-Link');
      expect(link).toHaveAttribute('data-standalone');
      expect(link.style.color).toBe('var(--bui-accent-bg, #1f5493)');
    }
    expect(entity).toHaveAttribute('data-weight', 'bold');
    expect(owner).toHaveAttribute('data-weight', 'regular');
  });

  it('counts matching entities in the singular and plural', async () => {
    await renderPage({
      ...compliancePageFixture,
      items: [packageRow],
      totalCount: 1,
    });
    expect(await screen.findByText('1 matching entity')).toBeInTheDocument();
  });

  it('names the gate picker plainly', async () => {
    await renderPage();
    expect(
      await screen.findByText('1500 matching entities'),
    ).toBeInTheDocument();
    const picker = await screen.findByLabelText('Gate');
    expect(within(picker).getByText('Overall (all gates)')).toBeInTheDocument();
    expect(screen.queryByText('Status of')).not.toBeInTheDocument();
  });
});

describe('ComplianceSummary', () => {
  const render = (summary: ComplianceSummaryResponse) =>
    renderWithApi(<ComplianceSummary summary={summary} />, {
      api: createFakeApi(),
    });

  it('says what the adoption figure counts: the filtered entities, whatever their status', async () => {
    await render(complianceSummaryFixture);
    expect(
      screen.getByText('1234 of 1500 entities (82%) have Protocol 11'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Counted over every entity the filters select, whatever its status: the Status filter narrows the list above, not these figures.',
      ),
    ).toBeInTheDocument();
  });

  it('words a single entity in the singular and an empty bar in words, not a bare 0', async () => {
    const empty = { passed: 0, failed: 0, pending: 0, blocked: 0, error: 0 };
    await render({
      total: 1,
      withProtocol: 0,
      overall: { 'no-protocol': 1 },
      gates: {
        'release-authorization': empty,
        'production-deployment': empty,
        'stabilization-handoff': empty,
      },
    } as ComplianceSummaryResponse);
    expect(
      screen.getByText('0 of 1 entity (0%) has Protocol 11'),
    ).toBeInTheDocument();
    const bar = screen.getByRole('group', {
      name: 'Release Authorization · 0 evaluated entities',
    });
    expect(within(bar).getByRole('listitem')).toHaveTextContent(
      'No entity evaluated',
    );
    expect(within(bar).queryByText('0')).not.toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: 'Overall · 1 entity' }),
    ).toBeInTheDocument();
  });
});
