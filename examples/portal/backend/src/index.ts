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
// Push events (signature-checked webhooks at /api/events/http/github and /gitlab). The signals backend
// (@backstage/plugin-signals-backend 0.3.21) fails to start on backend-defaults 0.18 (instanceMetadata.getId),
// so the demo has no live signals yet; the readiness plugin publishes through the events service regardless.
backend.add(import('@backstage/plugin-events-backend'));
// Owner notifications of gate events (the bell in the sidebar, /notifications), and the
// assistant actions served to MCP clients at /api/mcp-actions/v1.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));
backend.add(import('@backstage/plugin-events-backend-module-github'));
backend.add(import('@backstage/plugin-events-backend-module-gitlab'));

backend.start();
