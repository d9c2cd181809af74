import {
  canonicalProtocol11Form,
  evaluateReleaseGates,
  formatFormIssue,
  GateResult,
  Protocol11Form,
  PROTOCOL11_FORM_FILE,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { promises as fs } from 'fs';
import { join } from 'path';
import { evidenceFromDirectory } from '../files/evidenceDirectory';
import { loadProtocol11FormFile } from '../files/readFormFile';
import {
  CLI_NAME,
  CliExitCode,
  CliIo,
  resolveArg,
  singleLine,
  writeLines,
} from './io';

/** Options of `release-readiness gate`. */
export interface GateOptions {
  dir: string;
  form?: string;
  require?: string;
  json?: boolean;
}

const STATUS_MARK: Record<string, string> = {
  passed: '✓',
  failed: '✗',
  pending: '…',
  blocked: '⊘',
  error: '!',
};

/** The gate a `--require` value names: an id, a number 1–3 or (part of) a gate name. */
function findGate(gates: GateResult[], wanted: string): GateResult | undefined {
  const w = wanted.trim().toLowerCase();
  return gates.find(
    (g, i) =>
      g.id === w ||
      String(i + 1) === w ||
      g.name.toLowerCase() === w ||
      g.name.toLowerCase().startsWith(w),
  );
}

/**
 * `gate --dir DIR [--form FORM.yaml] [--require GATE] [--json]`: evaluates the
 * evidence of a repository checked out at DIR. Exit 0 when the required gate
 * (default: all three) has passed, 1 when not, 2 on usage or I/O errors.
 */
export async function runGate(
  options: GateOptions,
  io: CliIo,
): Promise<CliExitCode> {
  const dir = resolveArg(io, options.dir);
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    io.stderr.write(`${CLI_NAME}: --dir ${options.dir} is not a directory\n`);
    return CliExitCode.UsageOrIo;
  }
  let form: Protocol11Form = canonicalProtocol11Form;
  let formSource = 'the canonical Protocol 11 form';
  const formPath = options.form
    ? resolveArg(io, options.form)
    : join(dir, PROTOCOL11_FORM_FILE);
  const explicit = options.form !== undefined;
  const exists = await fs.stat(formPath).then(
    s => s.isFile(),
    () => false,
  );
  if (explicit || exists) {
    const result = await loadProtocol11FormFile(formPath);
    if (!result.ok) {
      writeLines(io.stderr, [
        `${CLI_NAME}: ${options.form ?? formPath} is not a valid Protocol 11 form:`,
        ...result.issues.map(
          issue => `  ${singleLine(formatFormIssue(issue))}`,
        ),
      ]);
      return CliExitCode.UsageOrIo;
    }
    form = result.form;
    formSource = options.form ?? PROTOCOL11_FORM_FILE;
  }

  const readiness = await evaluateReleaseGates({
    form,
    files: evidenceFromDirectory(dir),
  });
  const required = options.require
    ? findGate(readiness.gates, options.require)
    : undefined;
  if (options.require && !required) {
    io.stderr.write(
      `${CLI_NAME}: --require ${options.require} names no gate; use one of ${RELEASE_GATE_IDS.join(', ')} (or 1, 2, 3)\n`,
    );
    return CliExitCode.UsageOrIo;
  }
  const passed = required
    ? required.status === 'passed'
    : readiness.gates.every(g => g.status === 'passed');

  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ passed, required: required?.id ?? 'all', readiness }, null, 2)}\n`,
    );
  } else {
    const lines = [`Evidence in ${options.dir}, gates from ${formSource}:`, ''];
    for (const gate of readiness.gates) {
      lines.push(
        `${STATUS_MARK[gate.status] ?? '?'} ${gate.name}: ${gate.status} — ${singleLine(gate.summary)}`,
      );
      if (gate.status !== 'passed') {
        for (const c of gate.criteria.filter(x => x.status !== 'passed')) {
          const where = c.field ? `${c.file} (${c.field})` : c.file;
          lines.push(
            `    ${STATUS_MARK[c.status] ?? '?'} ${where}: ${singleLine(c.reason)}`,
          );
        }
      }
    }
    lines.push('');
    const what = required ? required.name : 'every gate';
    lines.push(
      passed
        ? `PASSED: ${what} passed.`
        : `NOT PASSED: ${what} has not passed.`,
    );
    if (readiness.handoffReady)
      lines.push(
        'Handoff to Protocol 12 (Monitoring & Observability) is ready.',
      );
    writeLines(io.stdout, lines);
  }
  return passed ? CliExitCode.Ok : CliExitCode.Failed;
}
