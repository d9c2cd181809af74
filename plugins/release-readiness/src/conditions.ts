import { Entity } from '@backstage/catalog-model';
import { hasProtocol11 } from '@release-readiness/backstage-plugin-release-readiness-common';

/**
 * True when the entity carries Protocol 11: its
 * `release-readiness.io/protocol11` annotation is there and not blank (the
 * common package's `hasProtocol11`, the same rule the backend applies), for
 * `EntitySwitch` and entity-page filters.
 *
 * @public
 */
export function isReleaseReadinessAvailable(entity: Entity): boolean {
  return hasProtocol11(entity);
}
