/*
 * The demo portal's backend: catalog, scaffolder with the Protocol 11 actions,
 * guest sign-in and an allow-all permission policy, notifications and the MCP
 * actions backend, on embedded SQLite.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(
  import('@release-readiness/backstage-plugin-scaffolder-backend-module-protocol11'),
);
backend.add(
  import('@release-readiness/backstage-plugin-release-readiness-backend'),
);
// Push events (signature-checked webhooks at /api/events/http/github and /gitlab).
backend.add(import('@backstage/plugin-events-backend'));
// Owner notifications of gate events (the bell in the sidebar, /notifications), and the
// assistant actions served to MCP clients at /api/mcp-actions/v1.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));
backend.add(import('@backstage/plugin-events-backend-module-github'));
backend.add(import('@backstage/plugin-events-backend-module-gitlab'));
// Live updates of open cards and tabs. Pinned to 0.3.19: 0.3.21 asks the root instance metadata for
// getId(), which backend-defaults 0.18 (backend-app-api 1.7) does not provide, and the backend fails to start.
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
