/**
 * GitHub deployment protection rule for release readiness: GitHub Actions
 * environments wait for the Protocol 11 gate they require.
 *
 * @packageDocumentation
 */
export {
  releaseReadinessModuleGithub as default,
  DEPLOYMENT_PROTECTION_RULE_TOPIC,
} from './module';
export type { DeploymentProtectionRulePayload } from './payload';
