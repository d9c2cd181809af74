export { GateStatusLabel } from './GateStatusLabel';
export type { GateStatusLabelProps } from './GateStatusLabel';
