/**
 * The answer of the gate endpoint,
 * `GET /gates/{kind}/{namespace}/{name}?require={gateId}`, which pipelines
 * and deployment protection rules ask before deploying.
 */
import { CriterionStatus, GateStatus, ReleaseGateId } from '../gates/types';

/** One criterion that keeps a required gate from passing. @public */
export interface BlockingCriterion {
  /** The gate the criterion belongs to (the required gate or an earlier one). */
  gateId: ReleaseGateId;
  /** The gate's name as the form gives it. */
  gateName: string;
  /** The criterion's stable id, such as `approvals.required-roles-approved`. */
  criterionId: string;
  status: Exclude<CriterionStatus, 'passed'>;
  /** Repository path of the evidence file, such as `.artifacts/deployment/release-approvals.json`. */
  file: string;
  /** Where in the file (JSON path, Markdown section or line), when the criterion names one. */
  field?: string;
  /** Why the criterion has its status, in one line. */
  reason: string;
}

/**
 * Whether an entity may be deployed past one gate: `passed` is true only when
 * the entity carries Protocol 11, its repository was read for this request
 * (never an older result), and the required gate and every earlier one passed.
 * @public
 */
export interface GateCheckResponse {
  entityRef: string;
  /** The gate the caller required. */
  gate: {
    id: ReleaseGateId;
    /** The gate's name as the form gives it; the id when the entity has no result. */
    name: string;
    /** The gate's status; absent when the entity has no result to judge. */
    status?: GateStatus;
  };
  passed: boolean;
  /** One line for a pipeline's log: why the deploy may or may not go ahead. */
  message: string;
  /**
   * Criteria of the required gate and of the earlier gates that have not
   * passed, in gate order. Empty when `passed`, and when there is no result to
   * judge (see `message`).
   */
  blocking: BlockingCriterion[];
  /** When the result was evaluated (ISO 8601), when there is one. */
  evaluatedAt?: string;
  /** The entity's release-readiness tab in the Backstage app. */
  url?: string;
}
