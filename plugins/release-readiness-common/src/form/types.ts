/**
 * The Protocol 11 requirements form, in the layout of the canonical form file
 * (`protocol-input-form-11-deployment.yaml`). Keys are snake_case, exactly as in
 * the file, so a form file's content is a valid value of this type as it is.
 */

/** Whether a step is mandatory (`MUST`) or advisory (`GUIDELINE`). @public */
export type Protocol11ActionType = 'MUST' | 'GUIDELINE';

/** A protocol whose artifacts must exist before Protocol 11 starts. @public */
export interface Protocol11Prerequisite {
  protocol: string;
  required_artifacts: string;
}

/** One action of a phase. @public */
export interface Protocol11Step {
  /** Position of the step in its phase, counted from 1. */
  step_number: number;
  action_type: Protocol11ActionType;
  action_title: string;
  instructions: string;
  communication_template: string;
  /** When the operator must stop; empty when the step has none of its own. */
  halt_condition: string;
}

/** One evidence file a phase produces, stored under `.artifacts/deployment/`. @public */
export interface Protocol11EvidenceItem {
  evidence_item: string;
  storage_location: string;
}

/** The quality gate that closes a phase. @public */
export interface Protocol11QualityGate {
  gate_name: string;
  criteria: string;
  failure_handling: string;
}

/** One of the three phases of Protocol 11. @public */
export interface Protocol11Phase {
  phase_number: number;
  phase_name: string;
  objective: string;
  steps: Protocol11Step[];
  evidence_collection: Protocol11EvidenceItem[];
  quality_gate: Protocol11QualityGate;
}

/** A protocol whose outputs Protocol 11 consumes. @public */
export interface Protocol11Input {
  protocol: string;
  artifacts_consumed: string;
  usage: string;
}

/** A protocol that consumes Protocol 11's outputs. @public */
export interface Protocol11Output {
  protocol: string;
  artifacts_provided: string;
  purpose: string;
}

/** A script run at a point of the release. @public */
export interface Protocol11AutomationHook {
  hook_name: string;
  trigger_point: string;
  command: string;
  expected_output: string;
}

/** A named error and the message announced when it happens. @public */
export interface Protocol11ErrorMessage {
  code: string;
  message: string;
}

/** Announcements, prompts and error messages of the protocol. @public */
export interface Protocol11CommunicationProtocols {
  status_announcements: string[];
  validation_prompts: string[];
  error_messages: Protocol11ErrorMessage[];
}

/** A complete, validated Protocol 11 requirements form. @public */
export interface Protocol11Form {
  protocol_number: '11';
  protocol_name: string;
  domain_compliance: string;
  purpose: string;
  ai_role: string;
  primary_guardrail: string;
  prerequisites: Protocol11Prerequisite[];
  phase_in_workflow: string;
  phases: Protocol11Phase[];
  inputs_from: Protocol11Input[];
  outputs_to: Protocol11Output[];
  automation_hooks: Protocol11AutomationHook[];
  communication_protocols: Protocol11CommunicationProtocols;
}

/** One problem found in a form, named by its path (`phases[1].steps[2].action_type`). @public */
export interface Protocol11FormIssue {
  /** Path of the offending field; empty for the form as a whole. */
  path: string;
  message: string;
  /** Line and column (1-based) in the YAML source, when known. */
  line?: number;
  column?: number;
}
