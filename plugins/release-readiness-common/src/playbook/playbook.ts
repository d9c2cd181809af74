/**
 * What the Protocol 11 generator playbook requires of every document, whatever
 * the form says. A form adds to and describes these; it cannot remove them.
 */

/** The folder every evidence file lives in. @public */
export const EVIDENCE_DIR = '.artifacts/deployment/';

/** File name of the generated protocol document. @public */
export const PROTOCOL11_DOCUMENT_FILE =
  '11-production-deployment-release-management.md';

/** File name of the form written next to the document. @public */
export const PROTOCOL11_FORM_FILE = 'protocol-input-form-11-deployment.yaml';

/** The marker a go-live approval prompt starts with. @public */
export const APPROVAL_REQUEST_MARKER = '[APPROVAL REQUEST]';

/** A protocol the playbook names as an input or output. @public */
export interface PlaybookProtocolRef {
  /** Two-digit protocol number, such as "09". */
  number: string;
  /** The protocol's title. */
  title: string;
  /** What it exchanges with Protocol 11, used when a form does not say. */
  artifacts: string;
  /** Why, used when a form does not say. */
  why: string;
}

/** Inputs the playbook requires: Protocols 10, 04 and 09. @public */
export const PLAYBOOK_INPUTS: readonly PlaybookProtocolRef[] = [
  {
    number: '10',
    title: 'Pre-Deployment Validation & Staging',
    artifacts:
      'staging-validation-pack, smoke-test-results, rollback-rehearsal-report',
    why: 'Confirm release readiness and rollback preparedness',
  },
  {
    number: '04',
    title: 'Quality Audit',
    artifacts: 'quality-audit-report, security-scan-results',
    why: 'Ensure quality gates satisfied before release',
  },
  {
    number: '09',
    title: 'Integration Testing',
    artifacts: 'integration-test-report',
    why: 'Supporting readiness evidence that integrations hold',
  },
];

/** Outputs the playbook requires: Protocols 12 and 05. @public */
export const PLAYBOOK_OUTPUTS: readonly PlaybookProtocolRef[] = [
  {
    number: '12',
    title: 'Post-Deployment Monitoring & Observability',
    artifacts: 'deployment-telemetry.ndjson, release-health-report.md',
    why: 'Enable observability and monitoring handoff',
  },
  {
    number: '05',
    title: 'Implementation Retrospective',
    artifacts: 'release-readiness-checklist.md, release-archive-manifest.json',
    why: 'Support retrospective and compliance review',
  },
];

/** An automation script the playbook requires. @public */
export interface PlaybookScript {
  hook_name: string;
  trigger_point: string;
  command: string;
  expected_output: string;
}

/** The three automation scripts of the playbook, with their defaults. @public */
export const PLAYBOOK_SCRIPTS: readonly PlaybookScript[] = [
  {
    hook_name: 'release_gatekeeper.py',
    trigger_point: 'Before production deployment',
    command:
      'python scripts/release_gatekeeper.py --checklist .artifacts/deployment/release-readiness-checklist.md',
    expected_output: 'Validation summary confirming release readiness',
  },
  {
    hook_name: 'deployment_executor.py',
    trigger_point: 'Production deployment',
    command:
      'python scripts/deployment_executor.py --strategy bluegreen --output .artifacts/deployment/production-deployment-report.json',
    expected_output: 'Deployment status with metrics and timestamps',
  },
  {
    hook_name: 'stabilization_monitor.py',
    trigger_point: 'Post-deployment stabilization',
    command:
      'python scripts/stabilization_monitor.py --duration 30 --output .artifacts/deployment/release-health-report.md',
    expected_output: 'Health metrics summary for stabilization window',
  },
];

/** An error the playbook requires the document to handle. @public */
export interface PlaybookError {
  code: string;
  message: string;
  recovery: string;
}

/** MissingApproval, DeploymentFailure and HealthDegradation. @public */
export const PLAYBOOK_ERRORS: readonly PlaybookError[] = [
  {
    code: 'MissingApproval',
    message:
      '[ERROR] Required release approvals missing from release-approvals.json.',
    recovery:
      'Obtain the missing approvals and update the evidence before proceeding.',
  },
  {
    code: 'DeploymentFailure',
    message: '[ERROR] Production deployment reported critical alerts.',
    recovery: 'Execute the rollback plan and notify incident response.',
  },
  {
    code: 'HealthDegradation',
    message: '[ERROR] Post-deployment metrics outside thresholds.',
    recovery: 'Escalate to incident response and extend the monitoring window.',
  },
];

/** The three quality gates, in order, by the names the playbook gives them. @public */
export const PLAYBOOK_GATES = [
  'Release Authorization',
  'Production Deployment',
  'Stabilization & Handoff',
] as const;

/** An evidence kind the playbook requires in a phase's evidence list. @public */
export interface PlaybookEvidence {
  /** Stable id of the evidence kind. */
  id: string;
  /** Phase (1–3) whose evidence list carries it. */
  phase: number;
  /** Words that identify it in an evidence item's name or location. */
  match: RegExp;
  /** Default item when a form leaves it out. */
  evidence_item: string;
  storage_location: string;
}

/**
 * Evidence the playbook requires: the readiness checklist, approvals and rollback
 * plan behind Release Authorization, the deployment report and the telemetry,
 * and the health report handed to Protocol 12.
 * @public
 */
export const PLAYBOOK_EVIDENCE: readonly PlaybookEvidence[] = [
  {
    id: 'readiness-checklist',
    phase: 1,
    match: /readiness[ -]checklist/i,
    evidence_item: 'Release readiness checklist',
    storage_location: '.artifacts/deployment/release-readiness-checklist.md',
  },
  {
    id: 'approvals',
    phase: 1,
    match: /approval/i,
    evidence_item: 'Release approvals log',
    storage_location: '.artifacts/deployment/release-approvals.json',
  },
  {
    id: 'rollback-plan',
    phase: 1,
    match: /rollback[ -]plan/i,
    evidence_item: 'Rollback plan',
    storage_location: '.artifacts/deployment/rollback-plan.md',
  },
  {
    id: 'deployment-report',
    phase: 2,
    match: /deployment[ -]report/i,
    evidence_item: 'Production deployment report',
    storage_location: '.artifacts/deployment/production-deployment-report.json',
  },
  {
    id: 'telemetry',
    phase: 2,
    match: /telemetry/i,
    evidence_item: 'Deployment telemetry',
    storage_location: '.artifacts/deployment/deployment-telemetry.ndjson',
  },
  {
    id: 'health-report',
    phase: 3,
    match: /health[ -]report/i,
    evidence_item: 'Release health report',
    storage_location: '.artifacts/deployment/release-health-report.md',
  },
];

/** Mission stated when a form gives no purpose. @public */
export const DEFAULT_MISSION =
  'Orchestrate a controlled production deployment through the three quality gates, with explicit go-live approval, a validated rollback plan and release evidence handed to monitoring.';

/** The line the handoff checklist ends with. @public */
export const PROTOCOL12_HANDOFF_LINE =
  '[PROTOCOL COMPLETE] - Production deployment finalized. Ready for Protocol 12 (Post-Deployment Monitoring & Observability).';
