#!/usr/bin/env node
/*
 * `npm run demo`: a demo of the release-readiness CLI.
 * Runs the real command line (a child process through the package's bin, as
 * `npx release-readiness` would) to generate the Protocol 11 document from the
 * canonical form into examples/out/, then validates it and prints a summary.
 */
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..');
const bin = path.join(
  repoRoot,
  'plugins/release-readiness-node/bin/release-readiness',
);
const form = path.join(repoRoot, 'examples/forms/canonical.yaml');
const outDir = path.join(repoRoot, 'examples/out');
const documentFile = path.join(
  outDir,
  '11-production-deployment-release-management.md',
);
const rel = file => path.relative(process.cwd(), file) || '.';

function cli(args) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.error) throw run.error;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function main() {
  if (!fs.existsSync(form)) {
    process.stderr.write(`start: the canonical form ${rel(form)} is missing\n`);
    return 2;
  }
  console.log(
    'Protocol 11 – Production Deployment & Release Management: CLI demo',
  );
  console.log(
    `$ npx release-readiness generate --form ${rel(form)} --out ${rel(outDir)}`,
  );
  const generated = cli(['generate', '--form', form, '--out', outDir]);
  process.stdout.write(generated.stdout);
  process.stderr.write(generated.stderr);
  if (generated.code !== 0) return generated.code ?? 2;

  console.log(
    `$ npx release-readiness validate ${rel(documentFile)} --form ${rel(form)} --json`,
  );
  const validated = cli(['validate', documentFile, '--form', form, '--json']);
  process.stderr.write(validated.stderr);
  if (validated.code === 2 || !validated.stdout.trim())
    return validated.code ?? 2;
  const report = JSON.parse(validated.stdout);
  const failed = report.checks.filter(c => !c.passed);
  for (const check of failed) console.log(`  ✗ ${check.id}: ${check.message}`);
  console.log('');
  console.log(`Document: ${documentFile}`);
  console.log(
    `Checks:   ${report.checks.length - failed.length}/${report.checks.length} playbook checks passed — ${report.passed ? 'PASSED' : 'FAILED'}`,
  );
  console.log('');
  console.log(
    'Try: npx release-readiness --help   (more forms in examples/forms/)',
  );
  return validated.code ?? 2;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(
    `start: ${error && error.message ? error.message : error}\n`,
  );
  process.exitCode = 2;
}
