/**
 * The `release-readiness` command line.
 *
 * @packageDocumentation
 */
export { runCli } from './runCli';
export { CliExitCode } from './io';
export type { CliIo, CliWritable } from './io';
