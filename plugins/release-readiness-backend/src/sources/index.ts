export type {
  RepositoryReader,
  RepositoryReadOptions,
  RepositoryFileResult,
  RepositoryFolderResult,
  RepositoryProbeResult,
  RevisionProbeResult,
} from './types';
export { RequestMeter } from './types';
export { ScmRateLimitError, rateLimitOf } from './rateLimit';
export { GithubRevisionProbe } from './githubRevision';
export { ScmRevisionProbe } from './revisionProbe';
export type { RevisionProbe } from './revisionProbe';
export { entitySourceOf, pushTouches, fileTouches } from './watch';
export type { EntitySource, PushChange } from './watch';
export { UrlRepositoryReader } from './urlReader';
export { LocalFolderReader } from './localFolder';
export { RoutingRepositoryReader } from './routing';
export { protocolLocationOf, hasProtocolAnnotation } from './location';
export type { ProtocolLocation, ProtocolLocationResult } from './location';
export { readProtocol } from './readProtocol';
export type { ProtocolReadResult, SourceFingerprint } from './readProtocol';
