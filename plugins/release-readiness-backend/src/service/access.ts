/**
 * Single-entity reads and page checks, asked of the catalog with the caller's
 * own credentials (users: the permission policy applies through the catalog).
 * The compliance routes apply permissions in SQL (./permissionScope) and come
 * here only for rules they cannot translate. Service principals — other
 * plugins, and pipelines through external access (static tokens, JWKS) — are
 * decided as Backstage decides them: by the permissions service from the
 * token's access restrictions (a token may be limited to `catalog.entity.read`
 * or to read actions); then the catalog is read as this plugin, because a
 * token limited to this plugin cannot be forwarded to the catalog.
 */
import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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
  constructor(
    private readonly options: {
      catalog: CatalogService;
      /** With `permissions`, decides service principals; without both they read the catalog with their own credentials. */
      auth?: AuthService;
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
    if (!permissions || !auth || !auth.isPrincipal(credentials, 'service'))
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
