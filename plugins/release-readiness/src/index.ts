/**
 * Release readiness for Protocol 11 – Production Deployment & Release
 * Management: entity card, entity tab and catalog-wide compliance page,
 * for the legacy frontend system (the new one is in `./alpha`).
 *
 * @packageDocumentation
 */
export {
  releaseReadinessPlugin,
  EntityReleaseReadinessCard,
  EntityReleaseReadinessContent,
  ReleaseCompliancePage,
} from './plugin';
export type { ReadinessCardProps } from './components/ReadinessCard/ReadinessCard';
export {
  releaseComplianceRouteRef,
  releaseReadinessEntityContentRouteRef,
} from './routes';
export { isReleaseReadinessAvailable } from './conditions';
export {
  releaseReadinessApiRef,
  ReleaseReadinessClient,
  encodeComplianceQuery,
} from './api';
export type { ReleaseReadinessApi } from './api';
export { releaseReadinessTranslationRef } from './translation';
export {
  DEFAULT_PROTOCOL12_URL,
  protocol12Url,
  protocol11TemplateUrl,
  entityReadinessTabPath,
  evidenceFileUrl,
} from './links';
export { PROTOCOL11_ANNOTATION } from '@release-readiness/backstage-plugin-release-readiness-common';
