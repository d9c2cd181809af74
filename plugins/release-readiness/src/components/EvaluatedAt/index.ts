export { EvaluatedAt, Timestamp } from './EvaluatedAt';
export type { EvaluatedAtProps, TimestampProps } from './EvaluatedAt';
export { StaleMarker } from './StaleMarker';
export type { StaleMarkerProps } from './StaleMarker';
