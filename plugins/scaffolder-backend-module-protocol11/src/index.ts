/**
 * Scaffolder actions for Protocol 11 – Production Deployment & Release Management.
 *
 * @packageDocumentation
 */
export { scaffolderModuleProtocol11 as default } from './module';
export { createProtocol11GenerateAction } from './actions/generate';
export { createProtocol11ValidateAction } from './actions/validate';
export { createProtocol11LocateAction, planDelivery } from './actions/locate';
export type { DeliveryPlan, Protocol11Delivery, Protocol11DeliveryChoice } from './actions/locate';
export { createProtocol11AnnotateAction } from './actions/annotate';
export { annotateDescriptor } from './repository/descriptor';
export { locateEntityRepository } from './repository/entityRepository';
export type { EntityRepository, ScmRepository } from './repository/entityRepository';
export { buildProtocol11Template, protocol11TemplateYaml } from './template/buildTemplate';
export {
  createProtocol11LocalDeliveryAction,
  readLocalDeliveryOptions,
} from './actions/localDelivery';
export type { LocalDeliveryOptions } from './actions/localDelivery';
