/**
 * The answer of the gate endpoint,
 * `GET /gates/{kind}/{namespace}/{name}?require={gateId}`, which pipelines
 * and deployment protection rules ask before deploying.
 */
import { components } from '../schema/openapi/generated/types';

/**
 * One criterion that keeps a required gate from passing: the gate it belongs
 * to (the required gate or an earlier one), its stable id, the evidence file
 * and, when the criterion names one, the field, and why, in one line.
 * @public
 */
export type BlockingCriterion = components['schemas']['BlockingCriterion'];

/**
 * Whether an entity may be deployed past one gate: `passed` is true only when
 * the entity carries Protocol 11, its repository was read for this request
 * (never an older result), and the required gate and every earlier one passed.
 * `blocking` lists the criteria of the required gate and of the earlier gates
 * that have not passed, in gate order; it is empty when `passed`, and when
 * there is no result to judge (see `message`).
 * @public
 */
export type GateCheckResponse = components['schemas']['GateCheckResponse'];
