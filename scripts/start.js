#!/usr/bin/env node
/*
 * `npm start`: the demo portal. Starts the Backstage backend (catalog,
 * scaffolder with the Protocol 11 actions, release readiness; embedded SQLite;
 * sample services read from examples/services) and the Backstage app (dev
 * server), prefixes their output, and stops both on Ctrl-C.
 */
'use strict';

const { spawn } = require('child_process');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..');
const portal = path.join(repoRoot, 'examples/portal');
const cli = path.join(repoRoot, 'node_modules/@backstage/cli/bin/backstage-cli');
const extraConfig = process.argv.slice(2).flatMap(file => ['--config', path.resolve(file)]);

const children = [];
let stopping = false;

function start(name, dir, colour) {
  const child = spawn(process.execPath, [cli, 'package', 'start', '--config', '../app-config.yaml', ...extraConfig], {
    cwd: path.join(portal, dir),
    env: { ...process.env, FORCE_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping reaches the processes the CLI starts too.
    detached: true,
  });
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
      process.stdout.write(`${prefix}exited with code ${code}; stopping the portal\n`);
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
  Promise.all(children.map(c => (c.exitCode !== null ? null : new Promise(r => c.once('exit', r))))).then(() => {
    for (const child of children) killGroup(child, 'SIGKILL');
    process.exit(code);
  });
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGHUP', () => stop(0));

process.stdout.write(
  [
    'Starting the Protocol 11 release readiness portal…',
    '  backend: http://localhost:7007 (SQLite in memory, sample services from examples/services)',
    '  app:     http://localhost:3000  ← open this once "[app] … compiled" appears (first build takes about two minutes)',
    '',
  ].join('\n'),
);
start('backend', 'backend', '36');
start('app', 'app', '35');
