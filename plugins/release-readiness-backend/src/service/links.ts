/** Links into the Backstage app, for answers read outside it (pipelines, GitHub, notifications). */
import { RootConfigService } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';

/** Path of the entity content tab, as the frontend plugin mounts it. */
export const ENTITY_TAB_PATH = 'release-readiness';

/**
 * `{app.baseUrl}/catalog/{namespace}/{kind}/{name}/release-readiness`, the
 * entity's release-readiness tab; undefined without `app.baseUrl`.
 */
export function entityTabUrl(
  config: RootConfigService,
): (ref: CompoundEntityRef) => string | undefined {
  const base = config.getOptionalString('app.baseUrl')?.replace(/\/+$/, '');
  return ref =>
    base
      ? `${base}/catalog/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.kind.toLocaleLowerCase('en-US'))}/${encodeURIComponent(ref.name)}/${ENTITY_TAB_PATH}`
      : undefined;
}
