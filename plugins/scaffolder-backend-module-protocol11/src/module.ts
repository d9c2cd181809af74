import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createProtocol11GenerateAction } from './actions/generate';
import {
  createProtocol11LocalDeliveryAction,
  readLocalDeliveryOptions,
} from './actions/localDelivery';
import { createProtocol11ValidateAction } from './actions/validate';
import { createProtocol11LocateAction } from './actions/locate';
import { createProtocol11AnnotateAction } from './actions/annotate';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

/**
 * Adds the Protocol 11 actions to the scaffolder: `protocol11:generate`,
 * `protocol11:validate`, `protocol11:locate`, `protocol11:annotate`, and `protocol11:deliver:local`
 * (which refuses to write unless local delivery roots are configured).
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
        reader: coreServices.urlReader,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, reader, catalog }) {
        const integrations = ScmIntegrations.fromConfig(config);
        const localDelivery = readLocalDeliveryOptions(config);
        scaffolder.addActions(
          createProtocol11GenerateAction(),
          createProtocol11ValidateAction(),
          createProtocol11LocateAction({ integrations, localDelivery }),
          createProtocol11AnnotateAction({
            reader,
            integrations,
            localDelivery,
          }),
          createProtocol11LocalDeliveryAction({ ...localDelivery, catalog }),
        );
      },
    });
  },
});
