/*
 * Starts the demo portal exactly as `npm start` does, on a copy of the sample
 * services, and drives it with Debian's Chromium through playwright-core.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import {
  accessSync,
  constants,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Browser, chromium, Page } from 'playwright-core';
import { stringify } from 'yaml';
import { acquireRepositoryLock } from '../repoLock';

export const repoRoot = resolve(__dirname, '../../..');
export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://127.0.0.1:7007';
/**
 * Where the browser tests put their screenshots: the README's own pictures in
 * `test/e2e/screenshots/` when `UPDATE_SCREENSHOTS=1`, otherwise an ignored
 * `last-run/` folder beside them, so a test run leaves `git status` clean.
 */
export const screenshotDir = join(
  repoRoot,
  'test/e2e/screenshots',
  process.env.UPDATE_SCREENSHOTS === '1' ? '' : 'last-run',
);

/** Where a Chromium is looked for, in order, unless CHROMIUM_PATH names one. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** An error whose report is its one line, with no stack trace. */
function oneLineError(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH when set, else the first of
 * `candidates` that exists, else Debian's package `chromium`, installed with apt-get when
 * `install` is true and this process runs as root. Throws a one-line error naming what is
 * missing otherwise, so the browser tests fail before anything is built or started.
 */
export function findChromium(
  options: {
    env?: NodeJS.ProcessEnv;
    candidates?: string[];
    install?: boolean;
  } = {},
): string {
  const { env = process.env, candidates = CHROMIUM_CANDIDATES } = options;
  const install = options.install ?? process.getuid?.() === 0;
  if (env.CHROMIUM_PATH) {
    if (executable(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw oneLineError(
      `Chromium is missing: CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which is not an executable file`,
    );
  }
  const found = candidates.find(executable);
  if (found) return found;
  if (install) {
    const apt = (args: string[]) =>
      spawnSync('apt-get', args, {
        stdio: 'ignore',
        env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
      }).status === 0;
    process.stderr.write(
      "Chromium not found: installing Debian's package chromium (apt-get install chromium)\n",
    );
    if (
      (apt(['install', '-y', '-qq', 'chromium']) ||
        (apt(['update', '-qq']) &&
          apt(['install', '-y', '-qq', 'chromium']))) &&
      executable('/usr/bin/chromium')
    ) {
      return '/usr/bin/chromium';
    }
    throw oneLineError(
      `Chromium is missing: none of ${candidates.join(', ')} exists and \`apt-get install chromium\` failed; install Chromium or set CHROMIUM_PATH`,
    );
  }
  throw oneLineError(
    `Chromium is missing: none of ${candidates.join(', ')} exists; install Debian's package chromium (as root: apt-get install chromium) or set CHROMIUM_PATH`,
  );
}

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
    if (proc.exitCode !== null)
      throw new Error(
        `the portal exited with code ${proc.exitCode}:\n${logs().slice(-4000)}`,
      );
    try {
      const res = await fetch(
        url,
        token ? { headers: { Authorization: `Bearer ${token}` } } : undefined,
      );
      if (ok(res.status, await res.text())) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `${url} was not ready within ${timeoutMs / 1000} s:\n${logs().slice(-4000)}`,
  );
}

/**
 * Starts `scripts/start.js` with an extra config that points it at a copy of
 * examples/services; `options.config` adds top-level keys to that config (for
 * example `integrations` and `events`).
 */
export async function startPortal(
  options: { config?: Record<string, unknown> } = {},
): Promise<Portal> {
  // First, before anything is built: the browser.
  const executablePath = findChromium();
  for (const url of [BACKEND_URL, APP_URL]) {
    const busy = await fetch(url).then(
      () => true,
      () => false,
    );
    if (busy)
      throw new Error(
        `${url} is already in use: stop the portal that runs there before the browser tests`,
      );
  }
  // The portal's dev servers serve the repository's packages as they are: no test may
  // rebuild or pack them while it runs (see repoLock.ts).
  const releaseRepository = await acquireRepositoryLock();
  const work = mkdtempSync(join(tmpdir(), 'protocol11-e2e-'));
  const servicesDir = join(work, 'services');
  cpSync(join(repoRoot, 'examples/services'), servicesDir, { recursive: true });
  const services = readdirSync(servicesDir);
  const config = {
    catalog: {
      locations: [
        {
          type: 'file',
          target: join(
            repoRoot,
            'templates/protocol-11-release-management/template.yaml',
          ),
          rules: [{ allow: ['Template'] }],
        },
        ...services.map(s => ({
          type: 'file',
          target: join(servicesDir, s, 'catalog-info.yaml'),
          rules: [{ allow: ['Component'] }],
        })),
        {
          type: 'file',
          target: join(work, 'org.yaml'),
          rules: [{ allow: ['Group', 'System'] }],
        },
      ],
    },
    protocol11: { localDelivery: { roots: [servicesDir] } },
    releaseReadiness: { localSources: { roots: [servicesDir] } },
    ...options.config,
  };
  // Groups and systems the sample services name, so their pages resolve.
  writeFileSync(join(work, 'org.yaml'), orgYaml());
  writeFileSync(join(work, 'e2e-config.yaml'), stringify(config));

  let output = '';
  const proc = spawn(
    process.execPath,
    [join(repoRoot, 'scripts/start.js'), join(work, 'e2e-config.yaml')],
    {
      cwd: repoRoot,
      // Jest sets NODE_ENV=test, which the app's bundler must not see.
      env: { ...withoutNodeEnv(process.env), BROWSER: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // However this process ends (a failed or interrupted run too): the portal stops (start.js
  // stops the backend and the app) and the temporary folder goes.
  const onExit = () => {
    if (proc.exitCode === null) proc.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  proc.stdout!.on('data', d => (output += d.toString()));
  proc.stderr!.on('data', d => (output += d.toString()));
  const logs = () => output;
  let browser: Browser;
  try {
    await waitFor(
      `${BACKEND_URL}/.backstage/health/v1/readiness`,
      s => s === 200,
      180_000,
      proc,
      logs,
    );
    await waitFor(
      APP_URL,
      (s, body) => s === 200 && body.includes('<div id="root">'),
      420_000,
      proc,
      logs,
    );
    await waitForCatalog(
      [
        'template/default/protocol-11-release-management',
        ...services.map(s => `component/default/${s}`),
      ],
      proc,
      logs,
    );
    browser = await chromium.launch({
      executablePath,
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
  } catch (e) {
    await kill(proc);
    process.removeListener('exit', onExit);
    rmSync(work, { recursive: true, force: true });
    releaseRepository();
    throw e;
  }
  mkdirSync(screenshotDir, { recursive: true });
  return {
    servicesDir,
    browser,
    logs,
    async stop() {
      await browser.close().catch(() => undefined);
      await kill(proc);
      process.removeListener('exit', onExit);
      rmSync(work, { recursive: true, force: true });
      releaseRepository();
    },
  };
}

/** A guest user's token from the portal's backend, as the app gets one. */
export async function guestToken(): Promise<string> {
  const res = await fetch(
    `${BACKEND_URL}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

async function waitForCatalog(
  refs: string[],
  proc: ChildProcess,
  logs: () => string,
) {
  const token = await guestToken();
  for (const ref of refs) {
    await waitFor(
      `${BACKEND_URL}/api/catalog/entities/by-name/${ref}`,
      s => s === 200,
      120_000,
      proc,
      logs,
      token,
    );
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
  const groups = [
    'platform-team',
    'team-payments',
    'team-checkout',
    'team-fulfilment',
    'team-search',
    'team-messaging',
  ];
  const systems = ['commerce', 'fulfilment', 'discovery', 'engagement'];
  return [
    ...groups.map(g =>
      stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: g },
        spec: { type: 'team', children: [] },
      }),
    ),
    ...systems.map(s =>
      stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: s },
        spec: { owner: 'group:default/platform-team' },
      }),
    ),
  ].join('---\n');
}

/** Opens a page signed in as the guest user. */
export async function signedInPage(
  browser: Browser,
  path: string,
): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  page.setDefaultTimeout(30_000);
  // The sign-in button is what matters, not every subresource's load event
  // (a busy 2-core machine can take longer than the default for that).
  await page.goto(`${APP_URL}${path}`, {
    waitUntil: 'domcontentloaded',
    timeout: 60_000,
  });
  const enter = page.getByRole('button', { name: /^enter$/i });
  await enter.waitFor({ timeout: 60_000 });
  await enter.click();
  await enter.waitFor({ state: 'detached', timeout: 30_000 });
  return page;
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({
    path: join(screenshotDir, `${name}.png`),
    fullPage: false,
  });
}

function withoutNodeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_ENV: _ignored, ...rest } = env;
  return rest;
}
