import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createProtocol11GenerateAction } from './actions/generate';
import { createProtocol11LocalDeliveryAction, readLocalDeliveryOptions } from './actions/localDelivery';
import { createProtocol11ValidateAction } from './actions/validate';
import { createProtocol11LocateAction } from './actions/locate';

/**
 * Adds the Protocol 11 actions to the scaffolder: `protocol11:generate`,
 * `protocol11:validate`, `protocol11:locate`, and `protocol11:deliver:local` when local delivery
 * roots are configured.
 * @public
 */
export const scaffolderModuleProtocol11 = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'protocol11',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, config }) {
        scaffolder.addActions(
          createProtocol11GenerateAction(),
          createProtocol11ValidateAction(),
          createProtocol11LocateAction({ integrations: ScmIntegrations.fromConfig(config) }),
          createProtocol11LocalDeliveryAction(readLocalDeliveryOptions(config)),
        );
      },
    });
  },
});
