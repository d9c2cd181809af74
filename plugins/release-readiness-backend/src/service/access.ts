/**
 * What a caller may read, asked of the catalog with the caller's own
 * credentials (users: the permission policy applies through the catalog).
 * Service principals — other plugins, and pipelines through external access
 * (static tokens, JWKS) — are decided as Backstage decides them: by the
 * permissions service from the token's access restrictions (a token may be
 * limited to `catalog.entity.read` or to read actions); then the catalog is
 * read as this plugin, because a token limited to this plugin cannot be
 * forwarded to the catalog. Nothing is cached: every replica answers from the
 * catalog.
 */
import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      /** Decides service principals; without it they read the catalog with their own credentials. */
      permissions?: PermissionsService;
    },
  ) {}

  /**
   * The credentials to read the catalog with: a user's own; for a service
   * principal allowed to read catalog entities, this plugin's; undefined for
   * one that is not (it sees nothing).
   */
  private async catalogCredentials(
    credentials: BackstageCredentials,
    resourceRef?: string,
  ): Promise<BackstageCredentials | undefined> {
    const { auth, permissions } = this.options;
    if (!permissions || !auth.isPrincipal(credentials, 'service'))
      return credentials;
    const [decision] = resourceRef
      ? await permissions.authorize(
          [{ permission: catalogEntityReadPermission, resourceRef }],
          { credentials },
        )
      : await permissions.authorizeConditional(
          [{ permission: catalogEntityReadPermission }],
          { credentials },
        );
    if (decision.result !== AuthorizeResult.ALLOW) return undefined;
    return auth.getOwnServiceCredentials();
  }

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
  async scope(caller: BackstageCredentials): Promise<ReadableScope> {
    const credentials = await this.catalogCredentials(caller);
    if (!credentials) return { all: false, refs: [] };
    const own = await this.options.auth.getOwnServiceCredentials();
    const [mine, all] = await Promise.all([
      this.count(credentials),
      this.count(own),
    ]);
    if (mine >= all) return { all: true };
    return this.exactScope(credentials);
  }

  /** The caller's readable refs, always as a list. */
  async exactScope(caller: BackstageCredentials): Promise<ReadableScope> {
    const credentials = await this.catalogCredentials(caller);
    if (!credentials) return { all: false, refs: [] };
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
    caller: BackstageCredentials,
  ): Promise<Set<string>> {
    const readable = new Set<string>();
    const credentials = await this.catalogCredentials(caller);
    if (!credentials) return readable;
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
    caller: BackstageCredentials,
  ): Promise<Entity | undefined> {
    const credentials = await this.catalogCredentials(caller, entityRef);
    if (!credentials) return undefined;
    return this.options.catalog.getEntityByRef(entityRef, { credentials });
  }
}
