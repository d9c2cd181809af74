/**
 * The canonical Protocol 11 requirements form
 * (`protocol-input-form-11-deployment.yaml`) as a value: the structure the gate
 * engine uses when it is given no form.
 */
import {
  Protocol11EvidenceItem,
  Protocol11Form,
  Protocol11Step,
} from '../form/types';
import { PLAYBOOK_SCRIPTS } from '../playbook/playbook';

const step = (
  action_type: Protocol11Step['action_type'],
  action_title: string,
  instructions: string,
  communication_template: string,
  halt_condition: string,
): Protocol11Step => ({
  step_number: 0,
  action_type,
  action_title,
  instructions,
  communication_template,
  halt_condition,
});

const numbered = (s: Protocol11Step, i: number): Protocol11Step => ({
  ...s,
  step_number: i + 1,
});

const evidence = (
  evidence_item: string,
  storage_location: string,
): Protocol11EvidenceItem => ({
  evidence_item,
  storage_location,
});

/** The canonical Protocol 11 form, value for value as in the reference YAML file. @public */
export const canonicalProtocol11Form: Protocol11Form = {
  protocol_number: '11',
  protocol_name: 'production-deployment-release-management',
  domain_compliance: 'DevOps Operations',
  purpose:
    'Execute production deployment with controlled approvals, zero-downtime strategy, and comprehensive release evidence.',
  ai_role: 'Release Manager',
  primary_guardrail:
    'DO NOT trigger production deployment without explicit go-live approval, validated rollback plan, and health check readiness',
  prerequisites: [
    {
      protocol: '10-pre-deployment-staging',
      required_artifacts:
        'staging-validation-pack, smoke-test-results, rollback-rehearsal-report',
    },
    {
      protocol: '04-quality-audit',
      required_artifacts: 'quality-audit-report, security-scan-results',
    },
  ],
  phase_in_workflow:
    'Between Protocol 10 (Pre-Deployment Validation) and Protocol 12 (Post-Deployment Monitoring)',
  phases: [
    {
      phase_number: 1,
      phase_name: 'Release Readiness & Approval Confirmation',
      objective:
        'Consolidate release candidate evidence and confirm governance approvals',
      steps: [
        step(
          'MUST',
          'Consolidate Release Candidate Artifacts',
          'Gather release notes, changelog, and validation reports',
          '[PHASE 1 START] - Consolidating release candidate artifacts and validation reports...',
          '',
        ),
        step(
          'MUST',
          'Validate Governance Approvals',
          'Confirm CAB approvals, business sign-off, and rollback owner acknowledgment',
          'Verifying CAB approvals, business sign-off, and rollback readiness before deployment...',
          'Stop until release-approvals.json contains all required approvals',
        ),
        step(
          'GUIDELINE',
          'Confirm Operational Guardrails',
          'Ensure on-call coverage, communication channels, and monitoring baselines are ready',
          'Documenting launch window guardrails and on-call responder coverage...',
          '',
        ),
      ].map(numbered),
      evidence_collection: [
        evidence(
          'Release readiness checklist',
          '.artifacts/deployment/release-readiness-checklist.md',
        ),
        evidence(
          'Release approvals log',
          '.artifacts/deployment/release-approvals.json',
        ),
        evidence('Rollback plan', '.artifacts/deployment/rollback-plan.md'),
      ],
      quality_gate: {
        gate_name: 'Release Authorization Gate',
        criteria:
          'Approvals recorded, rollback plan validated, readiness checklist complete',
        failure_handling:
          'Escalate missing approvals or rollback gaps before proceeding',
      },
    },
    {
      phase_number: 2,
      phase_name: 'Deployment Execution & Control',
      objective:
        'Deploy release candidate with staged verification and telemetry capture',
      steps: [
        step(
          'MUST',
          'Execute Staging Verification Deployment',
          'Redeploy to staging with release tag and execute smoke tests',
          '[PHASE 2 START] - Executing staging verification deployment for release candidate...',
          '',
        ),
        step(
          'MUST',
          'Request Go-Live Authorization',
          'Present staging summary and request explicit approval',
          'Staging verification successful. Requesting go-live authorization...',
          'Await approval response',
        ),
        step(
          'MUST',
          'Execute Production Deployment Strategy',
          'Perform deployment using approved strategy while monitoring health',
          'Initiating production deployment using {strategy} strategy with live health monitoring...',
          '',
        ),
        step(
          'GUIDELINE',
          'Capture Deployment Telemetry',
          'Stream logs and metrics to observability stack with deployment annotations',
          'Streaming deployment telemetry and annotating monitoring timelines...',
          '',
        ),
      ].map(numbered),
      evidence_collection: [
        evidence(
          'Staging verification report',
          '.artifacts/deployment/staging-validation-report.json',
        ),
        evidence(
          'Production deployment report',
          '.artifacts/deployment/production-deployment-report.json',
        ),
        evidence(
          'Deployment telemetry',
          '.artifacts/deployment/deployment-telemetry.ndjson',
        ),
      ],
      quality_gate: {
        gate_name: 'Production Deployment Gate',
        criteria:
          'Staging verification passed, go-live approval captured, production deployment completed without critical alerts',
        failure_handling:
          'Trigger rollback, notify incident response, document failure',
      },
    },
    {
      phase_number: 3,
      phase_name: 'Post-Deployment Stabilization & Handoff',
      objective:
        'Verify health, communicate status, and archive release artifacts',
      steps: [
        step(
          'MUST',
          'Perform Immediate Health Verification',
          'Monitor key SLIs and infrastructure metrics during stabilization window',
          '[PHASE 3 START] - Monitoring post-deployment health metrics during stabilization window...',
          '',
        ),
        step(
          'MUST',
          'Communicate Release Status',
          'Send release summary to stakeholders with known issues and next steps',
          'Publishing release summary and next steps to stakeholders...',
          '',
        ),
        step(
          'GUIDELINE',
          'Archive Release Artifacts',
          'Store release evidence and telemetry for audits and retrospectives',
          'Archiving release artifacts and linking to monitoring annotations...',
          '',
        ),
      ].map(numbered),
      evidence_collection: [
        evidence(
          'Release health report',
          '.artifacts/deployment/release-health-report.md',
        ),
        evidence(
          'Stakeholder communication log',
          '.artifacts/deployment/release-communication-log.md',
        ),
        evidence(
          'Release archive manifest',
          '.artifacts/deployment/release-archive-manifest.json',
        ),
      ],
      quality_gate: {
        gate_name: 'Stabilization & Handoff Gate',
        criteria:
          'Metrics within thresholds, stakeholders notified, artifacts archived',
        failure_handling: 'Escalate to incident response or extend monitoring',
      },
    },
  ],
  inputs_from: [
    {
      protocol: '10-pre-deployment-staging',
      artifacts_consumed:
        'staging-validation-pack, smoke-test-results, rollback-rehearsal-report',
      usage: 'Confirm release readiness and rollback preparedness',
    },
    {
      protocol: '04-quality-audit',
      artifacts_consumed: 'quality-audit-report, security-scan-results',
      usage: 'Ensure quality gates satisfied before release',
    },
  ],
  outputs_to: [
    {
      protocol: '12-post-deployment-monitoring-observability',
      artifacts_provided:
        'deployment-telemetry.ndjson, release-health-report.md',
      purpose: 'Enable observability and monitoring handoff',
    },
    {
      protocol: '05-implementation-retrospective',
      artifacts_provided:
        'release-readiness-checklist.md, release-archive-manifest.json',
      purpose: 'Support retrospective and compliance review',
    },
  ],
  // The playbook's three scripts (its "Automation hooks"), as the form lists them.
  automation_hooks: PLAYBOOK_SCRIPTS.map(script => ({ ...script })),
  communication_protocols: {
    status_announcements: [
      '[PHASE 1 START] - Release readiness confirmation in progress.',
      '[PHASE 2 START] - Deployment execution and go-live approvals underway.',
      '[PHASE 3 START] - Stabilization monitoring and stakeholder communications in progress.',
    ],
    validation_prompts: [
      '[VALIDATION REQUEST] - Release readiness checklist complete. Approve progression to deployment execution? (yes/no)',
      '[APPROVAL REQUEST] Staging verification succeeded. Proceed with production deployment? (yes/no)',
      '[VALIDATION REQUEST] - Stabilization complete. Publish release summary and handoff to monitoring? (yes/no)',
    ],
    error_messages: [
      {
        code: 'MissingApproval',
        message:
          '[ERROR] Required release approvals missing from release-approvals.json.',
      },
      {
        code: 'DeploymentFailure',
        message: '[ERROR] Production deployment reported critical alerts.',
      },
      {
        code: 'HealthDegradation',
        message: '[ERROR] Post-deployment metrics outside thresholds.',
      },
    ],
  },
};
