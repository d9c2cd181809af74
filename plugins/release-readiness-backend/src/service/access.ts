/**
 * What a caller may read, asked of the catalog with the caller's own
 * credentials. Nothing is cached: every replica answers from the catalog.
 */
import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { PROTOCOL11_ANNOTATION } from '@release-readiness/backstage-plugin-release-readiness-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ReadableScope } from '../store/types';

/** Catalog filter on the protocol annotation. */
export const PROTOCOL_FILTER = {
  [`metadata.annotations.${PROTOCOL11_ANNOTATION}`]: CATALOG_FILTER_EXISTS,
};

const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];
const PAGE = 10_000;

export class CatalogAccess {
  constructor(
    private readonly options: { catalog: CatalogService; auth: AuthService },
  ) {}

  /** How many annotated entities these credentials see. */
  private async count(credentials: BackstageCredentials): Promise<number> {
    const response = await this.options.catalog.queryEntities(
      { filter: PROTOCOL_FILTER, fields: ['metadata.name'], limit: 1 },
      { credentials },
    );
    return response.totalItems;
  }

  /**
   * The annotated entities a caller may read. When the caller sees as many as
   * the plugin itself (which sees them all), the answer is "all" and no list is
   * fetched; otherwise the caller's refs, paged from the catalog.
   */
  async scope(credentials: BackstageCredentials): Promise<ReadableScope> {
    const own = await this.options.auth.getOwnServiceCredentials();
    const [mine, all] = await Promise.all([
      this.count(credentials),
      this.count(own),
    ]);
    if (mine >= all) return { all: true };
    return this.exactScope(credentials);
  }

  /** The caller's readable refs, always as a list. */
  async exactScope(credentials: BackstageCredentials): Promise<ReadableScope> {
    const refs: string[] = [];
    let cursor: string | undefined;
    do {
      const response = await this.options.catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE }
          : { filter: PROTOCOL_FILTER, fields: REF_FIELDS, limit: PAGE },
        { credentials },
      );
      for (const entity of response.items)
        refs.push(stringifyEntityRef(entity));
      cursor = response.pageInfo.nextCursor;
    } while (cursor);
    return { all: false, refs };
  }

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
