/** The gate checker modules receive through the extension point, usable once the plugin has started. */
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  GateCheckResponse,
  ReleaseGateId,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ReleaseGateChecker } from '@release-readiness/backstage-plugin-release-readiness-node';

type Check = (
  entity: CompoundEntityRef,
  gateId: ReleaseGateId,
) => Promise<GateCheckResponse>;

/** Calls made before the plugin's init has run wait for it. */
export class DeferredGateChecker implements ReleaseGateChecker {
  private resolveCheck!: (check: Check) => void;
  private readonly ready = new Promise<Check>(resolve => {
    this.resolveCheck = resolve;
  });

  resolve(check: Check): void {
    this.resolveCheck(check);
  }

  async check(
    entity: CompoundEntityRef,
    gateId: ReleaseGateId,
  ): Promise<GateCheckResponse> {
    return (await this.ready)(entity, gateId);
  }
}
