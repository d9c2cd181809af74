export { NoProtocolEmptyState } from './NoProtocolEmptyState';
export type { NoProtocolEmptyStateProps } from './NoProtocolEmptyState';
