/*
 * Time to first rows of the compliance page with 100,000 entities, in headless Chromium:
 *
 *   npx tsx bench/frontend/firstRows.ts [--entities=100000] [--runs=10] [--app=prod|dev] [--keep]
 *     [--reuse=DIR] [--dist=DIR] [--trace] [--profile]
 *
 * --keep leaves the temp folder; --reuse=DIR takes such a folder's databases as they are (no
 * migrations, no fill: a rerun after a frontend change takes ~3 min instead of ~7); --dist=DIR
 * serves a build made before (a kept folder's app-dist, copied aside) instead of building, so two
 * versions of the page can be measured in turn on the same databases. --trace prints
 * the timeline of the median sample (navigation marks, every request with start and end, long
 * tasks); --profile writes V8 CPU profiles of one more warm reload (reload.cpuprofile) and one
 * more cold load in a fresh context (cold.cpuprofile), with the build's source maps beside them
 * in app-dist.
 *
 * 1. Writes a config override in a temp folder: app on http://localhost:3100, backend on
 *    127.0.0.1:7107, one SQLite file per plugin in the temp folder, no catalog locations,
 *    catalog processing every 24 h, entities of providers the backend does not run kept
 *    (`catalog.orphanProviderStrategy: keep`), the release-readiness schedule once a day after 12 h
 *    (so nothing re-evaluates or sweeps the rows during the test), and the catalog mirror's sync
 *    likewise.
 * 2. Starts the portal backend once so every plugin's migrations run, stops it, then fills:
 *    - release-readiness.sqlite with N rows, with the backend bench's own `seed()` fixture
 *      (svc-000000…, 200 owners, 50 systems, mixed statuses);
 *    - catalog.sqlite with the same N Component entities carrying the Protocol 11
 *      annotation, written straight into the catalog's tables (refresh_state,
 *      refresh_state_references, final_entities, search, relations) in the shape the
 *      catalog's own processing writes them, as if one entity provider ("rr-bench") had
 *      emitted them. Ingesting 100,000 entities through the processing loop measured
 *      ~30 entities/s on this machine (about an hour), hence the direct fill; the catalog
 *      then serves them through its normal query paths (counts, filters, by-refs);
 *    - the release-readiness catalog mirror with the same entities (same etags), written with
 *      the mirror's own upsert, as its catalog sync would leave it.
 * 3. Builds the portal app for production (`backstage-cli package build` with the same
 *    config; examples/portal/app/dist is copied to the temp folder and removed at once) and
 *    serves it on 127.0.0.1:3100 (static/ cached immutable, index.html no-cache, SPA
 *    fallback) — or with --app=dev runs the app dev server on 3100.
 * 4. Starts the backend again, signs in once as guest in headless Chromium (ENTER), then
 *    measures from navigation start to the first entity row of the table being rendered
 *    (row in the DOM, next animation frame), `runs` times with page.reload() (warm HTTP
 *    cache) and `runs` times in a fresh browser context carrying the session (cold cache).
 *    Each sample starts once the page before it has no request in flight (its summary and
 *    pickers answered): a browser that leaves a page cancels its requests but the backend
 *    still answers them, and with SQLite (synchronous) every other request waits meanwhile —
 *    back-to-back reloads measured the sign-in refresh queued behind the previous page's
 *    catalog queries, not the page. With every compliance sample, the app's own "not found"
 *    page (same bundle, same sign-in, no plugin content) is measured the same way: the
 *    framework's share, reported beside the page's and as a ratio. Also the browser-side
 *    timing of the GET /compliance request, the marks of the median sample (bundle loaded,
 *    React's first render, sign-in refresh, app layout, page header, requests), and, from
 *    Node, the latency of the same request (and of /compliance/summary) made 30 times in a row.
 * 5. Stops every process it started and removes the temp folder (unless --keep).
 * The last line is a JSON object with every figure.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import http from 'http';
import net from 'net';
import os from 'os';
import path from 'path';
import knexFactory from 'knex';
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';
import { Entity } from '@backstage/catalog-model';
import { CatalogMirror } from '../../plugins/release-readiness-backend/src/store/catalogMirror';
import { percentile, round, seed } from '../backend/fixtures';

const arg = (name: string, fallback: string) =>
  process.argv.find(a => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const ENTITIES = Number(arg('entities', '100000'));
const RUNS = Number(arg('runs', '10'));
const APP_MODE = arg('app', 'prod');
const KEEP = process.argv.includes('--keep');
const TRACE = process.argv.includes('--trace');
/** A temp folder a previous `--keep` run left: its databases are used as they are (no fill). */
const REUSE = arg('reuse', '');
/**
 * A production build another run made (its app-dist, copied aside), served instead of building:
 * to measure two versions of the app alternately against the same databases.
 */
const DIST = arg('dist', '');
/** Also writes a CPU profile of one more warm reload to <temp folder>/reload.cpuprofile. */
const PROFILE = process.argv.includes('--profile');
const APP_PORT = 3100;
const BACKEND_PORT = 7107;
const APP_URL = `http://localhost:${APP_PORT}`;
const BACKEND_URL = `http://127.0.0.1:${BACKEND_PORT}`;
const PAGE_URL = `${APP_URL}/release-compliance`;
/** A path no plugin serves: the app's own "not found" page, the empty-page baseline. */
const EMPTY_PATH = '/rr-bench-empty-page';
const EMPTY_URL = `${APP_URL}${EMPTY_PATH}`;

const repoRoot = path.resolve(__dirname, '../..');
const portal = path.join(repoRoot, 'examples/portal');
const appDir = path.join(portal, 'app');
const cli = path.join(
  repoRoot,
  'node_modules/@backstage/cli/bin/backstage-cli',
);
const tmp = REUSE
  ? path.resolve(REUSE)
  : fs.mkdtempSync(path.join(os.tmpdir(), 'rr-first-rows-'));
const dbDir = path.join(tmp, 'db');
const overridePath = path.join(tmp, 'override.yaml');
const results: Record<string, unknown> = {
  entities: ENTITIES,
  runs: RUNS,
  app: APP_MODE,
};
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const stats = (samples: number[]) => ({
  median: round(percentile(samples, 50)),
  p95: round(percentile(samples, 95)),
  min: round(Math.min(...samples)),
  max: round(Math.max(...samples)),
  samples: samples.map(round),
});

const children: ChildProcess[] = [];
let staticServer: http.Server | undefined;
let browser: Browser | undefined;

function writeOverride() {
  fs.mkdirSync(dbDir, { recursive: true });
  fs.writeFileSync(
    overridePath,
    `app:
  baseUrl: ${APP_URL}
  listen:
    host: 127.0.0.1
    port: ${APP_PORT}
backend:
  baseUrl: ${BACKEND_URL}
  listen:
    host: 127.0.0.1
    port: ${BACKEND_PORT}
  cors:
    origin: [${APP_URL}, http://127.0.0.1:${APP_PORT}]
    methods: [GET, HEAD, PATCH, POST, PUT, DELETE]
    credentials: true
  database:
    client: better-sqlite3
    connection:
      directory: ${dbDir}
catalog:
  processingInterval: { hours: 24 }
  # The filled entities belong to a provider ("rr-bench") the backend does not run: keep them.
  orphanProviderStrategy: keep
  locations: []
releaseReadiness:
  # The mirror is filled before the backend starts (fillMirror): no sync during the test.
  catalogSync:
    frequency: { hours: 24 }
    timeout: { minutes: 30 }
    initialDelay: { hours: 12 }
  schedule:
    frequency: { hours: 24 }
    timeout: { minutes: 5 }
    initialDelay: { hours: 12 }
    concurrency: 1
`,
  );
}

async function portFree(port: number) {
  return new Promise<boolean>(resolve => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** `backstage-cli package start` in a portal package, in its own process group. */
function startPackage(dir: string, logName: string): ChildProcess {
  const log = fs.openSync(path.join(tmp, logName), 'a');
  const child = spawn(
    process.execPath,
    [
      cli,
      'package',
      'start',
      '--config',
      '../app-config.yaml',
      '--config',
      overridePath,
    ],
    {
      cwd: dir,
      env: { ...process.env, BROWSER: 'none' },
      stdio: ['ignore', log, log],
      detached: true,
    },
  );
  children.push(child);
  return child;
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise(r => child.once('exit', r));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    return;
  }
  await Promise.race([exited, sleep(10_000)]);
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // gone
  }
  children.splice(children.indexOf(child), 1);
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  child?: ChildProcess,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(
        `${what}: process exited with ${child.exitCode} (logs in ${tmp})`,
      );
    if (await check().catch(() => false)) return;
    await sleep(500);
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms (logs in ${tmp})`);
}

const httpStatus = (url: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get(url, res => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });

async function startBackend() {
  const t0 = Date.now();
  const child = startPackage(path.join(portal, 'backend'), 'backend.log');
  await waitFor(
    'backend',
    async () =>
      (await httpStatus(`${BACKEND_URL}/.backstage/health/v1/readiness`)) ===
      200,
    300_000,
    child,
  );
  return { child, ms: Date.now() - t0 };
}

/**
 * N annotated Components straight into the catalog's tables, as one provider's output. Returns
 * the entities as the catalog serves them, for the release-readiness catalog mirror.
 */
function fillCatalog(count: number): Entity[] {
  const entities: Entity[] = [];
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Database = require('better-sqlite3');
  const db = new Database(path.join(dbDir, 'catalog.sqlite'));
  const now = new Date().toISOString().replace('T', ' ').slice(0, 19);
  const never = '2099-01-01 00:00:00';
  const insRefresh = db.prepare(
    `INSERT INTO refresh_state (entity_id, entity_ref, unprocessed_entity, processed_entity, cache, errors,
       next_update_at, last_discovery_at, location_key, result_hash, unprocessed_hash)
     VALUES (?, ?, ?, ?, '{}', '[]', ?, ?, NULL, ?, ?)`,
  );
  const insRef = db.prepare(
    `INSERT INTO refresh_state_references (source_key, source_entity_ref, target_entity_ref) VALUES ('rr-bench', NULL, ?)`,
  );
  const insFinal = db.prepare(
    `INSERT INTO final_entities (entity_id, hash, final_entity, last_updated_at, entity_ref) VALUES (?, ?, ?, ?, ?)`,
  );
  const insSearch = db.prepare(
    `INSERT INTO search (entity_id, key, value, original_value) VALUES (?, ?, ?, ?)`,
  );
  const insRelation = db.prepare(
    `INSERT INTO relations (originating_entity_id, source_entity_ref, type, target_entity_ref) VALUES (?, ?, ?, ?)`,
  );
  const sha1 = (s: string) => crypto.createHash('sha1').update(s).digest('hex');
  const fill = db.transaction(() => {
    for (let i = 0; i < count; i++) {
      // Same names, titles, owners, systems and lifecycles as the bench's seed().
      const name = `svc-${String(i).padStart(6, '0')}`;
      const ref = `component:default/${name}`;
      const id = crypto.randomUUID();
      const owner = `group:default/team-${i % 200}`;
      const system = `sys-${i % 50}`;
      const systemRef = `system:default/${system}`;
      const lifecycle = ['production', 'experimental', 'deprecated'][i % 3];
      const annotations = {
        'backstage.io/managed-by-location':
          'url:https://example.invalid/rr-bench/catalog-info.yaml',
        'backstage.io/managed-by-origin-location':
          'url:https://example.invalid/rr-bench/catalog-info.yaml',
        'release-readiness.io/protocol11': '.',
      };
      const spec = { type: 'service', lifecycle, owner, system };
      const unprocessed = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name, title: `Service ${i}`, annotations },
        spec,
      };
      const processed = {
        ...unprocessed,
        metadata: { ...unprocessed.metadata, namespace: 'default', uid: id },
      };
      const relations = [
        { type: 'ownedBy', targetRef: owner },
        { type: 'partOf', targetRef: systemRef },
      ];
      const hash = sha1(JSON.stringify(processed) + JSON.stringify(relations));
      const final = {
        ...processed,
        metadata: { ...processed.metadata, etag: hash },
        relations,
      };
      entities.push(final as Entity);
      insRefresh.run(
        id,
        ref,
        JSON.stringify(unprocessed),
        JSON.stringify(processed),
        never,
        now,
        sha1(`r${i}`),
        sha1(`u${i}`),
      );
      insRef.run(ref);
      insFinal.run(id, hash, JSON.stringify(final), now, ref);
      const fields: [string, string][] = [
        ['apiversion', 'backstage.io/v1alpha1'],
        ['kind', 'Component'],
        ...Object.entries(annotations).map(
          ([k, v]) => [`metadata.annotations.${k}`, v] as [string, string],
        ),
        ['metadata.name', name],
        ['metadata.namespace', 'default'],
        ['metadata.title', `Service ${i}`],
        ['metadata.uid', id],
        ['relations.ownedby', owner],
        ['relations.partof', systemRef],
        ['spec.lifecycle', lifecycle],
        ['spec.owner', owner],
        ['spec.system', system],
        ['spec.type', 'service'],
      ];
      for (const [key, value] of fields)
        insSearch.run(id, key, value.toLocaleLowerCase('en-US'), value);
      insRelation.run(id, ref, 'ownedBy', owner);
      insRelation.run(id, owner, 'ownerOf', ref);
      insRelation.run(id, ref, 'partOf', systemRef);
      insRelation.run(id, systemRef, 'hasPart', ref);
    }
  });
  fill();
  db.exec('ANALYZE');
  db.close();
  return entities;
}

/**
 * The release-readiness backend's mirror of the catalog, written with the mirror's own code and
 * the same entities (same etags), as its catalog sync would leave it: the sync at startup then
 * finds every etag unchanged and only touches the rows.
 */
async function fillMirror(entities: Entity[]) {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dbDir, 'release-readiness.sqlite') },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  try {
    const mirror = new CatalogMirror(db);
    const at = Date.now();
    for (let i = 0; i < entities.length; i += 2000)
      await mirror.upsert(entities.slice(i, i + 2000), at);
    await db.raw('ANALYZE');
  } finally {
    await db.destroy();
  }
}

async function fillReadiness(count: number) {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dbDir, 'release-readiness.sqlite') },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  try {
    await seed(db, count);
  } finally {
    await db.destroy();
  }
}

/** Production build of the portal app with the override, copied out of the repository. */
function buildApp(): string {
  const dist = path.join(appDir, 'dist');
  if (fs.existsSync(dist))
    throw new Error(`${dist} exists (someone else's build?); not touching it`);
  const t0 = Date.now();
  try {
    const build = spawnSync(
      process.execPath,
      [
        cli,
        'package',
        'build',
        '--config',
        '../app-config.yaml',
        '--config',
        overridePath,
      ],
      {
        cwd: appDir,
        env: {
          ...process.env,
          CI: 'true',
          NODE_OPTIONS: '--max-old-space-size=6144',
        },
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    fs.writeFileSync(
      path.join(tmp, 'app-build.log'),
      `${build.stdout}\n${build.stderr}`,
    );
    if (build.status !== 0)
      throw new Error(`app build failed (log in ${tmp}/app-build.log)`);
    const out = path.join(tmp, 'app-dist');
    fs.rmSync(out, { recursive: true, force: true });
    fs.cpSync(dist, out, { recursive: true });
    results.appBuildMs = Date.now() - t0;
    return out;
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
  }
}

const MIME: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.txt': 'text/plain',
};

/** Static server for the built app: gzip, static/ immutable, SPA fallback to index.html. */
async function serveApp(root: string) {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const zlib = require('zlib');
  const cache = new Map<string, { raw: Buffer; gz: Buffer }>();
  const load = (file: string) => {
    let entry = cache.get(file);
    if (!entry) {
      const raw = fs.readFileSync(file);
      entry = { raw, gz: zlib.gzipSync(raw, { level: 6 }) };
      cache.set(file, entry);
    }
    return entry;
  };
  staticServer = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', APP_URL);
    let file = path.join(
      root,
      path
        .normalize(decodeURIComponent(url.pathname))
        .replace(/^(\.\.[/\\])+/, ''),
    );
    const isStatic = url.pathname.startsWith('/static/');
    if (
      !file.startsWith(root) ||
      !fs.existsSync(file) ||
      fs.statSync(file).isDirectory()
    ) {
      if (isStatic) {
        res.writeHead(404).end();
        return;
      }
      file = path.join(root, 'index.html');
    }
    const entry = load(file);
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': isStatic
        ? 'public, max-age=31536000, immutable'
        : 'no-store',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      vary: 'accept-encoding',
    });
    res.end(gzip ? entry.gz : entry.raw);
  });
  await new Promise<void>(resolve =>
    staticServer!.listen(APP_PORT, '127.0.0.1', resolve),
  );
}

/**
 * Records, from navigation start (performance.now()), when the page reaches each milestone:
 * `root` (React put something in #root: the app has started rendering), `nav` (the app's
 * sidebar: signed in, layout drawn), `h1` (a page header), `row` (the first entity row of the
 * compliance table: a link to /catalog/<ns>/<kind>/<name>/release-readiness inside a table
 * row) and `notFound` (the app's "not found" page, for the empty-page baseline); `frame` is the
 * next animation frame after the target milestone (`row`, or `notFound` on the baseline's
 * path). Long tasks (≥ 50 ms of main-thread work) are kept too. A string, not a function: tsx
 * (esbuild keepNames) would wrap named inner functions in `__name()`, which does not exist in
 * the page.
 */
const MARKER = `(() => {
  var rr = window.__rr = { longTasks: [] };
  var baseline = location.pathname.indexOf('${EMPTY_PATH}') === 0;
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) { rr.longTasks.push([Math.round(e.startTime), Math.round(e.duration)]); });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  var probes = {
    root: function () { var r = document.getElementById('root'); return r && r.firstElementChild; },
    nav: function () { return document.querySelector('nav'); },
    h1: function () { return document.querySelector('main h1, header h1, h1'); },
    row: function () { return document.querySelector('tr a[href$="/release-readiness"], [role="row"] a[href$="/release-readiness"]'); },
    notFound: function () { var r = document.getElementById('root'); return baseline && r && /page not found/i.test(r.textContent || ''); },
  };
  var target = baseline ? 'notFound' : 'row';
  var observer, timer;
  var check = function () {
    var now = performance.now();
    Object.keys(probes).forEach(function (k) { if (rr[k] === undefined && probes[k]()) rr[k] = now; });
    if (rr[target] === undefined) return;
    rr.inDom = rr[target];
    observer.disconnect();
    clearInterval(timer);
    requestAnimationFrame(function () { rr.frame = performance.now(); });
  };
  observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
  timer = setInterval(check, 20);
})();`;

/** One resource the page fetched: path (origin and query cut), when it started and ended. */
interface Fetched {
  name: string;
  start: number;
  end: number;
}

interface Sample {
  firstRowMs: number;
  inDomMs: number;
  complianceRequestMs?: number;
  complianceRequestStartMs?: number;
  domContentLoadedMs: number;
  marks: Record<string, number | undefined>;
  longTasks: [number, number][];
  /** When the last request the page made (summary, pickers' facets included) ended. */
  settledMs: number;
  resources: Fetched[];
}

/**
 * Counts a page's requests in flight, so that a sample starts only once the previous page
 * has finished what it asked for: the backend is then idle, as for someone who opens the page,
 * and the previous page's late requests (the pickers' facet queries, the summary) do not delay
 * this one's. Without it, back-to-back reloads measure the backend still answering the last
 * page (a browser that leaves a page cancels its requests, the backend does not).
 */
const inFlight = new WeakMap<Page, { count: number; lastChange: number }>();

function trackRequests(page: Page) {
  const state = { count: 0, lastChange: Date.now() };
  inFlight.set(page, state);
  page.on('request', () => {
    state.count++;
    state.lastChange = Date.now();
  });
  const done = () => {
    state.count = Math.max(0, state.count - 1);
    state.lastChange = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

/** Resolves once the page has had no request in flight for `quietMs`. */
async function settle(page: Page, quietMs = 1000, timeoutMs = 180_000) {
  const state = inFlight.get(page);
  if (!state) throw new Error('settle: page not tracked');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (state.count === 0 && Date.now() - state.lastChange >= quietMs) return;
    await sleep(50);
  }
  throw new Error(`requests still in flight after ${timeoutMs} ms`);
}

async function sample(
  page: Page,
  navigate: () => Promise<unknown>,
): Promise<Sample> {
  await settle(page);
  await navigate();
  await page.waitForFunction(
    () => (window as unknown as { __rr: { frame?: number } }).__rr?.frame,
    undefined,
    {
      timeout: 180_000,
      polling: 50,
    },
  );
  // Everything the page asks for after its first row (summary, pickers) ends before the next
  // sample; the timeline keeps those requests too.
  await settle(page);
  return page.evaluate(() => {
    const rr = (
      window as unknown as {
        __rr: Record<string, number> & { longTasks: [number, number][] };
      }
    ).__rr;
    const nav = performance.getEntriesByType(
      'navigation',
    )[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType(
      'resource',
    ) as PerformanceResourceTiming[];
    const req = resources.find(e =>
      /\/api\/release-readiness\/compliance(\?|$)/.test(e.name),
    );
    // No named functions in here: tsx would wrap them in `__name()` (see MARKER).
    const paints = performance.getEntriesByType('paint');
    return {
      firstRowMs: rr.frame,
      inDomMs: rr.inDom,
      complianceRequestMs: req?.duration,
      complianceRequestStartMs: req?.startTime,
      domContentLoadedMs: nav.domContentLoadedEventEnd,
      marks: {
        responseEnd: nav.responseEnd,
        domContentLoaded: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        firstPaint: paints.find(e => e.name === 'first-paint')?.startTime,
        firstContentfulPaint: paints.find(
          e => e.name === 'first-contentful-paint',
        )?.startTime,
        root: rr.root,
        nav: rr.nav,
        h1: rr.h1,
        row: rr.row,
        notFound: rr.notFound,
        frame: rr.frame,
      },
      longTasks: rr.longTasks,
      settledMs: Math.max(0, ...resources.map(e => e.responseEnd)),
      resources: resources.map(e => ({
        name: new URL(e.name).pathname.replace(
          /\/static\/([^.]+)\.[0-9a-f]+\./,
          '/static/$1.',
        ),
        start: Math.round(e.startTime),
        end: Math.round(e.responseEnd),
      })),
    };
  });
}

/** The sample whose first row is the median one, as a timeline: marks and fetches in time order. */
function timeline(s: Sample) {
  const events: [number, string][] = [];
  for (const [k, v] of Object.entries(s.marks))
    if (typeof v === 'number') events.push([Math.round(v), `mark ${k}`]);
  for (const r of s.resources)
    events.push([
      r.start,
      `fetch ${r.name} (ends ${r.end}, ${r.end - r.start} ms)`,
    ]);
  events.sort((a, b) => a[0] - b[0]);
  const busy = s.longTasks
    .filter(([start]) => start < s.firstRowMs)
    .reduce((sum, [, d]) => sum + d, 0);
  return {
    events: events.map(([t, what]) => `${String(t).padStart(6)} ${what}`),
    longTasks: s.longTasks,
    longTaskMsBeforeFrame: busy,
  };
}

function summarize(label: string, samples: Sample[]) {
  const first = stats(samples.map(s => s.firstRowMs));
  const req = samples
    .map(s => s.complianceRequestMs)
    .filter((n): n is number => typeof n === 'number');
  const reqStart = samples
    .map(s => s.complianceRequestStartMs)
    .filter((n): n is number => typeof n === 'number');
  const markStats: Record<string, ReturnType<typeof stats>> = {};
  for (const key of Object.keys(samples[0].marks)) {
    const values = samples
      .map(s => s.marks[key])
      .filter((n): n is number => typeof n === 'number');
    if (values.length) markStats[key] = stats(values);
  }
  const median = [...samples].sort((a, b) => a.firstRowMs - b.firstRowMs)[
    Math.floor((samples.length - 1) / 2)
  ];
  const out = {
    firstRow: first,
    rowInDom: stats(samples.map(s => s.inDomMs)),
    domContentLoaded: stats(samples.map(s => s.domContentLoadedMs)),
    complianceRequestInBrowser: req.length ? stats(req) : undefined,
    complianceRequestStart: reqStart.length ? stats(reqStart) : undefined,
    marks: markStats,
    settled: stats(samples.map(s => s.settledMs)),
    /** Main-thread time in long tasks that started before the first row. */
    longTaskMs: stats(
      samples.map(s =>
        s.longTasks
          .filter(([start]) => start < s.firstRowMs)
          .reduce((sum, [, d]) => sum + d, 0),
      ),
    ),
    medianTimeline: timeline(median),
  };
  say(
    `${label}: first ${median.marks.notFound !== undefined ? 'paint of the empty page' : 'row'} median ${out.firstRow.median} ms, p95 ${out.firstRow.p95} ms ` +
      `(DOMContentLoaded median ${out.domContentLoaded.median} ms; GET /compliance starts at median ` +
      `${out.complianceRequestStart?.median} ms and takes median ${out.complianceRequestInBrowser?.median} ms, ` +
      `p95 ${out.complianceRequestInBrowser?.p95} ms in the browser; long tasks median ${out.longTaskMs.median} ms; ` +
      `last request ends at median ${out.settled.median} ms)`,
  );
  if (TRACE) {
    say(
      `  marks (median ms): ${Object.entries(markStats)
        .map(([k, v]) => `${k} ${v.median}`)
        .join(', ')}`,
    );
    say(`  timeline of the median sample:`);
    for (const line of out.medianTimeline.events) say(`    ${line}`);
    say(`  long tasks [start, ms]: ${JSON.stringify(median.longTasks)}`);
  }
  return out;
}

async function timeApi(url: string, authorization: string, runs: number) {
  const samples: number[] = [];
  let totalCount: number | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const res = await fetch(url, { headers: { authorization } });
    const body = await res.text();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (res.status !== 200)
      throw new Error(`${url}: ${res.status} ${body.slice(0, 300)}`);
    if (totalCount === undefined) totalCount = JSON.parse(body).totalCount;
  }
  return { ...stats(samples), totalCount };
}

async function measure() {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
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
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
  });
  await context.addInitScript({ content: MARKER });
  const page = await context.newPage();
  trackRequests(page);
  page.on('console', m => {
    if (m.type() === 'error') say(`  [browser] ${m.text().slice(0, 300)}`);
  });
  let complianceUrl: string | undefined;
  let authorization: string | undefined;
  page.on('request', req => {
    if (
      /\/api\/release-readiness\/compliance\?/.test(req.url()) &&
      !complianceUrl
    ) {
      complianceUrl = req.url();
      authorization = req.headers().authorization;
    }
  });

  // Sign in once as guest.
  const t0 = Date.now();
  await page.goto(PAGE_URL, {
    waitUntil: 'domcontentloaded',
    timeout: 180_000,
  });
  const enter = page.getByRole('button', { name: /enter/i });
  await Promise.race([
    enter.waitFor({ timeout: 180_000 }).then(() => enter.click()),
    page.waitForFunction(
      () => (window as unknown as { __rr: { frame?: number } }).__rr?.frame,
      undefined,
      { timeout: 180_000 },
    ),
  ]);
  await page
    .waitForFunction(
      () => (window as unknown as { __rr: { frame?: number } }).__rr?.frame,
      undefined,
      { timeout: 180_000 },
    )
    .catch(async e => {
      const shot = path.join(
        os.tmpdir(),
        `rr-first-rows-failure-${process.pid}.png`,
      );
      await page.screenshot({ path: shot }).catch(() => {});
      say(
        `no row; page text: ${(
          await page
            .locator('body')
            .innerText()
            .catch(() => '')
        )
          .replace(/\s+/g, ' ')
          .slice(0, 800)}`,
      );
      say(`screenshot ${shot}`);
      throw e;
    });
  const firstRowText = await page
    .locator('tr:has(a[href$="/release-readiness"])')
    .first()
    .innerText();
  const totalText = await page.locator('body').innerText();
  results.signInAndFirstLoadMs = Date.now() - t0;
  say(
    `signed in; first row: ${firstRowText.replace(/\s+/g, ' ').slice(0, 120)}`,
  );
  const totalMatch = totalText.match(/of\s+([\d,.\s]+)/);
  if (totalMatch) say(`  pagination: …of ${totalMatch[1].trim()}`);

  // Warm: reload (HTTP cache warm, session restored by the sign-in page's auto sign-in). Each
  // run also opens the app's empty "not found" page (the same app start and sign-in, no plugin
  // content): the part of the time that is the app framework's, not the compliance page's.
  await sample(page, () => page.reload({ waitUntil: 'commit' })); // warm-up, not counted
  const warm: Sample[] = [];
  const warmEmpty: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    warmEmpty.push(
      await sample(page, () => page.goto(EMPTY_URL, { waitUntil: 'commit' })),
    );
    await page.goto(PAGE_URL, { waitUntil: 'commit' });
    warm.push(await sample(page, () => page.reload({ waitUntil: 'commit' })));
  }
  if (PROFILE) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    const profiled = await sample(page, () =>
      page.reload({ waitUntil: 'commit' }),
    );
    const { profile } = await cdp.send('Profiler.stop');
    const file = path.join(tmp, 'reload.cpuprofile');
    fs.writeFileSync(file, JSON.stringify(profile));
    say(
      `CPU profile of a reload (first row at ${round(profiled.firstRowMs)} ms): ${file}`,
    );
    await cdp.detach();
  }
  results.reloadWarmCache = summarize(
    `reload (warm cache), ${RUNS} runs`,
    warm,
  );
  results.emptyPageWarmCache = summarize(
    `empty page (warm cache), ${RUNS} runs`,
    warmEmpty,
  );

  // Cold: a fresh context (empty HTTP cache) with the signed-in session.
  const storage = await context.storageState();
  const fresh = async (url: string) => {
    const ctx: BrowserContext = await browser!.newContext({
      viewport: { width: 1366, height: 900 },
      storageState: storage,
    });
    try {
      await ctx.addInitScript({ content: MARKER });
      const p = await ctx.newPage();
      trackRequests(p);
      return await sample(p, () => p.goto(url, { waitUntil: 'commit' }));
    } finally {
      await ctx.close();
    }
  };
  const cold: Sample[] = [];
  const coldEmpty: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    coldEmpty.push(await fresh(EMPTY_URL));
    cold.push(await fresh(PAGE_URL));
  }
  if (PROFILE) {
    // One more cold load, profiled from before its navigation: with an empty cache every
    // function is compiled on first use, which a warm reload's profile does not show.
    const ctx = await browser!.newContext({
      viewport: { width: 1366, height: 900 },
      storageState: storage,
    });
    await ctx.addInitScript({ content: MARKER });
    const p = await ctx.newPage();
    trackRequests(p);
    const cdp = await ctx.newCDPSession(p);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    const profiled = await sample(p, () =>
      p.goto(PAGE_URL, { waitUntil: 'commit' }),
    );
    const { profile } = await cdp.send('Profiler.stop');
    const file = path.join(tmp, 'cold.cpuprofile');
    fs.writeFileSync(file, JSON.stringify(profile));
    say(
      `CPU profile of a cold load (first row at ${round(profiled.firstRowMs)} ms): ${file}`,
    );
    await ctx.close();
  }
  results.freshContextColdCache = summarize(
    `fresh context (cold cache), ${RUNS} runs`,
    cold,
  );
  results.emptyPageColdCache = summarize(
    `empty page, fresh context (cold cache), ${RUNS} runs`,
    coldEmpty,
  );
  const ratio = (a: Sample[], b: Sample[]) =>
    round(
      percentile(
        a.map(s => s.firstRowMs),
        50,
      ) /
        percentile(
          b.map(s => s.firstRowMs),
          50,
        ),
    );
  results.ratioToEmptyPage = {
    warm: ratio(warm, warmEmpty),
    cold: ratio(cold, coldEmpty),
  };
  say(
    `first row / empty page (medians): warm ${
      (results.ratioToEmptyPage as { warm: number }).warm
    }, cold ${(results.ratioToEmptyPage as { cold: number }).cold}`,
  );
  await context.close();
  await browser.close();
  browser = undefined;

  // The page's own request, from Node, sequentially.
  if (!complianceUrl || !authorization)
    throw new Error('did not see the page request GET /compliance');
  results.complianceUrl = complianceUrl.replace(BACKEND_URL, '');
  const api = await timeApi(complianceUrl, authorization, 30);
  const summaryUrl = `${BACKEND_URL}/api/release-readiness/compliance/summary`;
  const summary = await timeApi(summaryUrl, authorization, 30);
  results.api = { compliance: api, summary };
  say(
    `API ${results.complianceUrl} (totalCount ${api.totalCount}): median ${api.median} ms, p95 ${api.p95} ms (30 sequential); ` +
      `/compliance/summary median ${summary.median} ms, p95 ${summary.p95} ms`,
  );
}

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  if (staticServer) await new Promise(r => staticServer!.close(r));
  for (const child of [...children]) await stopChild(child);
  if (!KEEP && !REUSE) fs.rmSync(tmp, { recursive: true, force: true });
  else say(`kept ${tmp}`);
}

async function main() {
  for (const port of [APP_PORT, BACKEND_PORT])
    if (!(await portFree(port))) throw new Error(`port ${port} is in use`);
  say(`temp folder ${tmp}`);
  writeOverride();

  if (REUSE && fs.existsSync(path.join(dbDir, 'catalog.sqlite'))) {
    say(`reusing the databases in ${dbDir}`);
  } else {
    say('== migrations: starting the backend once ==');
    const first = await startBackend();
    say(`backend ready in ${first.ms} ms; stopping it`);
    await stopChild(first.child);

    say(`== filling ${ENTITIES} entities ==`);
    let t = Date.now();
    await fillReadiness(ENTITIES);
    results.fillReadinessMs = Date.now() - t;
    t = Date.now();
    const catalogEntities = fillCatalog(ENTITIES);
    results.fillCatalogMs = Date.now() - t;
    t = Date.now();
    await fillMirror(catalogEntities);
    results.fillMirrorMs = Date.now() - t;
    say(
      `release_readiness_entities filled in ${results.fillReadinessMs} ms, catalog in ${results.fillCatalogMs} ms, catalog mirror in ${results.fillMirrorMs} ms`,
    );
  }

  if (DIST) {
    await serveApp(path.resolve(DIST));
    say(`serving the app built before from ${DIST} on 127.0.0.1:${APP_PORT}`);
  } else if (APP_MODE === 'prod') {
    say('== building the app (production) ==');
    const dist = buildApp();
    await serveApp(dist);
    say(
      `app built in ${results.appBuildMs} ms, served from ${dist} on 127.0.0.1:${APP_PORT}`,
    );
  } else {
    say('== starting the app dev server ==');
    const app = startPackage(appDir, 'app.log');
    const t1 = Date.now();
    await waitFor(
      'app dev server',
      async () => (await httpStatus(`http://127.0.0.1:${APP_PORT}/`)) === 200,
      600_000,
      app,
    );
    results.appDevServerReadyMs = Date.now() - t1;
  }

  say('== starting the backend ==');
  const second = await startBackend();
  results.backendStartMs = second.ms;
  say(`backend ready in ${second.ms} ms`);

  say('== headless Chromium ==');
  await measure();
}

let exiting = false;
const onSignal = () => {
  if (exiting) return;
  exiting = true;
  cleanup().finally(() => process.exit(130));
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, onSignal);
}

main()
  .then(async () => {
    await cleanup();
    say(JSON.stringify(results));
  })
  .catch(async e => {
    process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
    await cleanup();
    process.exit(1);
  });
