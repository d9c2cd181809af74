/**
 * Scaffolder actions for Protocol 11 – Production Deployment & Release Management.
 *
 * @packageDocumentation
 */
export { scaffolderModuleProtocol11 as default } from './module';
export { createProtocol11GenerateAction } from './actions/generate';
export { createProtocol11ValidateAction } from './actions/validate';
export { createProtocol11LocateAction } from './actions/locate';
export { createProtocol11AnnotateAction } from './actions/annotate';
export { protocol11TemplateYaml } from './template/buildTemplate';
export { createProtocol11LocalDeliveryAction } from './actions/localDelivery';
export type { LocalDeliveryOptions } from './actions/localDelivery';
