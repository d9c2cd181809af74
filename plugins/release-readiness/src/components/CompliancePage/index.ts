export {
  CompliancePage,
  ComplianceView,
  ComplianceViewWithHeader,
} from './CompliancePage';
export { ComplianceTable } from './ComplianceTable';
export type { ComplianceTableProps, ComplianceSort } from './ComplianceTable';
export { ExportCsvButton } from './ExportCsvButton';
export type { ExportCsvButtonProps } from './ExportCsvButton';
export {
  ComplianceGateFilter,
  ComplianceStatusFilter,
  EntitySystemFilter,
  complianceQueryFromFilters,
} from './filters';
export type { ComplianceEntityFilters } from './filters';
