/**
 * The catalog entity most tests need: a component that declares Protocol 11
 * (`release-readiness.io/protocol11: .`, the document at its location's root)
 * and says where that location is.
 */
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';

/** The default owner and lifecycle of a test component. */
export const TEST_COMPONENT_SPEC = {
  owner: 'group:default/team',
  lifecycle: 'production',
};

/**
 * A component named `name` in the default namespace whose protocol sits at
 * `location`, written as the catalog writes it: a `file:` location (a
 * catalog-info.yaml) as `backstage.io/managed-by-location`, any other (`url:`)
 * as `backstage.io/source-location`. `spec` replaces
 * {@link TEST_COMPONENT_SPEC}.
 */
export function protocolEntity(
  name: string,
  location: string,
  spec: JsonObject = TEST_COMPONENT_SPEC,
): Entity {
  const annotation = location.startsWith('file:')
    ? 'backstage.io/managed-by-location'
    : 'backstage.io/source-location';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'release-readiness.io/protocol11': '.',
        [annotation]: location,
      },
    },
    spec,
  };
}
