export {
  CompliancePage,
  ComplianceView,
  ComplianceViewWithHeader,
} from './CompliancePage';
export { ComplianceFilters } from './ComplianceFilters';
export { ComplianceTable } from './ComplianceTable';
export type { ComplianceTableProps, ComplianceSort } from './ComplianceTable';
export { ComplianceSummary } from './ComplianceSummary';
export type { ComplianceSummaryProps } from './ComplianceSummary';
export { ExportCsvButton } from './ExportCsvButton';
export type { ExportCsvButtonProps } from './ExportCsvButton';
export {
  ComplianceGateFilter,
  ComplianceStatusFilter,
  EntitySystemFilter,
  complianceQueryFromFilters,
} from './filters';
export type { ComplianceEntityFilters } from './filters';
