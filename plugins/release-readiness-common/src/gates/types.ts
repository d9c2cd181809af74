/**
 * The result model of the gate engine: three ordered gates, each with the
 * criteria behind it, each criterion naming the file and field that passes or
 * blocks it.
 */

/**
 * Status of one criterion.
 *
 * - `passed`: the evidence says yes.
 * - `failed`: the evidence is there, readable, and says no.
 * - `pending`: the evidence is not there yet (file missing, deployment still
 *   running, go-live decision not yet taken).
 * - `error`: the evidence cannot be judged: unreadable, malformed (bad JSON or
 *   YAML, wrong field types), over the size limit, or not text.
 * @public
 */
export type CriterionStatus = 'passed' | 'failed' | 'pending' | 'error';

/**
 * Status of one gate: the worst status of its criteria (`error` before
 * `failed` before `pending` before `passed`), or `blocked` when an earlier gate
 * has not passed.
 * @public
 */
export type GateStatus = CriterionStatus | 'blocked';

/** Stable ids of the three quality gates, in order. @public */
export const RELEASE_GATE_IDS = [
  'release-authorization',
  'production-deployment',
  'stabilization-handoff',
] as const;

/** Id of one of the three quality gates. @public */
export type ReleaseGateId = (typeof RELEASE_GATE_IDS)[number];

/** One checked statement behind a gate. @public */
export interface CriterionResult {
  /** Stable id, unique within its gate, such as `approvals.required-roles-approved`. */
  id: string;
  /** What the criterion requires, in one sentence. */
  description: string;
  status: CriterionStatus;
  /** Repository path of the evidence file the criterion reads. */
  file: string;
  /**
   * Where in the file: a JSON path (`approvals[2].decision`), a Markdown
   * section (`## Triggers`) or a line (`line 7`). Absent when the criterion is
   * about the file as a whole.
   */
  field?: string;
  /** Why the criterion has its status, in one line. */
  reason: string;
}

/** One quality gate with its criteria. @public */
export interface GateResult {
  id: ReleaseGateId;
  /** The gate's name as the form gives it (`quality_gate.gate_name`). */
  name: string;
  /** The phase (1–3) the gate closes. */
  phase: number;
  status: GateStatus;
  /** One line saying why the gate has its status. */
  summary: string;
  /** What to do when the gate fails, as the form says (`quality_gate.failure_handling`). */
  failureHandling: string;
  /**
   * The gate's criteria. A blocked gate's criteria are still evaluated against
   * whatever evidence is present, so a team sees what is already in place; the
   * gate itself stays `blocked` until every earlier gate has passed.
   */
  criteria: CriterionResult[];
}

/** One artifact handed to Protocol 12. @public */
export interface HandoffArtifact {
  /** The artifact's name as the form lists it, such as `deployment-telemetry.ndjson`. */
  name: string;
  /** Its repository path, when the form's evidence names a file of that name. */
  path?: string;
}

/** What Protocol 12 (Post-Deployment Monitoring & Observability) receives. @public */
export interface Protocol12Handoff {
  /** True when every gate has passed and monitoring can take over. */
  ready: boolean;
  /** The receiving protocol's id, such as `12-post-deployment-monitoring-observability`. */
  protocol: string;
  /** Why the artifacts are handed over. */
  purpose: string;
  artifacts: HandoffArtifact[];
  /** The handoff announcement; present only when `ready`. */
  message?: string;
}

/** The outcome of evaluating a release's evidence. @public */
export interface ReleaseReadiness {
  /** `passed` when all gates passed, otherwise the status of the first gate that did not. */
  overall: GateStatus;
  /** True only when all three gates passed. */
  handoffReady: boolean;
  /** The three gates, in order. */
  gates: GateResult[];
  protocol12: Protocol12Handoff;
}

/** One evidence file as read from a repository or folder. @public */
export interface EvidenceFile {
  /** Repository path, such as `.artifacts/deployment/release-approvals.json`. */
  path: string;
  /** The file's bytes, or its text when the source has already decoded it. */
  content: Uint8Array | string;
}

/**
 * Where the engine reads evidence from. `read` resolves to undefined when the
 * file does not exist; a rejection is reported as an `error` criterion.
 * @public
 */
export interface EvidenceSource {
  read(path: string): Promise<EvidenceFile | undefined>;
}

/** Limits the engine applies while reading evidence. @public */
export interface EvidenceLimits {
  /** Largest evidence file read, in bytes; larger files are an `error`. Default 1 MiB. */
  maxFileBytes?: number;
}
