/*
 * Starts the demo portal exactly as `npm start` does, on a copy of the sample
 * services, and drives it with Debian's Chromium through playwright-core.
 */
import { ChildProcess, spawn } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Browser, chromium, Page } from 'playwright-core';
import { stringify } from 'yaml';

export const repoRoot = resolve(__dirname, '../../..');
export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://127.0.0.1:7007';
export const screenshotDir = join(repoRoot, 'test/e2e/screenshots');

/** A running portal on a private copy of the sample services. */
export interface Portal {
  servicesDir: string;
  browser: Browser;
  logs(): string;
  stop(): Promise<void>;
}

async function waitFor(
  url: string,
  ok: (status: number, body: string) => boolean,
  timeoutMs: number,
  proc: ChildProcess,
  logs: () => string,
  token?: string,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the portal exited with code ${proc.exitCode}:\n${logs().slice(-4000)}`);
    try {
      const res = await fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : undefined);
      if (ok(res.status, await res.text())) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} was not ready within ${timeoutMs / 1000} s:\n${logs().slice(-4000)}`);
}

/** Starts `scripts/start.js` with an extra config that points it at a copy of examples/services. */
export async function startPortal(): Promise<Portal> {
  for (const url of [BACKEND_URL, APP_URL]) {
    const busy = await fetch(url).then(() => true, () => false);
    if (busy) throw new Error(`${url} is already in use: stop the portal that runs there before the browser tests`);
  }
  const work = mkdtempSync(join(tmpdir(), 'protocol11-e2e-'));
  const servicesDir = join(work, 'services');
  cpSync(join(repoRoot, 'examples/services'), servicesDir, { recursive: true });
  const services = readdirSync(servicesDir);
  const config = {
    catalog: {
      locations: [
        { type: 'file', target: join(repoRoot, 'templates/protocol-11-release-management/template.yaml'), rules: [{ allow: ['Template'] }] },
        ...services.map(s => ({ type: 'file', target: join(servicesDir, s, 'catalog-info.yaml'), rules: [{ allow: ['Component'] }] })),
        { type: 'file', target: join(work, 'org.yaml'), rules: [{ allow: ['Group', 'System'] }] },
      ],
    },
    protocol11: { localDelivery: { roots: [servicesDir] } },
    releaseReadiness: { localSources: { roots: [servicesDir] } },
  };
  // Groups and systems the sample services name, so their pages resolve.
  writeFileSync(join(work, 'org.yaml'), orgYaml());
  writeFileSync(join(work, 'e2e-config.yaml'), stringify(config));

  let output = '';
  const proc = spawn(process.execPath, [join(repoRoot, 'scripts/start.js'), join(work, 'e2e-config.yaml')], {
    cwd: repoRoot,
    // Jest sets NODE_ENV=test, which the app's bundler must not see.
    env: { ...withoutNodeEnv(process.env), BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', d => (output += d.toString()));
  proc.stderr!.on('data', d => (output += d.toString()));
  const logs = () => output;
  try {
    await waitFor(`${BACKEND_URL}/.backstage/health/v1/readiness`, s => s === 200, 180_000, proc, logs);
    await waitFor(APP_URL, (s, body) => s === 200 && body.includes('<div id="root">'), 420_000, proc, logs);
    await waitForCatalog(['template/default/protocol-11-release-management', ...services.map(s => `component/default/${s}`)], proc, logs);
  } catch (e) {
    await kill(proc);
    throw e;
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    servicesDir,
    browser,
    logs,
    async stop() {
      await browser.close().catch(() => undefined);
      await kill(proc);
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** A guest user's token from the portal's backend, as the app gets one. */
export async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh?env=development`, { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

async function waitForCatalog(refs: string[], proc: ChildProcess, logs: () => string) {
  const token = await guestToken();
  for (const ref of refs) {
    await waitFor(`${BACKEND_URL}/api/catalog/entities/by-name/${ref}`, s => s === 200, 120_000, proc, logs, token);
  }
}

/** Stops `scripts/start.js`, which stops the backend and the app, and waits until it has. */
async function kill(proc: ChildProcess) {
  if (!proc.pid || proc.exitCode !== null) return;
  const exited = new Promise(r => proc.once('exit', r));
  proc.kill('SIGTERM');
  await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
}

function orgYaml(): string {
  const groups = ['platform-team', 'team-payments', 'team-checkout', 'team-fulfilment', 'team-search', 'team-messaging'];
  const systems = ['commerce', 'fulfilment', 'discovery', 'engagement'];
  return [
    ...groups.map(g => stringify({ apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: g }, spec: { type: 'team', children: [] } })),
    ...systems.map(s => stringify({ apiVersion: 'backstage.io/v1alpha1', kind: 'System', metadata: { name: s }, spec: { owner: 'group:default/platform-team' } })),
  ].join('---\n');
}

/** Opens a page signed in as the guest user. */
export async function signedInPage(browser: Browser, path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30_000);
  await page.goto(`${APP_URL}${path}`);
  const enter = page.getByRole('button', { name: /^enter$/i });
  await enter.waitFor({ timeout: 30_000 });
  await enter.click();
  await enter.waitFor({ state: 'detached', timeout: 30_000 });
  return page;
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: false });
}

function withoutNodeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_ENV: _ignored, ...rest } = env;
  return rest;
}
