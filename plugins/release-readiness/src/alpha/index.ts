/**
 * The release-readiness plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
import { releaseReadinessPlugin } from './plugin';

export { releaseReadinessPlugin };
export { releaseReadinessApi } from './apis';
export { releaseReadinessEntityCard } from './entityCard';
export { releaseReadinessEntityContent } from './entityContent';
export { releaseCompliancePage } from './page';
export { releaseReadinessTranslationRef } from '../translation';

export default releaseReadinessPlugin;
