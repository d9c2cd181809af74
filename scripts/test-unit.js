#!/usr/bin/env node
/**
 * Runs every test (`backstage-cli repo test`) with its own temporary folder:
 * TMPDIR and RUNNER_TEMP point into one folder made for this run, and that
 * folder is removed when the run ends, whether it passed, failed or was
 * interrupted (SIGINT, SIGTERM, SIGHUP are passed on to the test run first).
 * Backstage's test utilities keep their mock directories when CI is set, and
 * browser and PostgreSQL tests write profiles and data folders; none of it
 * outlives the run. CI defaults to true, so Jest never starts in watch mode.
 */
const { spawn } = require('node:child_process');
const { chmodSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const runTmp = mkdtempSync(join(tmpdir(), 'release-readiness-test-run-'));
// Like /tmp: the embedded PostgreSQL server runs as its own user (as root, initdb
// drops to `postgres`) and must read the files it is given here.
chmodSync(runTmp, 0o1777);
const cleanup = () => rmSync(runTmp, { recursive: true, force: true });

const child = spawn(
  process.execPath,
  [
    require.resolve('@backstage/cli/bin/backstage-cli'),
    'repo',
    'test',
    ...process.argv.slice(2),
  ],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      CI: process.env.CI ?? 'true',
      TMPDIR: runTmp,
      RUNNER_TEMP: runTmp,
    },
  },
);

let signalled;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    signalled = signal;
    child.kill(signal);
  });
}

child.on('exit', (code, signal) => {
  cleanup();
  if (signalled || signal) process.exit(128 + 2);
  process.exit(code ?? 1);
});
