/**
 * Browser tests of the Protocol 11 wizard against the portal `npm start` runs.
 * @jest-environment node
 */
import {
  parseProtocol11Form,
  validateProtocol11Document,
} from '@internal/plugin-release-readiness-common';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { Page } from 'playwright-core';
import { Portal, screenshot, signedInPage, startPortal } from './portal';

jest.setTimeout(180_000);

const TEMPLATE = '/create/templates/default/protocol-11-release-management';

/** The array item or array that holds a field, found as the nearest ancestor with the given button. */
function nearestButton(page: Page, fieldId: string, name: 'Remove' | 'Add Item') {
  return page
    .locator(`xpath=//*[@id="${fieldId}"]/ancestor::*[.//button[@title="${name}" or @aria-label="${name}" or normalize-space(.)="${name}"]][1]`)
    .getByRole('button', { name, exact: true })
    .first();
}

async function next(page: Page) {
  await page.getByRole('button', { name: /^next$/i }).click();
}

describe('the Protocol 11 wizard in a real browser', () => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal();
  }, 600_000);

  afterAll(async () => portal?.stop());

  afterEach(async () => {
    // Keep what the browser showed when a test fails.
    for (const context of portal?.browser.contexts() ?? []) {
      for (const page of context.pages()) await screenshot(page, `last-${expect.getState().currentTestName?.replace(/\W+/g, '-')}`).catch(() => undefined);
      await context.close();
    }
  });

  it('creates the document in a sample service from an edited form', async () => {
    const page = await signedInPage(portal.browser, TEMPLATE);
    await page.locator('#root_protocol_number').waitFor();
    await screenshot(page, 'wizard');
    await next(page); // protocol and compliance
    await page.locator('#root_primary_guardrail').waitFor();
    await next(page); // role and guardrail
    await next(page); // prerequisites

    // Phases: change a step's text, add a step to phase 2, remove an evidence item.
    const edited = 'Gather release notes, changelog, SBOM and validation reports';
    await page.locator('#root_phases_0_steps_0_instructions').fill(edited);
    await nearestButton(page, 'root_phases_1_steps_0_action_title', 'Add Item').click();
    await page.locator('#root_phases_1_steps_4_action_title').fill('Confirm Feature Flags');
    await page.locator('#root_phases_1_steps_4_instructions').fill('Check every release flag is in its go-live state');
    await page.locator('#root_phases_1_steps_4_communication_template').fill('Verifying feature flag states before traffic shift...');
    await page.locator('#root_phases_1_steps_4_action_type').click();
    await page.getByRole('option', { name: 'MUST', exact: true }).click();
    await nearestButton(page, 'root_phases_2_evidence_collection_1_evidence_item', 'Remove').click();
    await page.locator('#root_phases_2_evidence_collection_2_evidence_item').waitFor({ state: 'detached' });
    expect(await page.locator('[id^="root_phases_2_evidence_collection_"][id$="_evidence_item"]').count()).toBe(2);
    await next(page);
    await next(page); // integration
    await next(page); // automation hooks
    await next(page); // communication

    await page.locator('#root_entity').fill('checkout-web');
    await page.getByRole('option', { name: /checkout-web/ }).first().click();
    await page.locator('#root_delivery').click();
    await page.getByRole('option', { name: 'local', exact: true }).click();
    await page.getByRole('button', { name: /^review$/i }).click();
    await page.getByRole('button', { name: /^create$/i }).click();

    await page.getByRole('button', { name: /playbook checks/i }).click({ timeout: 120_000 });
    await page.getByText('Every playbook check passed.').waitFor();
    await screenshot(page, 'wizard-done');

    const folder = join(portal.servicesDir, 'checkout-web');
    const markdown = readFileSync(join(folder, '11-production-deployment-release-management.md'), 'utf8');
    const form = parseProtocol11Form(readFileSync(join(folder, 'protocol-input-form-11-deployment.yaml'), 'utf8'));
    expect(form.ok).toBe(true);
    if (!form.ok) return;
    expect(form.form.phases[0].steps[0].instructions).toBe(edited);
    expect(form.form.phases[1].steps).toHaveLength(5);
    expect(form.form.phases[2].evidence_collection.map(e => e.evidence_item)).not.toContain('Stakeholder communication log');
    expect(validateProtocol11Document(markdown, { form: form.form }).checks.filter(c => !c.passed)).toEqual([]);
    expect(markdown).toContain(`* **Action:** ${edited}\n`);
    expect(markdown).toContain('**`[MUST]` Confirm Feature Flags:**');
    expect(existsSync(join(folder, '.artifacts/deployment/README.md'))).toBe(true);
  });

  it('refuses a blank guardrail with a message that names the field', async () => {
    const page = await signedInPage(portal.browser, TEMPLATE);
    await page.locator('#root_protocol_number').waitFor();
    await next(page);
    await page.locator('#root_primary_guardrail').fill('   ');
    await next(page);
    const error = page.getByText(/guardrail/i).filter({ hasText: /pattern|blank|required|must/i }).first();
    await error.waitFor({ state: 'visible' });
    expect(await error.innerText()).toMatch(/guardrail/i);
    // The wizard stays on the page with the field.
    expect(await page.locator('#root_primary_guardrail').isVisible()).toBe(true);
    await screenshot(page, 'wizard-blank-guardrail');
  });
});

