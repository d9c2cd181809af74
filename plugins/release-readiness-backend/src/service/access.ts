/**
 * Single-entity reads and page checks, asked of the catalog with the caller's
 * own credentials. The compliance routes apply permissions in SQL
 * (./permissionScope) and come here only for rules they cannot translate.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { PROTOCOL11_ANNOTATION } from '@release-readiness/backstage-plugin-release-readiness-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
/** Catalog filter on the protocol annotation. */
export const PROTOCOL_FILTER = {
  [`metadata.annotations.${PROTOCOL11_ANNOTATION}`]: CATALOG_FILTER_EXISTS,
};

const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

export class CatalogAccess {
  constructor(private readonly options: { catalog: CatalogService }) {}

  /** Which of these refs the caller may read (chunks of 200, one catalog call each). */
  async readable(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const readable = new Set<string>();
    for (let i = 0; i < entityRefs.length; i += 200) {
      const chunk = entityRefs.slice(i, i + 200);
      const { items } = await this.options.catalog.getEntitiesByRefs(
        { entityRefs: chunk, fields: REF_FIELDS },
        { credentials },
      );
      items.forEach((item: Entity | undefined, index) => {
        if (item) readable.add(chunk[index]);
      });
    }
    return readable;
  }

  /** The entity, when the caller may read it. */
  async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    return this.options.catalog.getEntityByRef(entityRef, { credentials });
  }
}
