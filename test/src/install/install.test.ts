/**
 * Proof by installation: the packed packages in a Backstage app of its own,
 * outside this workspace, exactly as the README's install section says.
 *
 * 1. Builds every package (`npm run build`) and packs each (`npm pack`, which runs
 *    `backstage-cli package prepack`).
 * 2. Writes an app in a temporary folder: a `package.json` depending on published
 *    Backstage packages (the versions this workspace uses) and our five tarballs, a
 *    backend (`backend.js`: catalog, scaffolder, our scaffolder module and backend on
 *    SQLite) and a frontend (`src/index.tsx`: new frontend system with our plugin).
 * 3. Installs it with npm from the registry.
 * 4. Starts its backend: our routes answer and our scaffolder actions are registered.
 * 5. Builds its frontend with `backstage-cli package build`: the bundle holds our plugin.
 * 6. Runs the CLI from the installed node package: `npx release-readiness gate --dir …`.
 * The folder and every process it started are removed however the run ends.
 * @jest-environment node
 */
import { ChildProcess, spawn } from 'child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { acquireRepositoryLock } from '../repoLock';

const repoRoot = resolve(__dirname, '../../..');
const PACKAGES = [
  'release-readiness-common',
  'release-readiness-node',
  'release-readiness-backend',
  'scaffolder-backend-module-protocol11',
  'release-readiness',
];
const PROTOCOL11_ACTIONS = [
  'protocol11:generate',
  'protocol11:validate',
  'protocol11:locate',
  'protocol11:annotate',
  'protocol11:deliver:local',
];

/** The version of a package this workspace has installed. */
function workspaceVersion(name: string): string {
  return JSON.parse(
    readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8'),
  ).version;
}

interface Run {
  code: number | null;
  output: string;
}

/** Runs a command to its end, its output kept for the failure message. */
function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', d => (output += d.toString()));
    child.stderr.on('data', d => (output += d.toString()));
    child.once('error', fail);
    child.once('close', code => done({ code, output }));
  });
}

async function mustRun(
  command: string,
  args: string[],
  cwd: string,
  env?: NodeJS.ProcessEnv,
): Promise<string> {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (exit ${result.code}):\n${result.output.slice(-6000)}`,
    );
  }
  return result.output;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        done(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

/** Jest sets NODE_ENV=test, which neither the app's build nor its backend may see. */
function appEnv(): NodeJS.ProcessEnv {
  const { NODE_ENV: _test, ...env } = process.env;
  return { ...env, CI: 'true' };
}

const BACKEND_JS = `// The app's backend: catalog, scaffolder and release readiness, on SQLite.
const { createBackend } = require('@backstage/backend-defaults');

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@release-readiness/backstage-plugin-scaffolder-backend-module-protocol11'));
backend.add(import('@release-readiness/backstage-plugin-release-readiness-backend'));
backend.start();
`;

const INDEX_TSX = `import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import releaseReadinessPlugin from '@release-readiness/backstage-plugin-release-readiness/alpha';
import ReactDOM from 'react-dom/client';

const app = createApp({ features: [catalogPlugin, releaseReadinessPlugin] });

ReactDOM.createRoot(document.getElementById('root')!).render(app.createRoot());
`;

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title><%= config.getString('app.title') %></title>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

/** A static service token of this check's own (Backstage's external access). */
const TOKEN = `install-check-${process.pid}-${Date.now()}`;
const authorized = { headers: { Authorization: `Bearer ${TOKEN}` } };

function appConfig(port: number): string {
  return `app:
  title: Release readiness install check
  baseUrl: http://localhost:3000
backend:
  baseUrl: http://127.0.0.1:${port}
  listen:
    port: ${port}
    host: 127.0.0.1
  database:
    client: better-sqlite3
    connection: ':memory:'
  auth:
    # This check calls the APIs as a service, with a static token.
    externalAccess:
      - type: static
        options:
          token: ${TOKEN}
          subject: install-check
`;
}

describe('the packed packages in a Backstage app outside the workspace', () => {
  const work = mkdtempSync(join(tmpdir(), 'release-readiness-install-'));
  const packs = join(work, 'packs');
  const app = join(work, 'app');
  let backend: ChildProcess | undefined;
  let backendLogs = '';
  let port = 0;

  const stopBackend = () => {
    if (backend?.pid && backend.exitCode === null) {
      try {
        process.kill(-backend.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const cleanup = () => {
    stopBackend();
    rmSync(work, { recursive: true, force: true });
  };
  process.once('exit', cleanup);

  afterAll(() => {
    cleanup();
    process.removeListener('exit', cleanup);
  });

  beforeAll(async () => {
    // Building and packing change the repository's packages in place (prepack rewrites each
    // package.json until postpack): not while the browser tests' portal serves them (see
    // repoLock.ts).
    const tarballs: Record<string, string> = {};
    const releaseRepository = await acquireRepositoryLock();
    try {
      await mustRun('npm', ['run', 'build'], repoRoot, appEnv());
      mkdirSync(packs);
      for (const dir of PACKAGES) {
        const out = await mustRun(
          'npm',
          ['pack', '--json', '--pack-destination', packs],
          join(repoRoot, 'plugins', dir),
        );
        const [{ name, filename }] = JSON.parse(
          out.slice(out.indexOf('[')),
        ) as {
          name: string;
          filename: string;
        }[];
        tarballs[name] = `file:../packs/${filename}`;
      }
    } finally {
      releaseRepository();
    }

    mkdirSync(join(app, 'src'), { recursive: true });
    mkdirSync(join(app, 'public'));
    const rootPackage = JSON.parse(
      readFileSync(join(repoRoot, 'package.json'), 'utf8'),
    );
    const published = [
      '@backstage/backend-defaults',
      '@backstage/plugin-catalog-backend',
      '@backstage/plugin-scaffolder-backend',
      '@backstage/cli',
      '@backstage/frontend-defaults',
      '@backstage/plugin-catalog',
      'better-sqlite3',
      'react',
      'react-dom',
      'react-router-dom',
    ];
    writeFileSync(
      join(app, 'package.json'),
      `${JSON.stringify(
        {
          name: 'release-readiness-install-check',
          version: '0.0.0',
          private: true,
          backstage: { role: 'frontend' },
          dependencies: {
            ...Object.fromEntries(
              published.map(name => [name, workspaceVersion(name)]),
            ),
            ...tarballs,
          },
          // Our packages depend on each other by version: take those from the tarballs too.
          overrides: {
            ...Object.fromEntries(
              Object.keys(tarballs).map(name => [name, `$${name}`]),
            ),
            // The same pins as this workspace: builds of these that the registry has for this platform.
            ...rootPackage.overrides,
          },
          allowScripts: {
            'better-sqlite3': true,
            '@swc/core': true,
            esbuild: true,
          },
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(join(app, '.npmrc'), 'legacy-peer-deps=true\n');
    writeFileSync(join(app, 'backend.js'), BACKEND_JS);
    writeFileSync(join(app, 'src/index.tsx'), INDEX_TSX);
    writeFileSync(join(app, 'public/index.html'), INDEX_HTML);
    port = await freePort();
    writeFileSync(join(app, 'app-config.yaml'), appConfig(port));

    await mustRun('npm', ['install', '--no-audit', '--no-fund'], app, appEnv());

    backend = spawn(
      process.execPath,
      ['backend.js', '--config', 'app-config.yaml'],
      {
        cwd: app,
        env: appEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    backend.stdout!.on('data', d => (backendLogs += d.toString()));
    backend.stderr!.on('data', d => (backendLogs += d.toString()));
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (backend.exitCode !== null)
        throw new Error(
          `the app's backend exited (${backend.exitCode}):\n${backendLogs.slice(-6000)}`,
        );
      const ready = await fetch(
        `http://127.0.0.1:${port}/.backstage/health/v1/readiness`,
      ).then(
        r => r.status === 200,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline)
        throw new Error(
          `the app's backend was not ready in 180 s:\n${backendLogs.slice(-6000)}`,
        );
      await new Promise(r => setTimeout(r, 1000));
    }
  }, 2_700_000);

  it('installs only published Backstage packages and our tarballs', () => {
    const lock = JSON.parse(
      readFileSync(join(app, 'package-lock.json'), 'utf8'),
    );
    const ours = Object.entries(
      lock.packages as Record<string, { resolved?: string }>,
    ).filter(([path]) =>
      /^node_modules\/@release-readiness\/[^/]+$/.test(path),
    );
    expect(ours.map(([path]) => path).sort()).toEqual(
      [
        'backstage-plugin-release-readiness',
        'backstage-plugin-release-readiness-backend',
        'backstage-plugin-release-readiness-common',
        'backstage-plugin-release-readiness-node',
        'backstage-plugin-scaffolder-backend-module-protocol11',
      ].map(n => `node_modules/@release-readiness/${n}`),
    );
    for (const [, entry] of ours)
      expect(entry.resolved).toMatch(/^file:\.\.\/packs\/.*\.tgz$/);
  });

  it("answers on our backend's routes", async () => {
    const summary = await fetch(
      `http://127.0.0.1:${port}/api/release-readiness/compliance/summary`,
      authorized,
    );
    // Without a token: refused, as in any Backstage.
    expect(
      (
        await fetch(
          `http://127.0.0.1:${port}/api/release-readiness/compliance/summary`,
        )
      ).status,
    ).toBe(401);
    expect(summary.status).toBe(200);
    expect(await summary.json()).toEqual(expect.any(Object));
    const unknown = await fetch(
      `http://127.0.0.1:${port}/api/release-readiness/entities/component/default/nothing-here`,
      authorized,
    );
    expect(unknown.status).toBe(404);
  });

  it('registers our scaffolder actions', async () => {
    const res = await fetch(
      `http://127.0.0.1:${port}/api/scaffolder/v2/actions`,
      authorized,
    );
    expect(res.status).toBe(200);
    const ids = ((await res.json()) as { id: string }[]).map(a => a.id);
    expect(ids).toEqual(expect.arrayContaining(PROTOCOL11_ACTIONS));
  });

  it('runs the CLI from the installed node package, with no TypeScript at run time', async () => {
    const service = join(work, 'payments-api');
    cpSync(join(repoRoot, 'examples/services/payments-api'), service, {
      recursive: true,
    });
    const result = await run(
      'npx',
      ['--no-install', 'release-readiness', 'gate', '--dir', service],
      app,
      appEnv(),
    );
    expect(result.output).toContain('PASSED: every gate passed.');
    expect(result.code).toBe(0);
    const installed = JSON.parse(
      readFileSync(
        join(
          app,
          'node_modules/@release-readiness/backstage-plugin-release-readiness-node/package.json',
        ),
        'utf8',
      ),
    );
    expect(installed.main).toBe('dist/index.cjs.js');
    expect(Object.keys(installed.dependencies)).not.toEqual(
      expect.arrayContaining(['tsx']),
    );
    expect(Object.keys(installed.dependencies)).not.toEqual(
      expect.arrayContaining(['typescript']),
    );
  }, 60_000);

  it('builds its frontend with our plugin (new frontend system)', async () => {
    stopBackend();
    await mustRun(
      join(app, 'node_modules/.bin/backstage-cli'),
      ['package', 'build'],
      app,
      appEnv(),
    );
    const staticDir = join(app, 'dist/static');
    const bundle = readdirSync(staticDir)
      .filter(f => f.endsWith('.js'))
      .map(f => readFileSync(join(staticDir, f), 'utf8'))
      .join('\n');
    // The compliance page's path and the plugin's id, from our package's code.
    expect(bundle).toContain('release-compliance');
    expect(bundle).toContain('plugin.release-readiness.service');
  }, 900_000);
});
