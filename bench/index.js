#!/usr/bin/env node
/*
 * `npm run bench` (bench/index.js): how fast the Protocol 11 engine renders and validates the
 * canonical form's document, next to nunjucks (the engine behind Backstage's
 * fetch:template) rendering the same bytes from bench/engine/protocol11.njk.
 *
 * The engine is compiled in memory with esbuild (see loadEngine), else loaded
 * through tsx's register API. Timed: renderProtocol11Document(form) (form check + model + render), the
 * nunjucks template's render(model) with the model built once beforehand (the
 * strictest comparison for us), render(buildDocumentModel(form)) for reference,
 * and validateProtocol11Document(doc, { form }). The template is compiled once,
 * before timing, and its output is checked byte for byte against ours.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..');
const commonSrc = path.join(repoRoot, 'plugins/release-readiness-common/src');
const nunjucks = require('nunjucks');

/** What the bench needs from the engine: its API, escaping helpers and model. */
const ENTRY = `
export * from './index';
export { inline, codeSpan, headingText, oneLine, fencedBlock } from './document/markdown';
export { buildDocumentModel } from './document/merge';
`;

/**
 * The engine compiled the way a package build compiles it (esbuild, as
 * Backstage's package build uses): one in-memory CommonJS bundle of the
 * TypeScript sources, dependencies left to node_modules. tsx's register hook
 * is the fallback (BENCH_LOADER=tsx forces it); it transpiles with keepNames,
 * which wraps every closure in a naming call and slows hot code measurably.
 */
function loadEngine() {
  if (process.env.BENCH_LOADER !== 'tsx') {
    let esbuild;
    try {
      esbuild = require('esbuild');
    } catch {
      esbuild = undefined;
    }
    if (esbuild) {
      const result = esbuild.buildSync({
        stdin: {
          contents: ENTRY,
          resolveDir: commonSrc,
          sourcefile: 'bench-entry.ts',
          loader: 'ts',
        },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        packages: 'external',
        write: false,
      });
      const Module = require('module');
      const filename = path.join(commonSrc, 'bench-entry.cjs');
      const bundle = new Module(filename, module);
      bundle.filename = filename;
      bundle.paths = Module._nodeModulePaths(commonSrc);
      bundle._compile(result.outputFiles[0].text, filename);
      return {
        loader: `esbuild ${esbuild.version} bundle`,
        api: bundle.exports,
      };
    }
  }
  require('tsx/cjs/api').register();
  const api = {
    ...require(path.join(commonSrc, 'index.ts')),
    ...require(path.join(commonSrc, 'document/markdown.ts')),
    ...require(path.join(commonSrc, 'document/merge.ts')),
  };
  return { loader: 'tsx register (keepNames)', api };
}

const { loader, api: engine } = loadEngine();
const markdown = engine;
const { buildDocumentModel } = engine;

const RENDER_ITERATIONS = Number(process.env.BENCH_RENDER_ITERATIONS || 5000);
const VALIDATE_ITERATIONS = Number(
  process.env.BENCH_VALIDATE_ITERATIONS || 1000,
);
const WARMUP = Number(process.env.BENCH_WARMUP || 1000);

function loadCanonicalForm() {
  const candidates = [
    path.join(repoRoot, 'examples/forms/canonical.yaml'),
    path.resolve(
      repoRoot,
      '../shared/reference/protocol-input-form-11-deployment.yaml',
    ),
  ];
  const file = candidates.find(f => fs.existsSync(f));
  if (!file)
    throw new Error(
      `no canonical form found (looked at ${candidates.join(', ')})`,
    );
  const result = engine.parseProtocol11Form(fs.readFileSync(file, 'utf8'));
  if (!result.ok) {
    throw new Error(
      `${file} is not a valid form:\n${result.issues.map(engine.formatFormIssue).join('\n')}`,
    );
  }
  return { file, form: result.form };
}

function createTemplate() {
  const env = new nunjucks.Environment(null, {
    autoescape: false,
    trimBlocks: true,
    lstripBlocks: true,
    throwOnUndefined: false,
  });
  // Escaping helpers: the engine's own, so both renderers place text the same way.
  env.addFilter('inline', (text, containerPrefix) =>
    markdown.inline(text, containerPrefix),
  );
  env.addFilter('codeSpan', text => markdown.codeSpan(text));
  env.addFilter('headingText', text => markdown.headingText(text));
  env.addFilter('oneLine', text => markdown.oneLine(text));
  env.addFilter('fencedBlock', (entries, info = '', indent = '') =>
    markdown.fencedBlock(entries, info, indent),
  );
  env.addFilter('lines', text => {
    const all = String(text).split('\n');
    if (all[all.length - 1] === '') all.pop();
    return all;
  });
  // Tests for select/reject.
  const phaseOf = line => /\[PHASE (\d+) /.exec(line)?.[1];
  env.addTest('phased', line => phaseOf(line) !== undefined);
  env.addTest('phase', (line, n) => phaseOf(line) === String(n));
  env.addTest('strayPhase', (line, count) => {
    const n = phaseOf(line);
    return (
      n !== undefined &&
      !(Number(n) >= 1 && Number(n) <= count && String(Number(n)) === n)
    );
  });
  env.addTest('containing', (text, part) => text.includes(part));
  env.addTest('numbered', (entry, n) => entry.number === n);
  // Constants of the playbook and the renderer.
  env.addGlobal('ITEM', '   ');
  env.addGlobal('BULLET', '     ');
  env.addGlobal('QUOTE', '     > ');
  env.addGlobal('DEFAULT_MISSION', engine.DEFAULT_MISSION);
  env.addGlobal('DEFAULT_HALT_CONDITION', engine.DEFAULT_HALT_CONDITION);
  env.addGlobal('EVIDENCE_DIR', engine.EVIDENCE_DIR);
  env.addGlobal('PROTOCOL12_HANDOFF_LINE', engine.PROTOCOL12_HANDOFF_LINE);

  const templatePath = path.join(__dirname, 'engine/protocol11.njk');
  // Compiled once; every timed call only renders.
  return nunjucks.compile(
    fs.readFileSync(templatePath, 'utf8'),
    env,
    templatePath,
    true,
  );
}

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const line = a.slice(0, i).split('\n').length;
  const show = s => JSON.stringify(s.slice(Math.max(0, i - 60), i + 60));
  return `first difference at character ${i} (line ${line}):\n  ours:     ${show(a)}\n  nunjucks: ${show(b)}`;
}

function time(iterations, fn) {
  const samples = new Float64Array(iterations);
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    const out = fn();
    samples[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    sink += typeof out === 'string' ? out.length : 1;
  }
  const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
  samples.sort();
  const at = q => samples[Math.min(iterations - 1, Math.floor(q * iterations))];
  return {
    iterations,
    perSecond: Math.round((iterations / totalMs) * 1000),
    medianMs: at(0.5),
    p95Ms: at(0.95),
    sink,
  };
}

const fmt = ms => `${ms.toFixed(3)} ms`;

function main() {
  const started = Date.now();
  const { file, form } = loadCanonicalForm();
  const template = createTemplate();
  const model = buildDocumentModel(form);

  const ours = engine.renderProtocol11Document(form);
  const theirs = template.render({ model });
  if (ours !== theirs) {
    throw new Error(
      `nunjucks output differs from renderProtocol11Document\n${firstDifference(ours, theirs)}`,
    );
  }
  // The template must hold for every example form, not only the canonical one.
  const formsDir = path.join(repoRoot, 'examples/forms');
  const exampleForms = fs.existsSync(formsDir)
    ? fs.readdirSync(formsDir).filter(f => f.endsWith('.yaml'))
    : [];
  for (const name of exampleForms) {
    const parsed = engine.parseProtocol11Form(
      fs.readFileSync(path.join(formsDir, name), 'utf8'),
    );
    if (!parsed.ok) continue;
    const a = engine.renderProtocol11Document(parsed.form);
    const b = template.render({ model: buildDocumentModel(parsed.form) });
    if (a !== b)
      throw new Error(
        `nunjucks output differs for examples/forms/${name}\n${firstDifference(a, b)}`,
      );
  }
  const report = engine.validateProtocol11Document(ours, { form });
  if (!report.passed)
    throw new Error('the canonical document does not pass validation');

  console.log(
    `Protocol 11 bench — form ${path.relative(process.cwd(), file)}, engine loaded as ${loader}`,
  );
  console.log(
    `nunjucks template output is byte-identical to renderProtocol11Document (${Buffer.byteLength(ours)} bytes; also for ${exampleForms.length} forms in examples/forms)`,
  );
  console.log(
    `warm-up ${WARMUP}, then ${RENDER_ITERATIONS} renders and ${VALIDATE_ITERATIONS} validations each\n`,
  );

  const renderOurs = () => engine.renderProtocol11Document(form);
  const renderNunjucks = () => template.render({ model });
  const renderNunjucksWithModel = () =>
    template.render({ model: buildDocumentModel(form) });
  const validate = () => engine.validateProtocol11Document(ours, { form });

  for (let i = 0; i < WARMUP; i++) {
    renderOurs();
    renderNunjucks();
    renderNunjucksWithModel();
    validate();
  }

  // Interleave two rounds so neither side always runs on a hotter or colder VM.
  const half = Math.ceil(RENDER_ITERATIONS / 2);
  const merge = (a, b) => ({
    iterations: a.iterations + b.iterations,
    perSecond: Math.round((a.perSecond + b.perSecond) / 2),
    medianMs: (a.medianMs + b.medianMs) / 2,
    p95Ms: Math.max(a.p95Ms, b.p95Ms),
  });
  const oursA = time(half, renderOurs);
  const njkA = time(half, renderNunjucks);
  const njkModelA = time(half, renderNunjucksWithModel);
  const njkB = time(half, renderNunjucks);
  const oursB = time(half, renderOurs);
  const njkModelB = time(half, renderNunjucksWithModel);
  const oursRender = merge(oursA, oursB);
  const njkRender = merge(njkA, njkB);
  const njkModelRender = merge(njkModelA, njkModelB);
  const validation = time(VALIDATE_ITERATIONS, validate);

  const ratio = oursRender.medianMs / njkRender.medianMs;
  const ratioWithModel = oursRender.medianMs / njkModelRender.medianMs;
  const throughputRatio = njkRender.perSecond / oursRender.perSecond;
  const row = (name, r) =>
    `${name.padEnd(48)} ${String(r.perSecond).padStart(7)} docs/s   median ${fmt(r.medianMs)}   p95 ${fmt(r.p95Ms)}`;
  console.log(row('render: renderProtocol11Document(form)', oursRender));
  console.log(row('render: nunjucks template.render(model)', njkRender));
  console.log(
    row('render: nunjucks render(buildDocumentModel(form))', njkModelRender),
  );
  console.log(
    row('validate: validateProtocol11Document(doc, {form})', validation),
  );
  console.log('');
  console.log(
    `ratio ours/nunjucks (median render): ${ratio.toFixed(2)}  (goal <= 1.0: ${ratio <= 1 ? 'met' : 'NOT met'}); against nunjucks with model building: ${ratioWithModel.toFixed(2)}; by throughput: ${throughputRatio.toFixed(2)}`,
  );
  console.log(
    `validation median: ${fmt(validation.medianMs)}  (goal <= 5 ms: ${validation.medianMs <= 5 ? 'met' : 'NOT met'})`,
  );
  const round = n => Math.round(n * 1000) / 1000;
  console.log(
    JSON.stringify({
      loader,
      documentBytes: Buffer.byteLength(ours),
      renderIterations: RENDER_ITERATIONS,
      validateIterations: VALIDATE_ITERATIONS,
      oursRenderPerSecond: oursRender.perSecond,
      oursRenderMedianMs: round(oursRender.medianMs),
      nunjucksRenderPerSecond: njkRender.perSecond,
      nunjucksRenderMedianMs: round(njkRender.medianMs),
      nunjucksWithModelRenderMedianMs: round(njkModelRender.medianMs),
      ratioOursToNunjucks: round(ratio),
      ratioOursToNunjucksWithModel: round(ratioWithModel),
      ratioOursToNunjucksByThroughput: round(throughputRatio),
      validatePerSecond: validation.perSecond,
      validateMedianMs: round(validation.medianMs),
      validateP95Ms: round(validation.p95Ms),
      totalSeconds: round((Date.now() - started) / 1000),
    }),
  );
}

try {
  main();
} catch (error) {
  process.stderr.write(
    `bench: ${error && error.message ? error.message : error}\n`,
  );
  process.exitCode = 1;
}

/**
 * Then the template dry-run bench (bench/template-dryrun.ts): our
 * template's dry run against a single fetch:template step rendering the same
 * document, in one Backstage backend. It runs in a child process under tsx
 * (it boots a backend from TypeScript sources) and prints its own report.
 * BENCH_SKIP_DRYRUN=1 skips it.
 */
function runTemplateDryRunBench() {
  runTsBench(path.join(__dirname, 'template-dryrun.ts'), 'template dry-run');
}

/** Runs a TypeScript bench in a child process under tsx, passing its output through. */
function runTsBench(script, name, env = {}) {
  const { spawnSync } = require('child_process');
  let tsxCli;
  try {
    tsxCli = require.resolve('tsx/cli');
  } catch {
    tsxCli = path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs');
  }
  console.log('');
  const result = spawnSync(process.execPath, [tsxCli, script], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.error || result.status !== 0) {
    process.stderr.write(
      `bench: ${name} bench failed (${result.error ? result.error.message : `exit ${result.status ?? result.signal}`})\n`,
    );
    process.exitCode = 1;
  }
}

if (process.env.BENCH_SKIP_DRYRUN !== '1') runTemplateDryRunBench();

/*
 * Then the readiness backend's bench (bench/backend):
 * the compliance query at 10,000 and 100,000 stored entities on SQLite and, when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set, PostgreSQL; a full
 * evaluation of 10,000 entities; 50 concurrent clients for 30 s. Several minutes.
 * BENCH_SKIP_BACKEND=1 skips it.
 */
if (process.env.BENCH_SKIP_BACKEND !== '1') {
  runTsBench(path.join(__dirname, 'backend/bench.ts'), 'readiness backend');
}

/*
 * Then the SCM bench (bench/backend/scm.ts): GitHub requests per hour for
 * 10,000 GitHub-hosted entities with 2% changing a day under the default
 * configuration, memory growth for 20 concurrent refreshes of 300 MB documents,
 * and the crash-refresh time after SIGKILL (with PostgreSQL). Under a minute.
 * BENCH_SKIP_SCM=1 skips it.
 */
if (process.env.BENCH_SKIP_SCM !== '1') {
  runTsBench(path.join(__dirname, 'backend/scm.ts'), 'SCM');
}

/*
 * Opt-in (BENCH_FRESHNESS=1; starts the demo portal on ports 3000/7007, so run
 * `flock /tmp/portal.lock npm run bench` where others share the machine): to
 * the new status on an open card in Chromium, p50/p95 over 20 changes
 * (bench/frontend/freshness.ts), from a file written into a sample service's
 * evidence folder, then from a signed GitHub push webhook's arrival (a fake
 * GitHub on 127.0.0.1 holds the service's repository).
 */
if (process.env.BENCH_FRESHNESS === '1') {
  for (const source of ['local', 'webhook'])
    runTsBench(
      path.join(__dirname, 'frontend/freshness.ts'),
      `freshness (${source})`,
      { FRESHNESS_SOURCE: source },
    );
}
