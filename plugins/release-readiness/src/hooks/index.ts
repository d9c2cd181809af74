export { useEntityReadiness } from './useEntityReadiness';
export type {
  EntityReadinessState,
  EntityReadinessOptions,
} from './useEntityReadiness';
