/*
 * Production bundle size of the release-readiness frontend plugin (gzipped, node's zlib):
 *
 *   npx tsx bench/frontend/bundleSize.ts [--no-app]
 *
 * 1. The plugin package's own build: the same rollup configuration `backstage-cli package
 *    build` uses (ESM output only, so no dist-types/tsc run is needed), written to a temp
 *    folder instead of plugins/release-readiness/dist; unminified (what the CLI publishes)
 *    and minified. The same for @release-readiness/backstage-plugin-release-readiness-common, which the plugin
 *    imports (reported separately: the app tree-shakes it).
 * 2. (unless --no-app) A production build of examples/portal/app with `--stats`: the async
 *    chunks holding the plugin's modules and, from the bundle stats, the size of the
 *    plugin's own modules and of the common package's modules inside the app bundle.
 *    The build writes examples/portal/app/dist (gitignored); it is removed afterwards (an
 *    existing one is moved aside and put back).
 * The last line is a JSON object with every figure.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import zlib from 'zlib';
import { spawnSync } from 'child_process';

const repoRoot = path.resolve(__dirname, '../..');
const pluginDir = path.join(repoRoot, 'plugins/release-readiness');
const commonDir = path.join(repoRoot, 'plugins/release-readiness-common');
const appDir = path.join(repoRoot, 'examples/portal/app');
const cli = path.join(
  repoRoot,
  'node_modules/@backstage/cli/bin/backstage-cli',
);
const builderDir = path.join(
  repoRoot,
  'node_modules/@backstage/cli-module-build/dist/lib/builder',
);
const results: Record<string, unknown> = {};
const say = (line: string) => process.stdout.write(`${line}\n`);
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const gz = (buf: Buffer) => zlib.gzipSync(buf, { level: 9 }).length;

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(e =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
    );
}

/** Sum of raw and gzipped sizes of the .js files below dir (source maps excluded). */
function jsSizes(dir: string) {
  let files = 0;
  let raw = 0;
  let gzip = 0;
  const parts: Buffer[] = [];
  for (const file of walk(dir).filter(f => f.endsWith('.js'))) {
    const buf = fs.readFileSync(file);
    files++;
    raw += buf.length;
    gzip += gz(buf);
    parts.push(buf, Buffer.from('\n'));
  }
  // Files gzipped one by one (what a server sends per request) and as one stream (a lower bound).
  return {
    files,
    rawBytes: raw,
    gzipBytes: gzip,
    gzipConcatenatedBytes: gz(Buffer.concat(parts)),
  };
}

/** The CLI's rollup build of a package (ESM only) into a temp folder. */
async function buildPackageTo(targetDir: string, minify: boolean) {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { makeRollupConfigs } = require(path.join(builderDir, 'config.cjs.js'));
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Output } = require(path.join(builderDir, 'types.cjs.js'));
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { rollup } = require(
    require.resolve('rollup', { paths: [builderDir] }),
  );
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rr-bundle-'));
  const packageJson = JSON.parse(
    fs.readFileSync(path.join(targetDir, 'package.json'), 'utf8'),
  );
  const cwd = process.cwd();
  process.chdir(targetDir);
  try {
    const configs = await makeRollupConfigs({
      targetDir,
      packageJson,
      outputs: new Set([Output.esm]),
      minify,
      workspacePackages: [],
      logPrefix: '  [rollup] ',
    });
    for (const config of configs) {
      const bundle = await rollup({ ...config, onwarn: () => {} });
      for (const output of [config.output].flat())
        await bundle.write({ ...output, dir: outDir, sourcemap: false });
      await bundle.close();
    }
    return jsSizes(outDir);
  } finally {
    process.chdir(cwd);
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

async function packageSizes() {
  for (const [label, dir] of [
    ['plugin', pluginDir],
    ['common', commonDir],
  ] as const) {
    const plain = await buildPackageTo(dir, false);
    const min = await buildPackageTo(dir, true);
    results[`${label}Dist`] = { unminified: plain, minified: min };
    say(
      `${label} dist (ESM, ${plain.files} files): ${kib(plain.rawBytes)} raw, ${kib(plain.gzipBytes)} gzipped ` +
        `(one stream ${kib(plain.gzipConcatenatedBytes)}); minified ${kib(min.rawBytes)} raw, ` +
        `${kib(min.gzipBytes)} gzipped (one stream ${kib(min.gzipConcatenatedBytes)})`,
    );
  }
}

interface StatsModule {
  name?: string;
  identifier?: string;
  size?: number;
  chunks?: (string | number)[];
  modules?: StatsModule[];
}
interface StatsChunk {
  id: string | number;
  names?: string[];
  files?: string[];
  initial?: boolean;
  size?: number;
  modules?: StatsModule[];
}

function flattenModules(modules: StatsModule[] = []): StatsModule[] {
  return modules.flatMap(m =>
    m.modules?.length ? flattenModules(m.modules) : [m],
  );
}

function appSizes() {
  const dist = path.join(appDir, 'dist');
  const backup = fs.existsSync(dist)
    ? `${dist}.rr-bench-backup-${process.pid}`
    : undefined;
  if (backup) fs.renameSync(dist, backup);
  try {
    const t0 = Date.now();
    say('building examples/portal/app (production, --stats)…');
    const build = spawnSync(
      process.execPath,
      [cli, 'package', 'build', '--stats', '--config', '../app-config.yaml'],
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
    if (build.status !== 0)
      throw new Error(`app build failed:\n${build.stdout}\n${build.stderr}`);
    results.appBuildMs = Date.now() - t0;

    const all = jsSizes(path.join(dist, 'static'));
    results.appTotal = all;
    say(
      `app: ${all.files} JS files, ${kib(all.rawBytes)} raw, ${kib(all.gzipBytes)} gzipped (built in ${results.appBuildMs} ms)`,
    );

    const stats = JSON.parse(
      fs.readFileSync(path.join(dist, 'bundle-stats.json'), 'utf8'),
    );
    const chunks: StatsChunk[] = stats.chunks ?? [];
    const isPlugin = (m: StatsModule) =>
      /plugins\/release-readiness\/src\//.test(m.name ?? m.identifier ?? '');
    const isCommon = (m: StatsModule) =>
      /plugins\/release-readiness-common\/src\//.test(
        m.name ?? m.identifier ?? '',
      );

    // Chunks holding plugin or common modules, and chunks named after the plugin.
    const pluginChunks = chunks.filter(
      c =>
        flattenModules(c.modules).some(m => isPlugin(m) || isCommon(m)) ||
        (c.names ?? []).some(n => /release-readiness/.test(n)) ||
        (c.files ?? []).some(f => /release-readiness/.test(f)),
    );
    const chunkRows = pluginChunks.map(c => {
      const mods = flattenModules(c.modules);
      const files = (c.files ?? []).filter(f => f.endsWith('.js'));
      const raw = files.reduce(
        (s, f) => s + fs.statSync(path.join(dist, f)).size,
        0,
      );
      const gzip = files.reduce(
        (s, f) => s + gz(fs.readFileSync(path.join(dist, f))),
        0,
      );
      return {
        id: c.id,
        names: c.names ?? [],
        files,
        initial: Boolean(c.initial),
        rawBytes: raw,
        gzipBytes: gzip,
        pluginModules: mods.filter(isPlugin).length,
        pluginModuleBytes: mods
          .filter(isPlugin)
          .reduce((s, m) => s + (m.size ?? 0), 0),
        commonModuleBytes: mods
          .filter(isCommon)
          .reduce((s, m) => s + (m.size ?? 0), 0),
        otherModuleBytes: mods
          .filter(m => !isPlugin(m) && !isCommon(m))
          .reduce((s, m) => s + (m.size ?? 0), 0),
      };
    });
    // The plugin's (and common's) share of each chunk's gzipped size, by pre-minification module bytes.
    const share = (r: (typeof chunkRows)[number], bytes: number) => {
      const total =
        r.pluginModuleBytes + r.commonModuleBytes + r.otherModuleBytes;
      return total ? (r.gzipBytes * bytes) / total : 0;
    };
    const estimate = {
      pluginGzipBytes: Math.round(
        chunkRows.reduce((s, r) => s + share(r, r.pluginModuleBytes), 0),
      ),
      commonGzipBytes: Math.round(
        chunkRows.reduce((s, r) => s + share(r, r.commonModuleBytes), 0),
      ),
      asyncChunksOnlyPluginAndCommonGzipBytes: chunkRows
        .filter(r => !r.initial && r.otherModuleBytes === 0)
        .reduce((s, r) => s + r.gzipBytes, 0),
    };
    results.appEstimate = estimate;
    say(
      `app: plugin share ~${kib(estimate.pluginGzipBytes)} gzipped, common share ~${kib(estimate.commonGzipBytes)} gzipped ` +
        `(pro rata by module bytes per chunk); async chunks holding only plugin/common code: ${kib(estimate.asyncChunksOnlyPluginAndCommonGzipBytes)} gzipped`,
    );
    results.appChunksWithPlugin = chunkRows;
    for (const r of chunkRows) {
      say(
        `  chunk ${r.names.join(',') || r.id}${r.initial ? ' (initial)' : ' (async)'} ${r.files.join(' ')}: ` +
          `${kib(r.rawBytes)} raw, ${kib(r.gzipBytes)} gzipped; ${r.pluginModules} plugin modules ` +
          `(${kib(r.pluginModuleBytes)} before minification), common ${kib(r.commonModuleBytes)}, other ${kib(r.otherModuleBytes)}`,
      );
    }

    // The plugin's and the common package's modules wherever they ended up (sizes before minification).
    const modules: StatsModule[] = flattenModules(stats.modules ?? []);
    const pluginModuleBytes = modules
      .filter(isPlugin)
      .reduce((s, m) => s + (m.size ?? 0), 0);
    const commonModuleBytes = modules
      .filter(isCommon)
      .reduce((s, m) => s + (m.size ?? 0), 0);
    results.appPluginModules = {
      plugin: {
        count: modules.filter(isPlugin).length,
        bytes: pluginModuleBytes,
      },
      common: {
        count: modules.filter(isCommon).length,
        bytes: commonModuleBytes,
      },
    };
    say(
      `app stats: plugin modules ${kib(pluginModuleBytes)}, common modules ${kib(commonModuleBytes)} (pre-minification module sizes)`,
    );
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
    if (backup) fs.renameSync(backup, dist);
  }
}

async function main() {
  say('== release-readiness plugin package build (gzip -9, node zlib) ==');
  await packageSizes();
  if (!process.argv.includes('--no-app')) {
    say('== portal app production build ==');
    appSizes();
  }
  say(JSON.stringify(results));
}

main().catch(e => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
