export { useEntityReadiness } from './useEntityReadiness';
export type { EntityReadinessState } from './useEntityReadiness';
