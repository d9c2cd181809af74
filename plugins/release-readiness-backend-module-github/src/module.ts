import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { releaseReadinessGatesExtensionPoint } from '@release-readiness/backstage-plugin-release-readiness-node';
import { GithubCallback } from './callback';
import { readDeploymentProtectionConfig } from './config';
import { parseDeploymentProtectionRulePayload } from './payload';
import { DeploymentProtection } from './protection';

/**
 * The events topic the GitHub events module publishes `deployment_protection_rule` webhooks under.
 * @public
 */
export const DEPLOYMENT_PROTECTION_RULE_TOPIC =
  'github.deployment_protection_rule';

/**
 * Makes the Protocol 11 gates a custom deployment protection rule of GitHub
 * Actions environments. Receives `deployment_protection_rule` webhooks through
 * Backstage's events system (ingress and signature check by
 * `@backstage/plugin-events-backend-module-github`, topic
 * `github.deployment_protection_rule`), finds the repository's catalog entity
 * by its `github.com/project-slug` annotation, checks the gate its environment
 * requires (`releaseReadiness.github.deploymentProtection.environments`) and
 * approves or rejects the deployment through the payload's callback URL, as
 * the GitHub App configured in `integrations.github[].apps`.
 * @public
 */
export const releaseReadinessModuleGithub = createBackendModule({
  pluginId: 'release-readiness',
  moduleId: 'github-deployment-protection',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        readiness: releaseReadinessGatesExtensionPoint,
      },
      async init({ config, logger, auth, catalog, events, readiness }) {
        const protection = new DeploymentProtection({
          config: readDeploymentProtectionConfig(config),
          catalog,
          auth,
          gates: readiness.gates,
        });
        const callback = new GithubCallback(config);
        await events.subscribe({
          id: 'release-readiness-github-deployment-protection',
          topics: [DEPLOYMENT_PROTECTION_RULE_TOPIC],
          async onEvent(params) {
            let payload;
            try {
              payload = parseDeploymentProtectionRulePayload(
                params.eventPayload,
              );
            } catch (error) {
              logger.warn(
                `Release readiness: ignored a deployment_protection_rule event: ${error}`,
              );
              return;
            }
            if (payload.action !== 'requested') return;
            const where = `${payload.repository.full_name} environment ${payload.environment}`;
            try {
              const answer = await protection.decide(payload);
              await callback.answer(payload, answer);
              logger.info(
                `Release readiness: ${answer.state} the deployment of ${where}`,
              );
            } catch (error) {
              logger.error(
                `Release readiness: could not answer the deployment of ${where}: ${error}`,
              );
            }
          },
        });
      },
    });
  },
});
