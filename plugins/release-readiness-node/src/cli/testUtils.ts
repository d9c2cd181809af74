import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { CliIo } from './io';

/** The repository root (the npm workspace root). */
export const repoRoot = path.resolve(__dirname, '../../../..');
/** The shared reference folder next to the repository. */
export const sharedDir = path.resolve(repoRoot, '../shared');
export const referenceDir = path.join(sharedDir, 'reference');
export const canonicalFormPath = path.join(
  referenceDir,
  'protocol-input-form-11-deployment.yaml',
);
export const binPath = path.join(
  repoRoot,
  'plugins/release-readiness-node/bin/release-readiness',
);

/** A stack trace line, which must never appear in the CLI's output. */
export const STACK_TRACE = /\n\s+at /;

/** What a finished CLI process left behind. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real bin as a child process from the repository root. */
export function runBin(
  args: string[],
  cwd: string = repoRoot,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', chunk => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}

/** A fresh temporary folder. */
export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'release-readiness-cli-'));
}

/** An in-memory {@link CliIo} for running the CLI in this process. */
export function memoryIo(
  cwd: string = repoRoot,
): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    cwd,
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    out: () => out,
    err: () => err,
  };
}

/** The canonical form with `edit` applied, written to `dir/name`. */
export function writeEditedForm(
  dir: string,
  name: string,
  edit: (yamlText: string) => string,
): string {
  const original = fs.readFileSync(canonicalFormPath, 'utf8');
  const edited = edit(original);
  if (edited === original)
    throw new Error(`the edit for ${name} changed nothing`);
  const file = path.join(dir, name);
  fs.writeFileSync(file, edited);
  return file;
}

/** Replaces the n-th (from 1) occurrence of `search` in `text`. */
export function replaceNth(
  text: string,
  search: string,
  n: number,
  replacement: string,
): string {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = text.indexOf(search, at + 1);
    if (at < 0) throw new Error(`"${search}" occurs fewer than ${n} times`);
  }
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}
