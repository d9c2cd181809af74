export { FileLink } from './FileLink';
export type { FileLinkProps } from './FileLink';
export { PathText } from './PathText';
export type { PathTextProps } from './PathText';
