/**
 * Node-only helpers for Protocol 11 release readiness: reading protocol files
 * from disk, and the `release-readiness` command line.
 *
 * @packageDocumentation
 */
export {
  readProtocol11FormFile,
  loadProtocol11FormFile,
} from './files/readFormFile';
export { readTextFile } from './files/readTextFile';
export { writeFileAtomic } from './files/writeFileAtomic';
export { evidenceFromDirectory } from './files/evidenceDirectory';
export { isPathInside, realPathInsideRoots } from './files/pathInside';
export { runCli, CliExitCode } from './cli';
export type { CliIo, CliWritable } from './cli';
export { releaseReadinessGatesExtensionPoint } from './extensions/gates';
export type {
  ReleaseGateChecker,
  ReleaseReadinessGatesExtensionPoint,
} from './extensions/gates';
