import path from 'path';
import {
  formatFormIssue,
  PROTOCOL11_DOCUMENT_FILE,
  renderProtocol11Document,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { loadProtocol11FormFile } from '../files/readFormFile';
import { writeFileAtomic } from '../files/writeFileAtomic';
import {
  CLI_NAME,
  CliExitCode,
  CliIo,
  resolveArg,
  singleLine,
  writeLines,
} from './io';

/** Options of `release-readiness generate`. */
export interface GenerateOptions {
  form: string;
  out: string;
}

/**
 * `generate --form FORM.yaml --out DIR`: renders the document for a form into
 * `DIR/11-production-deployment-release-management.md`. Nothing is written
 * unless the form is valid, and the document appears whole or not at all.
 * Throws only for files that cannot be read or written.
 */
export async function runGenerate(
  options: GenerateOptions,
  io: CliIo,
): Promise<CliExitCode> {
  const formPath = resolveArg(io, options.form);
  const result = await loadProtocol11FormFile(formPath);
  if (!result.ok) {
    const count = result.issues.length;
    writeLines(io.stderr, [
      `${CLI_NAME}: ${options.form} is not a valid Protocol 11 form (${count} problem${count === 1 ? '' : 's'}); nothing was written:`,
      ...result.issues.map(issue => `  ${singleLine(formatFormIssue(issue))}`),
    ]);
    return CliExitCode.Failed;
  }
  const document = renderProtocol11Document(result.form);
  const target = path.join(
    resolveArg(io, options.out),
    PROTOCOL11_DOCUMENT_FILE,
  );
  await writeFileAtomic(target, document);
  writeLines(io.stdout, [`Wrote ${target} (generated from ${formPath})`]);
  return CliExitCode.Ok;
}
