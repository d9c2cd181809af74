/**
 * The Protocol 11 requirements form, in the layout of the canonical form file
 * (`protocol-input-form-11-deployment.yaml`). Every type here is the output of
 * the form's one description, {@link protocol11FormSchema} (`z.output`), so
 * the types, the checker and the wizard's JSON Schema cannot disagree. Keys are
 * snake_case, exactly as in the file.
 */
import type { z } from 'zod';
import type { protocol11FormSchema } from './schema';

/**
 * A complete, validated Protocol 11 requirements form: every optional field
 * filled (empty text, empty list), text trimmed, steps numbered from 1.
 * @public
 */
export type Protocol11Form = z.output<typeof protocol11FormSchema>;

/** One of the three phases of Protocol 11. @public */
export type Protocol11Phase = Protocol11Form['phases'][number];

/** One action of a phase; `step_number` is its position in the phase, from 1. @public */
export type Protocol11Step = Protocol11Phase['steps'][number];

/** Whether a step is mandatory (`MUST`) or advisory (`GUIDELINE`). @public */
export type Protocol11ActionType = Protocol11Step['action_type'];

/** One evidence file a phase produces, stored under `.artifacts/deployment/`. @public */
export type Protocol11EvidenceItem =
  Protocol11Phase['evidence_collection'][number];

/** The quality gate that closes a phase. @public */
export type Protocol11QualityGate = Protocol11Phase['quality_gate'];

/** A protocol whose artifacts must exist before Protocol 11 starts. @public */
export type Protocol11Prerequisite = Protocol11Form['prerequisites'][number];

/** A protocol whose outputs Protocol 11 consumes. @public */
export type Protocol11Input = Protocol11Form['inputs_from'][number];

/** A protocol that consumes Protocol 11's outputs. @public */
export type Protocol11Output = Protocol11Form['outputs_to'][number];

/** A script run at a point of the release. @public */
export type Protocol11AutomationHook =
  Protocol11Form['automation_hooks'][number];

/** Announcements, prompts and error messages of the protocol. @public */
export type Protocol11CommunicationProtocols =
  Protocol11Form['communication_protocols'];

/** A named error and the message announced when it happens. @public */
export type Protocol11ErrorMessage =
  Protocol11CommunicationProtocols['error_messages'][number];

/** One problem found in a form, named by its path (`phases[1].steps[2].action_type`). @public */
export interface Protocol11FormIssue {
  /** Path of the offending field; empty for the form as a whole. */
  path: string;
  message: string;
  /** Line and column (1-based) in the YAML source, when known. */
  line?: number;
  column?: number;
}
