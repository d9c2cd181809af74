import {
  formatFormIssue,
  Protocol11Form,
  PROTOCOL11_CHECK_IDS,
  validateProtocol11Document,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { loadProtocol11FormFile } from '../files/readFormFile';
import { readTextFile } from '../files/readTextFile';
import {
  CLI_NAME,
  CliExitCode,
  CliIo,
  resolveArg,
  singleLine,
  writeLines,
} from './io';

/** Options of `release-readiness validate`. */
export interface ValidateOptions {
  form?: string;
  json?: boolean;
}

/** The `--json` output: exactly these keys. */
interface JsonReport {
  passed: boolean;
  checks: { id: string; passed: boolean; message: string }[];
}

/**
 * `validate DOC.md [--form FORM.yaml] [--json]`: checks a document against the
 * playbook. Exit 0 when every check passes, 1 when any fails, 2 when a file
 * cannot be read or the form given with `--form` is invalid.
 */
export async function runValidate(
  document: string,
  options: ValidateOptions,
  io: CliIo,
): Promise<CliExitCode> {
  const markdown = await readTextFile(resolveArg(io, document), 'document');
  let form: Protocol11Form | undefined;
  if (options.form !== undefined) {
    const result = await loadProtocol11FormFile(resolveArg(io, options.form));
    if (!result.ok) {
      writeLines(io.stderr, [
        `${CLI_NAME}: --form ${options.form} is not a valid Protocol 11 form, so the document was not checked:`,
        ...result.issues.map(
          issue => `  ${singleLine(formatFormIssue(issue))}`,
        ),
      ]);
      return CliExitCode.UsageOrIo;
    }
    form = result.form;
  }

  const report = validateProtocol11Document(markdown, { form });
  if (options.json) {
    const json: JsonReport = {
      passed: report.passed,
      checks: report.checks.map(c => ({
        id: c.id,
        passed: c.passed,
        message: c.message,
      })),
    };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    const failed = report.checks.filter(c => !c.passed).length;
    const total = report.checks.length;
    const skipped = PROTOCOL11_CHECK_IDS.length - total;
    writeLines(io.stdout, [
      ...report.checks.map(
        c => `${c.passed ? '✓' : '✗'} ${c.id}: ${singleLine(c.message)}`,
      ),
      '',
      report.passed
        ? `PASSED: ${document} meets the Protocol 11 playbook (${total}/${total} checks passed).`
        : `FAILED: ${document} misses the Protocol 11 playbook (${failed} of ${total} checks failed).`,
      ...(skipped > 0
        ? [
            `(${skipped} word-for-word check${skipped === 1 ? '' : 's'} skipped: pass --form FORM.yaml to run them.)`,
          ]
        : []),
    ]);
  }
  return report.passed ? CliExitCode.Ok : CliExitCode.Failed;
}
