import { CustomErrorBase } from '@backstage/errors';
import { CommanderError } from 'commander';
import { CLI_NAME, CliExitCode, CliIo, processIo, singleLine } from './io';
import { createProgram } from './program';

/** Commander outcomes that are not errors: help or version was asked for. */
const NOT_AN_ERROR = new Set(['commander.helpDisplayed', 'commander.version']);

/**
 * Runs the `release-readiness` command line in this process and resolves to
 * its exit code; never calls `process.exit` and never throws.
 *
 * Exit codes ({@link (CliExitCode:variable)}): 0 success, 1 an invalid form or a failing
 * document, 2 usage errors, unreadable or unwritable files and unexpected
 * errors. Errors are reported as one line each on `io.stderr`, without stack
 * traces.
 *
 * @param argv - the arguments after the program name, e.g. `['validate', 'doc.md']`
 * @param io - streams and working folder; defaults to the process's own
 * @public
 */
export async function runCli(
  argv: string[],
  io: CliIo = processIo(),
): Promise<CliExitCode> {
  let exitCode: CliExitCode = CliExitCode.Ok;
  const program = createProgram(io, code => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help text).
      return NOT_AN_ERROR.has(error.code) || error.exitCode === 0
        ? CliExitCode.Ok
        : CliExitCode.UsageOrIo;
    }
    const message = error instanceof Error ? error.message : String(error);
    // Errors from @backstage/errors are the expected ones (files that cannot be
    // read or written); anything else is a defect, still reported on one line.
    const prefix = error instanceof CustomErrorBase ? '' : 'unexpected error: ';
    io.stderr.write(`${CLI_NAME}: ${prefix}${singleLine(message)}\n`);
    return CliExitCode.UsageOrIo;
  }
}
