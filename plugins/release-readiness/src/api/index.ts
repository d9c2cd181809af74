export { releaseReadinessApiRef } from './ReleaseReadinessApi';
export type { ReleaseReadinessApi } from './ReleaseReadinessApi';
export { ReleaseReadinessClient } from './ReleaseReadinessClient';
export { encodeComplianceQuery } from './query';
