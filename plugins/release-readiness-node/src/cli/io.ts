import path from 'path';

/** Somewhere the CLI writes text: `process.stdout`, or a buffer in tests. @public */
export interface CliWritable {
  write(text: string): unknown;
}

/** Where the CLI writes and which folder relative paths start from. @public */
export interface CliIo {
  stdout: CliWritable;
  stderr: CliWritable;
  /** Folder that relative paths in arguments are resolved against. */
  cwd: string;
}

/**
 * Exit codes of the `release-readiness` command line.
 * @public
 */
export const CliExitCode = {
  /** The command did what it was asked and every check passed. */
  Ok: 0,
  /** The input was read but is not good: an invalid form, a failing document. */
  Failed: 1,
  /** Usage errors (unknown option, missing argument) and unreadable or unwritable files. */
  UsageOrIo: 2,
} as const;

/** One of the {@link (CliExitCode:variable)} values. @public */
// eslint-disable-next-line @typescript-eslint/no-redeclare -- the values and their type share one name
export type CliExitCode = (typeof CliExitCode)[keyof typeof CliExitCode];

/** The process's own streams and working folder. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}

/** Resolves a path given on the command line against the CLI's working folder. */
export function resolveArg(io: CliIo, file: string): string {
  return path.resolve(io.cwd, file);
}

/** Writes lines, each ending with a newline. */
export function writeLines(out: CliWritable, lines: string[]): void {
  if (lines.length > 0) out.write(`${lines.join('\n')}\n`);
}

/** The CLI's name, used as the prefix of its error lines. */
export const CLI_NAME = 'release-readiness';

/** Text on one line: line breaks and the space around them become one space. */
export function singleLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
