#!/usr/bin/env node
/*
 * `npm start`: the demo portal. Starts the Backstage backend (catalog,
 * scaffolder with the Protocol 11 actions, release readiness; embedded SQLite;
 * sample services read from examples/services) and the Backstage app (dev
 * server), prefixes their output, and stops both on Ctrl-C.
 */
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..');
const portal = path.join(repoRoot, 'examples/portal');
const cli = path.join(
  repoRoot,
  'node_modules/@backstage/cli/bin/backstage-cli',
);
const extraConfig = process.argv
  .slice(2)
  .flatMap(file => ['--config', path.resolve(file)]);

const children = [];
let stopping = false;

function start(name, dir, colour) {
  const child = spawn(
    process.execPath,
    [cli, 'package', 'start', '--config', '../app-config.yaml', ...extraConfig],
    {
      cwd: path.join(portal, dir),
      env: { ...process.env, FORCE_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so stopping reaches the processes the CLI starts too.
      detached: true,
    },
  );
  const prefix = `\x1b[${colour}m[${name}]\x1b[0m `;
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', chunk => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop();
      for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
    });
  }
  child.on('exit', code => {
    if (!stopping) {
      process.stdout.write(
        `${prefix}exited with code ${code}; stopping the portal\n`,
      );
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) killGroup(child, 'SIGTERM');
  // Whatever has not stopped after five seconds is killed.
  setTimeout(() => {
    for (const child of children) killGroup(child, 'SIGKILL');
    process.exit(code);
  }, 5000).unref();
  // The CLI can exit before the processes it started (the backend's node ignores SIGTERM):
  // once it has, whatever is left of its process group is killed too.
  Promise.all(
    children.map(c =>
      c.exitCode !== null ? null : new Promise(r => c.once('exit', r)),
    ),
  ).then(() => {
    for (const child of children) killGroup(child, 'SIGKILL');
    process.exit(code);
  });
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGHUP', () => stop(0));

/**
 * The portal works on a copy of the sample services, made afresh at each start in
 * examples/portal/demo-data (ignored by git), so the template's local delivery and
 * copied evidence never touch examples/services. The copy's catalog file is the
 * repository's catalog-info.yaml with the sample services' targets pointed at the copy.
 */
function prepareDemoData() {
  const { parseAllDocuments } = require('yaml');
  const dataDir = path.join(portal, 'demo-data');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  fs.cpSync(
    path.join(repoRoot, 'examples/services'),
    path.join(dataDir, 'services'),
    { recursive: true },
  );
  const docs = parseAllDocuments(
    fs.readFileSync(path.join(repoRoot, 'catalog-info.yaml'), 'utf8'),
  );
  for (const doc of docs) {
    if (doc.get('kind') !== 'Location') continue;
    const targets = doc.getIn(['spec', 'targets']).toJSON();
    const moved = targets.map(target =>
      target.startsWith('./examples/services/')
        ? `./services/${target.slice('./examples/services/'.length)}`
        : path.relative(dataDir, path.join(repoRoot, target)),
    );
    doc.setIn(['spec', 'targets'], moved);
  }
  fs.writeFileSync(
    path.join(dataDir, 'catalog-info.yaml'),
    `# Written by scripts/start.js from the repository's catalog-info.yaml; the sample services are a copy.\n${docs.map(String).join('')}`,
  );
}

prepareDemoData();

process.stdout.write(
  [
    'Starting the Protocol 11 release readiness portal…',
    '  backend: http://localhost:7007 (SQLite in memory, a copy of examples/services in examples/portal/demo-data)',
    '  app:     http://localhost:3000  ← open this once "[app] … compiled" appears (first build takes about two minutes)',
    '',
  ].join('\n'),
);
start('backend', 'backend', '36');
start('app', 'app', '35');
