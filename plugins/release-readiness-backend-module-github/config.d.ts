export interface Config {
  releaseReadiness?: {
    /** The GitHub module (`@release-readiness/backstage-plugin-release-readiness-backend-module-github`). */
    github?: {
      /**
       * The custom deployment protection rule: GitHub sends `deployment_protection_rule`
       * webhooks (through Backstage's events system, topic `github.deployment_protection_rule`)
       * and the module approves or rejects the deployment through the payload's callback URL.
       */
      deploymentProtection?: {
        /**
         * The gate each GitHub environment requires, by environment name (matched without
         * regard to case): `release-authorization`, `production-deployment` or
         * `stabilization-handoff`. Example: `{ production: release-authorization }`.
         */
        environments?: {
          [environment: string]:
            | 'release-authorization'
            | 'production-deployment'
            | 'stabilization-handoff';
        };
        /**
         * What an environment not listed gets: `approve` (default; the comment says no gate is
         * configured for it) or `reject`.
         */
        otherEnvironments?: 'approve' | 'reject';
      };
    };
  };
}
