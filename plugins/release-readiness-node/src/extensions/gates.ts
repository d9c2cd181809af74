import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  GateCheckResponse,
  ReleaseGateId,
} from '@release-readiness/backstage-plugin-release-readiness-common';

/**
 * Decides whether an entity may be deployed past a gate, as the backend's
 * gate endpoint does (`GET /api/release-readiness/gates/…`), with the
 * plugin's own credentials: the entity's repository is read for the call
 * (never an older result), and `passed` is true only when the required gate
 * passed.
 * @public
 */
export interface ReleaseGateChecker {
  /**
   * Resolves once the release-readiness plugin has started; call it from
   * event handlers or requests, never while a module initializes (that would
   * wait for the plugin, which waits for its modules).
   *
   * Rejects with `NotFoundError` (from `@backstage/errors`) when the entity
   * does not exist, and with the evaluation's error (for example
   * `ServiceUnavailableError` while another instance holds the entity) when
   * it cannot be decided.
   */
  check(
    entity: CompoundEntityRef,
    gateId: ReleaseGateId,
  ): Promise<GateCheckResponse>;
}

/**
 * What the release-readiness backend offers its modules (such as the GitHub
 * deployment protection rule): the gate checker.
 * @public
 */
export interface ReleaseReadinessGatesExtensionPoint {
  readonly gates: ReleaseGateChecker;
}

/**
 * Extension point of the release-readiness backend plugin for modules that
 * hold deploys on its gates.
 * @public
 */
export const releaseReadinessGatesExtensionPoint =
  createExtensionPoint<ReleaseReadinessGatesExtensionPoint>({
    id: 'release-readiness.gates',
  });
