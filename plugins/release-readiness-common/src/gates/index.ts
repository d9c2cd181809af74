/**
 * The evidence contract and the gate engine of Protocol 11.
 */
export * from './types';
export { evaluateReleaseGates } from './engine';
export type { EvaluateReleaseGatesInput } from './engine';
export {
  evidenceFromRecord,
  sha256Hex,
  DEFAULT_MAX_FILE_BYTES,
} from './source';
export type { LoadedEvidence } from './source';
export { canonicalProtocol11Form } from './canonicalForm';
export {
  EVIDENCE_CONTRACTS,
  evidenceContractFor,
  gateEvidence,
} from './contract';
export { evidenceReadme } from './readme';
export { protocol12Handoff, PROTOCOL12_ID } from './handoff';
export type {
  CriterionContext,
  CriterionInfo,
  EvidenceContract,
  EvidenceContractInfo,
  EvidenceFormat,
  Verdict,
} from './evidence/define';
export {
  checkJsonSchema,
  JSON_SCHEMA_DRAFT_07,
  JSON_MAX_DEPTH,
  isCalendarDate,
  isCalendarDateTime,
} from './evidence/json';
export type { EvidenceJsonSchema, SchemaIssue } from './evidence/json';
export { releaseApprovalsSchema } from './evidence/approvals';
export type {
  ApprovalDecision,
  ReleaseApproval,
  ReleaseApprovals,
} from './evidence/approvals';
export { stagingValidationReportSchema } from './evidence/stagingReport';
export type {
  GoLiveApproval,
  SmokeTest,
  StagingValidationReport,
} from './evidence/stagingReport';
export { productionDeploymentReportSchema } from './evidence/deploymentReport';
export type {
  AlertSeverity,
  ProductionDeploymentReport,
} from './evidence/deploymentReport';
export { telemetryEventSchema } from './evidence/telemetry';
export type { TelemetryEvent } from './evidence/telemetry';
export { releaseHealthFrontMatterSchema } from './evidence/healthReport';
export type {
  HealthMetric,
  ReleaseHealthFrontMatter,
} from './evidence/healthReport';
export { releaseArchiveManifestSchema } from './evidence/archiveManifest';
export type {
  ArchivedFile,
  ReleaseArchiveManifest,
} from './evidence/archiveManifest';
export {
  ROLLBACK_PLAN_SECTIONS,
  rollbackPlanFrontMatterSchema,
} from './evidence/rollbackPlan';
