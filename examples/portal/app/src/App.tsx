import { SignInPage } from '@backstage/core-components';
import { createApp } from '@backstage/frontend-defaults';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import releaseReadinessPlugin from '@release-readiness/backstage-plugin-release-readiness/alpha';

/** Guest sign-in, so the portal runs with no identity provider to set up. */
const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () => props => (
          <SignInPage {...props} auto providers={['guest']} />
        ),
      },
    }),
  ],
});

export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    signalsPlugin,
    userSettingsPlugin,
    releaseReadinessPlugin,
    notificationsPlugin,
    orgPlugin,
    signInModule,
  ],
});
