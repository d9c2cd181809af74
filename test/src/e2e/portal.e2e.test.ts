/**
 * Browser tests of the whole flow against the portal `npm start` runs: the
 * sample services' gates on the card and the tab, the compliance page, a
 * refresh after the evidence changes, and the Protocol 11 wizard. One file, so
 * one portal serves every test.
 * @jest-environment node
 */
import {
  parseProtocol11Form,
  validateProtocol11Document,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Page } from 'playwright-core';
import {
  APP_URL,
  BACKEND_URL,
  guestToken,
  Portal,
  screenshot,
  signedInPage,
  startPortal,
} from './portal';
import {
  FakeGithubServer,
  GITHUB_OWNER,
  githubConfig,
  githubPushPayload,
  githubServiceRepo,
  postGithubPush,
  registerGithubService,
} from './githubPush';

jest.setTimeout(180_000);

const TEMPLATE = '/create/templates/default/protocol-11-release-management';

/** The array item or array that holds a field, found as the nearest ancestor with the given button. */
function nearestButton(
  page: Page,
  fieldId: string,
  name: 'Remove' | 'Add Item',
) {
  return page
    .locator(
      `xpath=//*[@id="${fieldId}"]/ancestor::*[.//button[@title="${name}" or @aria-label="${name}" or normalize-space(.)="${name}"]][1]`,
    )
    .getByRole('button', { name, exact: true })
    .first();
}

/** Retries an assertion until it holds or 30 seconds pass. */
async function eventually(assertion: () => Promise<void>) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await assertion();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise(r => setTimeout(r, 500));
    }
  }
}

/**
 * Asserts that a Backstage Select (the compliance page's Status and Gate
 * pickers) shows `value` whole: its text neither cut nor hidden, and clear of
 * the Select's arrow icon. Material UI's Select puts the `aria-label` on its
 * input's wrapper, which holds the value (a `role="button"` div) and the arrow
 * (an `svg`) side by side.
 */
async function expectSelectShowsWhole(
  page: Page,
  label: string,
  value: string,
) {
  const picker = page.getByLabel(label, { exact: true });
  await picker.getByRole('button', { name: value, exact: true }).waitFor();
  const layout = await picker.evaluate(root => {
    const button = root.querySelector('[role="button"]')!;
    const arrow = root.querySelector('svg')!.getBoundingClientRect();
    // The text's own box: its glyphs, line by line, wherever they are drawn.
    const lines: DOMRect[] = [];
    const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      lines.push(...Array.from(range.getClientRects()));
    }
    const cut = [button, ...Array.from(button.querySelectorAll('*'))].some(
      el =>
        el.scrollWidth > el.clientWidth + 1 ||
        el.scrollHeight > el.clientHeight + 1,
    );
    const textRight = Math.max(...lines.map(line => line.right));
    return {
      text: (button as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
      cut,
      underArrow: textRight > arrow.left,
    };
  });
  expect(
    `${label}: "${layout.text}"${layout.cut ? ', cut' : ''}${
      layout.underArrow ? ', under the arrow' : ''
    }`,
  ).toBe(`${label}: "${value}"`);
}

async function next(page: Page) {
  await page.getByRole('button', { name: /^next$/i }).click();
}

describe('the portal in a real browser', () => {
  let portal: Portal;
  // A fake GitHub on 127.0.0.1, the portal's GitHub integration pointed at it (push webhooks).
  const github = new FakeGithubServer();

  beforeAll(async () => {
    await github.start();
    portal = await startPortal({ config: githubConfig(github) });
    // Up to 10 minutes to start, and as long again to wait for the install test's build and pack.
  }, 1_200_000);

  afterAll(async () => {
    await portal?.stop();
    await github.stop();
  });

  afterEach(async () => {
    // Keep what the browser showed when a test fails.
    // eslint-disable-next-line jest/no-standalone-expect -- reads the test's name, asserts nothing
    const testName = expect.getState().currentTestName?.replace(/\W+/g, '-');
    for (const context of portal?.browser.contexts() ?? []) {
      for (const page of context.pages())
        await screenshot(page, `last-${testName}`).catch(() => undefined);
      await context.close();
    }
  });

  /** The text of the main content once the readiness card has loaded. */
  async function entityPage(
    name: string,
    tab = '',
  ): Promise<{ page: Page; text: string }> {
    const page = await signedInPage(
      portal.browser,
      `/catalog/default/component/${name}${tab}`,
    );
    await page
      .getByText(/Last evaluated|No Protocol 11 for this entity/)
      .first()
      .waitFor();
    return { page, text: await page.locator('body').innerText() };
  }

  it.each([
    [
      'payments-api',
      [
        /1\. Release Authorization\s+Passed/,
        /2\. Production Deployment\s+Passed/,
        /3\. Stabilization & Handoff\s+Passed/,
        /Hand off to Protocol 12/,
      ],
    ],
    [
      'checkout-web',
      [
        /1\. Release Authorization\s+Failed/,
        /2\. Production Deployment\s+Blocked/,
        /release-approvals\.json/,
      ],
    ],
    [
      'inventory-service',
      [
        /1\. Release Authorization\s+Passed/,
        /2\. Production Deployment\s+Failed/,
        /production-deployment-report\.json/,
      ],
    ],
    [
      'search-indexer',
      [
        /2\. Production Deployment\s+Passed/,
        /3\. Stabilization & Handoff\s+Failed/,
        /release-health-report\.md/,
      ],
    ],
    [
      'ledger-service',
      [
        /3\. Stabilization & Handoff\s+Failed/,
        /release-archive-manifest\.json/,
      ],
    ],
    ['notification-worker', [/1\. Release Authorization\s+Error/]],
  ])('shows the gates of %s on its card', async (name, expected) => {
    const { page, text } = await entityPage(name);
    for (const pattern of expected) expect(text).toMatch(pattern);
    if (name === 'payments-api' || name === 'checkout-web')
      await screenshot(page, `card-${name}`);
  });

  it('offers the template, entity pre-selected, for a service without the protocol', async () => {
    const { page, text } = await entityPage('recommendations-api');
    expect(text).toContain('No Protocol 11 for this entity');
    const href = await page
      .getByRole('link', { name: 'Create the Protocol 11 document' })
      .getAttribute('href');
    expect(decodeURIComponent(href ?? '')).toContain(
      'protocol-11-release-management?formData={"entity":"component:default/recommendations-api"}',
    );
  });

  it('shows every criterion with its evidence on the Release readiness tab', async () => {
    const { page, text } = await entityPage(
      'checkout-web',
      '/release-readiness',
    );
    expect(text).toContain('.artifacts/deployment/release-approvals.json');
    expect(text).toContain('required_roles[1]');
    expect(text).toMatch(/business-owner/);
    expect(text).toContain('Gate history');
    await screenshot(page, 'tab-checkout-web');
  });

  it('lists every sample service on the compliance page, with and without Protocol 11, filters with the catalog pickers through the URL and exports what it shows', async () => {
    const page = await signedInPage(portal.browser, '/release-compliance');
    // The page lists from the backend's mirror of the catalog, which follows the catalog every
    // 10 s in the portal, and the first evaluations run after startup: right after startup the
    // sample services may be missing or "Not evaluated" yet.
    const list = page.getByRole('table', { name: 'Release compliance' });
    await eventually(async () => {
      await page.reload();
      await page.getByText('7 matching entities').waitFor({ timeout: 5000 });
      expect(await list.getByText('Not evaluated').count()).toBe(0);
    });
    const grid = page.getByRole('table', { name: 'Release compliance' });
    const table = await grid.innerText();
    for (const name of [
      'payments-api',
      'checkout-web',
      'inventory-service',
      'search-indexer',
      'ledger-service',
      'notification-worker',
      'recommendations-api',
    ]) {
      expect(table).toContain(name);
    }
    // The sample service without the annotation is listed, as "No protocol", and that status
    // leads to the template with the service pre-selected (it has no release-readiness tab).
    await grid
      .getByRole('link', {
        name: 'recommendations-api: No protocol — set up Protocol 11 with the template',
      })
      .click();
    await page.locator('#root_protocol_number').waitFor();
    expect(decodeURIComponent(page.url())).toContain(
      'protocol-11-release-management?formData={"entity":"component:default/recommendations-api"}',
    );
    await page.goBack();
    await page.getByText('7 matching entities').waitFor();
    await page.getByText('6 of 7 entities (86%) have Protocol 11').waitFor();
    // Headers in full, not cut to "Releas…", and every column in view, at this
    // window and at 1280 px wide (a common laptop width).
    const headersWhole = async () => {
      for (const header of [
        'Entity',
        'Owner',
        'System',
        'Overall',
        'Release Authorization',
        'Production Deployment',
        'Stabilization & Handoff',
      ]) {
        const cell = grid.getByRole('columnheader', { name: header });
        // Backstage UI's own label element, which cuts its text with an ellipsis when too narrow.
        const label = cell.locator('[class*="TableHeadLabel"]');
        const cut = await label.evaluate(
          el =>
            el.scrollWidth > el.clientWidth + 1 ||
            el.scrollHeight > el.clientHeight + 1,
        );
        expect(`${header}: ${cut ? 'cut' : 'whole'}`).toBe(`${header}: whole`);
      }
      const scrolls = await grid.evaluate(tableEl => {
        for (
          let el = tableEl.parentElement;
          el && el !== document.body;
          el = el.parentElement
        ) {
          const overflow = getComputedStyle(el).overflowX;
          if (
            /auto|scroll/.test(overflow) &&
            el.scrollWidth > el.clientWidth + 1
          )
            return true;
        }
        const root = document.documentElement;
        return root.scrollWidth > root.clientWidth + 1;
      });
      expect(
        scrolls ? 'columns behind a sideways scroll' : 'all columns in view',
      ).toBe('all columns in view');
    };
    await headersWhole();
    await page.setViewportSize({ width: 1280, height: 800 });
    await headersWhole();
    // Sorted by a gate, its header gains the arrow and stays whole (it was cut to
    // "Release Authoriz…"); then back to the Entity column's sort.
    for (const header of ['Release Authorization', 'Entity']) {
      await grid.getByRole('columnheader', { name: header }).click();
      await grid
        .locator('th[aria-sort="ascending"]', { hasText: header })
        .waitFor();
      await headersWhole();
    }
    // The status and gate pickers in the narrow filter column: values whole, not under the arrow.
    await expectSelectShowsWhole(page, 'Status', 'Any status');
    await expectSelectShowsWhole(page, 'Gate', 'Overall (all gates)');
    await screenshot(page, 'compliance-1280');
    await page.setViewportSize({ width: 1400, height: 1000 });
    await screenshot(page, 'compliance');

    // Owner and system as catalog links, from the samples' short refs (`team-payments`,
    // `commerce`).
    const paymentsRow = grid
      .getByRole('row')
      .filter({ hasText: 'payments-api' });
    expect(
      await paymentsRow
        .getByRole('link', { name: 'team-payments', exact: true })
        .getAttribute('href'),
    ).toMatch(/\/catalog\/default\/group\/team-payments$/);
    expect(
      await paymentsRow
        .getByRole('link', { name: 'commerce', exact: true })
        .getAttribute('href'),
    ).toMatch(/\/catalog\/default\/system\/commerce$/);

    // A catalog picker: the URL carries the filter and the rows follow it.
    await page.getByTestId('lifecycles-picker-expand').click();
    await page.getByRole('option', { name: /experimental/ }).click();
    await page.keyboard.press('Escape');
    await page.getByText('2 matching entities').waitFor();
    expect(decodeURIComponent(page.url())).toContain(
      'filters[lifecycles]=experimental',
    );
    const experimental = await grid.innerText();
    expect(experimental).toContain('notification-worker');
    expect(experimental).toContain('recommendations-api');
    expect(experimental).not.toContain('payments-api');
    await screenshot(page, 'compliance-filtered');

    // The same URL opened afresh shows the same rows.
    const reopened = await signedInPage(
      portal.browser,
      new URL(page.url()).pathname + new URL(page.url()).search,
    );
    await reopened.getByText('2 matching entities').waitFor();
    await reopened.close();

    // The owner is a catalog link to the group's page.
    await grid.getByRole('link', { name: 'team-search' }).first().click();
    await page.waitForURL(/\/catalog\/default\/group\/team-search$/);
    await page
      .getByRole('heading', { name: /team-search/ })
      .first()
      .waitFor();

    // A status and a gate from the URL, shown in their pickers, the longest gate name whole at
    // 1280 px.
    const gateFromUrl = await signedInPage(
      portal.browser,
      '/release-compliance?filters[kind]=component&filters[status]=passed&filters[gate]=stabilization-handoff',
    );
    await gateFromUrl.setViewportSize({ width: 1280, height: 800 });
    await expectSelectShowsWhole(gateFromUrl, 'Status', 'Passed');
    await expectSelectShowsWhole(
      gateFromUrl,
      'Gate',
      'Stabilization & Handoff',
    );
    await gateFromUrl
      .getByLabel('Gate', { exact: true })
      .scrollIntoViewIfNeeded();
    await screenshot(gateFromUrl, 'compliance-gate-1280');
    await gateFromUrl.close();

    // Status filter from the URL; the export has exactly the rows shown.
    const failed = await signedInPage(
      portal.browser,
      '/release-compliance?filters[kind]=component&filters[status]=failed&filters[gate]=release-authorization',
    );
    await failed.getByText('1 matching entity', { exact: true }).waitFor();
    const filtered = await failed
      .getByRole('table', { name: 'Release compliance' })
      .innerText();
    expect(filtered).toContain('checkout-web');
    expect(filtered).not.toContain('payments-api');
    const [download] = await Promise.all([
      failed.waitForEvent('download'),
      failed.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain('component:default/checkout-web');
  });

  it("filters the compliance page by a tag with the catalog's tag picker: the rows, the adoption figure, the counts and the export follow it, and the URL carries it", async () => {
    const page = await signedInPage(portal.browser, '/release-compliance');
    await page.setViewportSize({ width: 1280, height: 1000 });
    const grid = page.getByRole('table', { name: 'Release compliance' });
    await eventually(async () => {
      await page.reload();
      await page.getByText('7 matching entities').waitFor({ timeout: 5000 });
      expect(await grid.getByText('Not evaluated').count()).toBe(0);
    });
    // The tag picker is there because the sample services have tags, and offers exactly theirs.
    await page.getByTestId('tags-picker-expand').click();
    const offered = (await page.getByRole('option').allInnerTexts()).map(o =>
      o.trim(),
    );
    expect(offered).toEqual(['java', 'nodejs', 'python']);
    await page.getByRole('option', { name: 'python' }).click();
    await page.keyboard.press('Escape');
    await page.getByText('2 matching entities').waitFor();
    expect(new URL(page.url()).searchParams.getAll('filters[tags]')).toEqual([
      'python',
    ]);
    expect(new URL(page.url()).searchParams.get('offset')).toBe('0');
    const names = async (list = grid) =>
      (await list.getByRole('rowheader').getByRole('link').allInnerTexts()).map(
        name => name.trim(),
      );
    expect(await names()).toEqual(['recommendations-api', 'search-indexer']);
    // The summary describes the same two: one with Protocol 11, one without.
    await page.getByText('1 of 2 entities (50%) have Protocol 11').waitFor();
    const bar = async (id: string) =>
      (await page.getByTestId(`bar-${id}`).innerText()).replace(/\s+/g, ' ');
    expect(await bar('overall')).toBe(
      'Overall · 2 entities Failed 1 (50%) No protocol 1 (50%)',
    );
    expect(await bar('stabilization-handoff')).toBe(
      'Stabilization & Handoff · 1 evaluated entity Failed 1 (100%)',
    );
    await page.getByTestId('tags-picker-expand').scrollIntoViewIfNeeded();
    await screenshot(page, 'compliance-tag-python');

    // The URL opened afresh: the tag in its picker, the same rows.
    const reopened = await signedInPage(
      portal.browser,
      new URL(page.url()).pathname + new URL(page.url()).search,
    );
    await reopened.getByText('2 matching entities').waitFor();
    await reopened
      .getByRole('button', { name: 'python', exact: true })
      .waitFor();
    expect(
      await names(reopened.getByRole('table', { name: 'Release compliance' })),
    ).toEqual(['recommendations-api', 'search-indexer']);
    await reopened.close();

    // The export has exactly the rows shown, with their tag.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const [header, ...rows] = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    const tagsColumn = header.split(',').indexOf('tags');
    expect(tagsColumn).toBeGreaterThan(0);
    expect(
      rows.map(row => [row.split(',')[0], row.split(',')[tagsColumn]]),
    ).toEqual([
      ['component:default/recommendations-api', 'python'],
      ['component:default/search-indexer', 'python'],
    ]);
  });

  it('pages the compliance page as a user does (a small page size, next page) and keeps its position in the URL through a reload, the pickers loading and back/forward; a filter pick goes to page 1; filters, sort, page and rows stay through an entity page and Back', async () => {
    const page = await signedInPage(portal.browser, '/release-compliance');
    await page.setViewportSize({ width: 1280, height: 1000 });
    const grid = page.getByRole('table', { name: 'Release compliance' });
    const shown = (label: string) =>
      page.getByText(label, { exact: true }).waitFor();
    const inUrl = (name: string) => new URL(page.url()).searchParams.get(name);
    /** Rows painted, then the pickers mounted with their facets, then nothing more in flight. */
    const settled = async () => {
      await page.getByTestId('lifecycles-picker-expand').waitFor();
      await page.waitForLoadState('networkidle');
    };
    /**
     * Waits until the rows are these entities (while a page loads, the pagination already
     * counts the new one and the previous rows stay, dimmed).
     */
    const rowsAre = (expected: string[]) =>
      eventually(async () =>
        expect(
          (
            await grid.getByRole('rowheader').getByRole('link').allInnerTexts()
          ).map(name => name.trim()),
        ).toEqual(expected),
      );
    // Seven sample services (right after startup some may not be listed yet), 50 a page.
    await eventually(async () => {
      await page.reload();
      await page.getByText('1 - 7 of 7').waitFor({ timeout: 5000 });
    });
    await settled();
    // The page's own filters are in the URL once the pickers have registered them.
    expect(decodeURIComponent(page.url())).toContain('filters[kind]=component');

    // The page-size picker: five a page.
    await page.getByRole('button', { name: /Select table page size/ }).click();
    await page.getByRole('option', { name: 'Show 5 results' }).click();
    await shown('1 - 5 of 7');
    expect([inUrl('offset'), inUrl('limit')]).toEqual(['0', '5']);
    await rowsAre([
      'checkout-web',
      'inventory-service',
      'ledger-service',
      'notification-worker',
      'payments-api',
    ]);
    await screenshot(page, 'compliance-page-size-5');

    // The next page: the rest.
    await page.getByRole('button', { name: 'Next table page' }).click();
    await shown('6 - 7 of 7');
    expect([inUrl('offset'), inUrl('limit')]).toEqual(['5', '5']);
    await rowsAre(['recommendations-api', 'search-indexer']);
    expect(
      await page.getByRole('button', { name: 'Next table page' }).isDisabled(),
    ).toBe(true);
    await screenshot(page, 'compliance-page-2');

    // A reload (the URL as a shared link would open it) keeps the page and its size, through
    // the pickers loading.
    await page.reload();
    await shown('6 - 7 of 7');
    await settled();
    await shown('6 - 7 of 7');
    expect([inUrl('offset'), inUrl('limit')]).toEqual(['5', '5']);
    await rowsAre(['recommendations-api', 'search-indexer']);
    await page
      .getByRole('button', { name: /Select table page size/ })
      .filter({ hasText: 'Show 5 results' })
      .waitFor();

    // Each page is a history entry.
    await page.getByRole('button', { name: 'Previous table page' }).click();
    await shown('1 - 5 of 7');
    expect(inUrl('offset')).toBe('0');
    await page.goBack();
    await shown('6 - 7 of 7');
    expect(inUrl('offset')).toBe('5');
    await page.goForward();
    await shown('1 - 5 of 7');
    await page.goBack();
    await shown('6 - 7 of 7');

    // A real filter change: the first page of the filtered list, at the same page size.
    await page.getByTestId('lifecycles-picker-expand').click();
    await page.getByRole('option', { name: /experimental/ }).click();
    await page.keyboard.press('Escape');
    await shown('1 - 2 of 2');
    await page.waitForLoadState('networkidle');
    expect([inUrl('offset'), inUrl('limit')]).toEqual(['0', '5']);
    expect(decodeURIComponent(page.url())).toContain(
      'filters[lifecycles]=experimental',
    );

    // A filter, a sort and the second page (five production services by owner, last
    // first; skip two): to an entity's page and Back.
    await page.goto(
      `${APP_URL}/release-compliance?filters[lifecycles]=production&sort=owner&order=desc&offset=2`,
    );
    await shown('3 - 5 of 5');
    await settled();
    /** What the user sees of the list's state: pickers, sort, page and rows. */
    const listState = async () => ({
      kind: await page.getByLabel('Kind', { exact: true }).innerText(),
      lifecycle: await page
        .getByRole('button', { name: 'production', exact: true })
        .count(),
      sortedBy: await grid
        .getByRole('columnheader', { name: /Owner/ })
        .getAttribute('aria-sort'),
      page: await page.getByText(/^\d+ - \d+ of \d+$/).innerText(),
      // Each row's cells, but for when it was last evaluated ("38 sec. ago"), which moves on.
      rows: (await grid.getByRole('row').allInnerTexts()).map(row =>
        row
          .split(/\s*\t\s*|\n/)
          .filter(
            cell => cell.trim() && !/\bago$|^(just )?now$/i.test(cell.trim()),
          ),
      ),
    });
    const before = await listState();
    expect(before).toEqual(
      expect.objectContaining({
        kind: 'Component',
        lifecycle: 1,
        sortedBy: 'descending',
        page: '3 - 5 of 5',
      }),
    );
    // Owners last first: team-search's search-indexer is on the first page, team-checkout's
    // checkout-web last of all.
    // The header row and three services.
    expect(before.rows).toHaveLength(4);
    expect(before.rows.flat().join('\n')).not.toContain('search-indexer');
    expect(before.rows[3].join(' ')).toContain('checkout-web');
    const url = page.url();
    const search = new URL(url).searchParams;
    expect(search.getAll('filters[lifecycles]')).toEqual(['production']);
    expect(search.get('sort')).toBe('owner');
    expect(search.get('order')).toBe('desc');
    expect(search.get('offset')).toBe('2');

    await grid.getByRole('link', { name: 'checkout-web', exact: true }).click();
    await page.waitForURL(/\/catalog\/default\/component\/checkout-web$/);
    await page
      .getByRole('heading', { name: /checkout-web/ })
      .first()
      .waitFor();
    await page
      .getByText(/Last evaluated/)
      .first()
      .waitFor();
    expect(await page.locator('body').innerText()).toMatch(
      /1\. Release Authorization\s+Failed/,
    );
    // Owner and system from the sample's short refs, as links to their catalog pages.
    const about = page.locator('main');
    expect(
      await about
        .getByRole('link', { name: 'team-checkout', exact: true })
        .last()
        .getAttribute('href'),
    ).toMatch(/\/catalog\/default\/group\/team-checkout$/);
    expect(
      await about
        .getByRole('link', { name: 'commerce', exact: true })
        .last()
        .getAttribute('href'),
    ).toMatch(/\/catalog\/default\/system\/commerce$/);

    // Every URL the page has from Back on, the pickers loading included.
    const urls: string[] = [];
    page.on('framenavigated', frame => {
      if (frame === page.mainFrame()) urls.push(frame.url());
    });
    await page.goBack();
    await shown('3 - 5 of 5');
    await settled();
    expect(await listState()).toEqual(before);
    expect(page.url()).toBe(url);
    expect(urls.length).toBeGreaterThan(0);
    expect(new Set(urls)).toEqual(new Set([url]));
  });

  it('turns Release Authorization to passed after the missing approval is added and refresh is pressed', async () => {
    const file = join(
      portal.servicesDir,
      'checkout-web/.artifacts/deployment/release-approvals.json',
    );
    const approvals = JSON.parse(readFileSync(file, 'utf8'));
    for (const a of approvals.approvals)
      if (a.role === 'business-owner') a.decision = 'approved';
    writeFileSync(file, JSON.stringify(approvals, null, 2));

    const { page } = await entityPage('checkout-web');
    // The card's own Refresh button (the About card has an icon button of the same name).
    await page.locator('button', { hasText: /^Refresh$/ }).click();
    await eventually(async () =>
      expect(await page.locator('body').innerText()).toMatch(
        /1\. Release Authorization\s+Passed/,
      ),
    );

    const compliance = await signedInPage(
      portal.browser,
      '/release-compliance',
    );
    await compliance.getByText('7 matching entities').waitFor();
    await compliance.getByLabel('Gate', { exact: true }).click();
    await compliance
      .getByRole('option', { name: 'Release Authorization' })
      .click();
    await compliance.getByLabel('Status', { exact: true }).click();
    await compliance.getByRole('option', { name: 'Failed' }).click();
    await compliance.getByText('No entity matches these filters.').waitFor();
  });

  it('walks the journey: no protocol → card button → wizard defaults → pending gates without reload → evidence → passed → handoff', async () => {
    const problems: string[] = [];
    const ours = (url: string) =>
      /release-readiness|scaffolder|protocol11/.test(url);
    // Console errors that are not ours, all from Material UI v4 inside Backstage's components:
    // @rjsf/material-ui's TextareaWidget always passes `rows` to TextField, and the task page's
    // buttons (ButtonBase) and core-components' Link (in MarkdownContent) call React's deprecated
    // findDOMNode (React warns once, at whichever of them renders first).
    const notOurs = new RegExp(
      [
        'The prop `rows` of `ForwardRef\\(TextField\\)` is deprecated',
        'findDOMNode is deprecated[\\s\\S]*at ButtonBase \\([^)]*@material-ui/core/',
        'findDOMNode is deprecated[^\\n]*\\n\\s*at a\\s+at eval \\([^)]*@backstage/core-components/dist/components/Link/',
      ].join('|'),
    );
    const watch = (page: Page) => {
      page.on('console', msg => {
        const text = msg.text();
        if (
          msg.type() === 'error' &&
          !notOurs.test(text) &&
          /release-readiness|protocol11|scaffolder/i.test(
            `${text} ${msg.location().url}`,
          )
        )
          problems.push(`console: ${text}`);
      });
      page.on('requestfailed', req => {
        if (
          ours(req.url()) &&
          !/ERR_ABORTED/.test(req.failure()?.errorText ?? '')
        )
          problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`);
      });
      page.on('response', res => {
        if (ours(res.url()) && res.status() >= 400)
          problems.push(`HTTP ${res.status()}: ${res.url()}`);
      });
      return page;
    };

    // 1. The service without Protocol 11: its card offers the template.
    const card = watch((await entityPage('recommendations-api')).page);
    await card.getByText('No Protocol 11 for this entity').waitFor();
    await screenshot(card, 'journey-1-no-protocol');
    const href = await card
      .getByRole('link', { name: 'Create the Protocol 11 document' })
      .getAttribute('href');

    // 2. The card's button opens the wizard with the entity chosen; every default is accepted.
    const wizard = watch(await signedInPage(portal.browser, href!));
    await wizard.locator('#root_protocol_number').waitFor();
    await screenshot(wizard, 'journey-2-wizard');
    for (
      let i = 0;
      i < 20 &&
      !(await wizard.getByRole('button', { name: /^review$/i }).isVisible());
      i++
    )
      await next(wizard);
    await wizard.getByRole('button', { name: /^review$/i }).click();
    await wizard.getByRole('button', { name: /^create$/i }).waitFor();
    await screenshot(wizard, 'journey-3-review');
    await wizard.getByRole('button', { name: /^create$/i }).click();

    // 3. The task ends: clean output, nothing raw, no server path.
    await wizard
      .getByRole('button', { name: /playbook checks/i })
      .click({ timeout: 120_000 });
    const taskEnd = Date.now();
    const output = await wizard.locator('body').innerText();
    await screenshot(wizard, 'journey-4-task-done');
    expect(output).not.toContain('${{');
    expect(output).not.toContain(portal.servicesDir);

    // 4. The open card shows the three gates, pending, without a reload.
    await eventually(async () => {
      const text = await card.locator('body').innerText();
      expect(text).toMatch(/Release Authorization\s+Pending/);
      expect(text).toMatch(/Production Deployment\s+(Pending|Blocked)/);
      expect(text).toMatch(/Stabilization & Handoff\s+(Pending|Blocked)/);
    });
    const cardUpdateMs = Date.now() - taskEnd;
    process.stdout.write(
      `journey: card updated ${cardUpdateMs} ms after the task ended\n`,
    );
    expect(cardUpdateMs).toBeLessThan(10_000);
    await screenshot(card, 'journey-5-pending');

    // 5. A passing sample's evidence lands in the service's folder (the copy); Refresh.
    const folder = join(portal.servicesDir, 'recommendations-api');
    expect(readFileSync(join(folder, 'catalog-info.yaml'), 'utf8')).toContain(
      'release-readiness.io/protocol11: .',
    );
    cpSync(
      join(portal.servicesDir, 'payments-api/.artifacts'),
      join(folder, '.artifacts'),
      { recursive: true },
    );
    // The card's own Refresh button (the About card has an icon button of the same name).
    await card.locator('button', { hasText: /^Refresh$/ }).click();
    await eventually(async () => {
      const text = await card.locator('body').innerText();
      expect(text).toMatch(/Release Authorization\s+Passed/);
      expect(text).toMatch(/Production Deployment\s+Passed/);
      expect(text).toMatch(/Stabilization & Handoff\s+Passed/);
    });
    await screenshot(card, 'journey-6-passed');

    // 6. Every link on the card and the tab opens a page that exists; the handoff link first.
    const handoff = await card
      .getByRole('link', { name: /Hand off to Protocol 12/ })
      .getAttribute('href');
    const links = new Set<string>([handoff!]);
    for (const path of ['', '/release-readiness']) {
      const view = watch(
        await signedInPage(
          portal.browser,
          `/catalog/default/component/recommendations-api${path}`,
        ),
      );
      await view
        .getByText(/Last evaluated/)
        .first()
        .waitFor();
      for (const a of await view.locator('main a[href]').all()) {
        const target = await a.getAttribute('href');
        // Links to other sites (Backstage's docs on the catalog's own cards) are not the portal's.
        const elsewhere =
          target?.startsWith('http') &&
          new URL(target).origin !== new URL(APP_URL).origin;
        if (
          target &&
          !elsewhere &&
          !target.startsWith('#') &&
          !target.startsWith('mailto:')
        )
          links.add(target);
      }
    }
    // One signed-in page follows every link, as a user does: a new browser context per link
    // loaded the whole app and signed in again each time (most of this test's time on a busy
    // 2-core machine). A reload of the same context signs in by itself (the sign-in page's
    // `auto`); the Enter button is pressed if it shows all the same.
    const started = portal;
    const path = (link: string) =>
      link.startsWith('http')
        ? new URL(link).pathname + new URL(link).search
        : link;
    const [first, ...rest] = [...links];
    const view = watch(await signedInPage(portal.browser, path(first)));
    for (const link of [first, ...rest]) {
      expect(link).not.toMatch(/^file:/);
      if (link !== first) {
        await view.goto(`${APP_URL}${path(link)}`, {
          waitUntil: 'domcontentloaded',
          timeout: 60_000,
        });
      }
      const heading = view.locator('main h1, main h2').first();
      const enter = view.getByRole('button', { name: /^enter$/i });
      // The page has rendered its own heading (not only the app's frame) before it is judged; a
      // missing page renders one too ("404"), which the expectation after it refuses.
      const judged = async () => {
        await heading.or(enter).first().waitFor({ timeout: 60_000 });
        if (await enter.isVisible()) await enter.click();
        await heading.waitFor({ timeout: 60_000 });
      };
      await judged().catch(async e => {
        throw new Error(
          `${link} rendered no heading: ${e}\n${await view
            .locator('body')
            .innerText()}\nportal log (warnings and errors):\n${started
            .logs()
            .split('\n')
            .filter(l => /warn|error/i.test(l))
            .slice(-40)
            .join('\n')}`,
        );
      });
      expect(`${link}: ${await view.locator('body').innerText()}`).not.toMatch(
        /404|Page not found|not found/i,
      );
      if (link === handoff) await screenshot(view, 'journey-7-handoff');
    }
    await view.close();
    expect(problems).toEqual([]);
    // A whole journey plus a page load per link: 5 minutes were not always enough on CI's
    // loaded 2-core machine (the dev server's app bundle is parsed again on every load).
  }, 600_000);

  it('creates the document in a sample service without one from an edited form', async () => {
    const page = await signedInPage(portal.browser, TEMPLATE);
    await page.locator('#root_protocol_number').waitFor();
    await screenshot(page, 'wizard');
    await next(page); // protocol and compliance
    await page.locator('#root_primary_guardrail').waitFor();
    await next(page); // role and guardrail
    await next(page); // prerequisites

    // Phases, one page each: change a step's text, add a step to phase 2, remove an evidence item.
    const edited =
      'Gather release notes, changelog, SBOM and validation reports';
    await page.locator('#root_phase_1_steps_0_instructions').fill(edited);
    await next(page);
    await nearestButton(
      page,
      'root_phase_2_steps_0_action_title',
      'Add Item',
    ).click();
    await page
      .locator('#root_phase_2_steps_4_action_title')
      .fill('Confirm Feature Flags');
    await page
      .locator('#root_phase_2_steps_4_instructions')
      .fill('Check every release flag is in its go-live state');
    await page
      .locator('#root_phase_2_steps_4_communication_template')
      .fill('Verifying feature flag states before traffic shift...');
    await page.locator('#root_phase_2_steps_4_action_type').click();
    await page.getByRole('option', { name: 'MUST', exact: true }).click();
    await next(page);
    await nearestButton(
      page,
      'root_phase_3_evidence_collection_1_evidence_item',
      'Remove',
    ).click();
    await page
      .locator('#root_phase_3_evidence_collection_2_evidence_item')
      .waitFor({ state: 'detached' });
    expect(
      await page
        .locator(
          '[id^="root_phase_3_evidence_collection_"][id$="_evidence_item"]',
        )
        .count(),
    ).toBe(2);
    await next(page);
    await next(page); // integration
    await next(page); // automation hooks
    await next(page); // communication

    await page.locator('#root_entity').fill('recommendations-api');
    await page
      .getByRole('option', { name: /recommendations-api/ })
      .first()
      .click();
    await page.locator('#root_delivery').click();
    await page
      .getByRole('option', { name: 'Write into its local folder', exact: true })
      .click();
    await page.getByRole('button', { name: /^review$/i }).click();
    await page.getByRole('button', { name: /^create$/i }).click();

    await page
      .getByRole('button', { name: /playbook checks/i })
      .click({ timeout: 120_000 });
    await page.getByText('Every playbook check passed.').waitFor();
    await screenshot(page, 'wizard-done');

    const folder = join(portal.servicesDir, 'recommendations-api');
    const markdown = readFileSync(
      join(folder, '11-production-deployment-release-management.md'),
      'utf8',
    );
    const form = parseProtocol11Form(
      readFileSync(
        join(folder, 'protocol-input-form-11-deployment.yaml'),
        'utf8',
      ),
    );
    expect(form.ok).toBe(true);
    if (!form.ok) return;
    expect(form.form.phases[0].steps[0].instructions).toBe(edited);
    expect(form.form.phases[1].steps).toHaveLength(5);
    expect(
      form.form.phases[2].evidence_collection.map(e => e.evidence_item),
    ).not.toContain('Stakeholder communication log');
    expect(
      validateProtocol11Document(markdown, { form: form.form }).checks.filter(
        c => !c.passed,
      ),
    ).toEqual([]);
    expect(markdown).toContain(`* **Action:** ${edited}\n`);
    expect(markdown).toContain('**`[MUST]` Confirm Feature Flags:**');
    expect(existsSync(join(folder, '.artifacts/deployment/README.md'))).toBe(
      true,
    );
  });

  it('refuses a blank guardrail with a message that names the field', async () => {
    const page = await signedInPage(portal.browser, TEMPLATE);
    await page.locator('#root_protocol_number').waitFor();
    await next(page);
    await page.locator('#root_primary_guardrail').fill('   ');
    await next(page);
    const error = page
      .getByText(/Critical guardrail.*must not be blank/)
      .first();
    await error.waitFor({ state: 'visible' });
    expect(await error.innerText()).toMatch(
      /'Critical guardrail' must not be blank/,
    );
    // The wizard stays on the page with the field.
    expect(await page.locator('#root_primary_guardrail').isVisible()).toBe(
      true,
    );
    await screenshot(page, 'wizard-blank-guardrail');
  });

  it('updates an open card by itself when evidence lands in the service folder (signals, no refresh, no reload)', async () => {
    const { page, text } = await entityPage('inventory-service');
    expect(text).toMatch(/2\. Production Deployment\s+Failed/);
    // payments-api's evidence passes every gate; the file watcher reports the write.
    cpSync(
      join(portal.servicesDir, 'payments-api/.artifacts/deployment'),
      join(portal.servicesDir, 'inventory-service/.artifacts/deployment'),
      { recursive: true },
    );
    await page
      .getByText(/3\. Stabilization & Handoff\s*Passed/)
      .first()
      .waitFor({ timeout: 20_000 });
    expect(await page.locator('body').innerText()).toMatch(
      /2\. Production Deployment\s+Passed/,
    );
  });

  it('updates an open card by itself on a signed GitHub push to its repository; an unsigned or forged push is refused and changes nothing', async () => {
    // Registered here, last, so the other tests see the sample services only.
    const name = 'checkout-remote';
    const repo = `${GITHUB_OWNER}/${name}`;
    const approvalsPath = '.artifacts/deployment/release-approvals.json';
    const files = githubServiceRepo(name, 'checkout-web');
    github.setRepo(repo, files);
    const token = await guestToken();
    await registerGithubService(token, name);
    const { page, text } = await entityPage(name);
    expect(text).toMatch(/1\. Release Authorization\s+Failed/);
    const backendGates = async () => {
      const res = await fetch(
        `${BACKEND_URL}/api/release-readiness/entities/component/default/${name}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      const body = (await res.json()) as {
        readiness?: { gates: { status: string }[] };
      };
      return body.readiness?.gates.map(g => g.status);
    };
    expect((await backendGates())?.[0]).toBe('failed');
    // Marks this document: a reload would lose the mark.
    await page.evaluate(() => {
      (window as unknown as { pushMark: number }).pushMark = 1;
    });

    // The business owner's approval is committed to the repository.
    const approvals = JSON.parse(files[approvalsPath]);
    for (const a of approvals.approvals)
      if (a.role === 'business-owner') a.decision = 'approved';
    github.setRepo(repo, {
      ...files,
      [approvalsPath]: JSON.stringify(approvals, null, 2),
    });
    const push = githubPushPayload(repo, [approvalsPath]);

    // Unsigned, and signed with another secret: 403, nothing read, the card unchanged.
    expect(await postGithubPush(push, null)).toBe(403);
    expect(await postGithubPush(push, 'not-the-secret')).toBe(403);
    // Longer than a signed push takes to reach the card (debounce, evaluation, signal).
    // Had either been taken, the entity would be evaluated from the new commit: passed.
    await new Promise(r => setTimeout(r, 5000));
    expect((await backendGates())?.[0]).toBe('failed');
    expect(await page.locator('body').innerText()).toMatch(
      /1\. Release Authorization\s+Failed/,
    );

    // Signed with the webhook secret: accepted, and the open card changes by itself.
    expect(await postGithubPush(push)).toBe(202);
    await page
      .getByText(/1\. Release Authorization\s*Passed/)
      .first()
      .waitFor({ timeout: 20_000 });
    expect((await backendGates())?.[0]).toBe('passed');
    expect(
      await page.evaluate(
        () => (window as unknown as { pushMark?: number }).pushMark,
      ),
    ).toBe(1);
  });
});
