import { Entity } from '@backstage/catalog-model';
import { PROTOCOL11_ANNOTATION } from '@release-readiness/backstage-plugin-release-readiness-common';

/**
 * True when the entity carries Protocol 11 (has the
 * `release-readiness.io/protocol11` annotation), for `EntitySwitch` and
 * entity-page filters.
 *
 * @public
 */
export function isReleaseReadinessAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[PROTOCOL11_ANNOTATION]);
}
