export { ReadinessCard } from './ReadinessCard';
export type { ReadinessCardProps } from './ReadinessCard';
export { GateList } from './GateList';
export type { GateListProps } from './GateList';
export { HandoffLink } from './HandoffLink';
export type { HandoffLinkProps } from './HandoffLink';
