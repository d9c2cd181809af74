export {
  entityRepositoryRoot,
  entityDescriptorLocation,
  hasProtocol11,
  normalizeRepositoryPath,
  resolveProtocolLocation,
} from './location';
export type {
  EntityFolder,
  ProtocolLocation,
  ProtocolLocationResult,
} from './location';
