export { ReadinessContent } from './ReadinessContent';
export { GateCriteria } from './GateCriteria';
export type { GateCriteriaProps } from './GateCriteria';
export { HistoryChart } from './HistoryChart';
export type { HistoryChartProps } from './HistoryChart';
export { HistorySection } from './HistorySection';
export type { HistorySectionProps } from './HistorySection';
