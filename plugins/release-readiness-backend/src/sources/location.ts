/**
 * Where an entity keeps Protocol 11 comes from the common package's location
 * module, the one answer the frontend, this backend and the scaffolder
 * actions share; these are its names in this backend.
 */
export {
  resolveProtocolLocation as protocolLocationOf,
  hasProtocol11 as hasProtocolAnnotation,
} from '@release-readiness/backstage-plugin-release-readiness-common';
export type {
  ProtocolLocation,
  ProtocolLocationResult,
} from '@release-readiness/backstage-plugin-release-readiness-common';
