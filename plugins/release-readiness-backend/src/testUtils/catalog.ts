/**
 * A catalog fake whose answers depend on who asks: users and external
 * services see only the entities `canRead` allows; plugins (the plugin itself) see all.
 */
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  CatalogServiceRequestOptions,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

export type CanRead = (userEntityRef: string, entity: Entity) => boolean;

/** Who asks: a user's entity ref, or the subject of a service other than a plugin (external access). */
function userOf(options: CatalogServiceRequestOptions): string | undefined {
  const principal = options.credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user') return principal.userEntityRef;
  if (
    principal.type === 'service' &&
    principal.subject &&
    !principal.subject.startsWith('plugin:')
  )
    return principal.subject;
  return undefined;
}

export class PermissionedCatalog implements CatalogService {
  constructor(
    public entities: Entity[],
    private readonly canRead: CanRead = () => true,
  ) {}

  private view(options: CatalogServiceRequestOptions) {
    const user = userOf(options);
    return catalogServiceMock({
      entities: user
        ? this.entities.filter(e => this.canRead(user, e))
        : this.entities,
    });
  }

  getEntities: CatalogService['getEntities'] = (r, o) =>
    this.view(o).getEntities(r);
  getEntitiesByRefs: CatalogService['getEntitiesByRefs'] = (r, o) =>
    this.view(o).getEntitiesByRefs(r);
  queryEntities: CatalogService['queryEntities'] = (r, o) =>
    this.view(o).queryEntities(r);
  getEntityAncestors: CatalogService['getEntityAncestors'] = (r, o) =>
    this.view(o).getEntityAncestors(r);
  getEntityByRef: CatalogService['getEntityByRef'] = (r, o) =>
    this.view(o).getEntityByRef(r);
  removeEntityByUid: CatalogService['removeEntityByUid'] = (r, o) =>
    this.view(o).removeEntityByUid(r);
  refreshEntity: CatalogService['refreshEntity'] = (r, o) =>
    this.view(o).refreshEntity(r);
  getEntityFacets: CatalogService['getEntityFacets'] = (r, o) =>
    this.view(o).getEntityFacets(r);
  getLocations: CatalogService['getLocations'] = (r, o) =>
    this.view(o).getLocations(r);
  queryLocations: CatalogService['queryLocations'] = (r, o) =>
    this.view(o).queryLocations(r);
  streamLocations: CatalogService['streamLocations'] = (r, o) =>
    this.view(o).streamLocations(r);
  getLocationById: CatalogService['getLocationById'] = (r, o) =>
    this.view(o).getLocationById(r);
  getLocationByRef: CatalogService['getLocationByRef'] = (r, o) =>
    this.view(o).getLocationByRef(r);
  addLocation: CatalogService['addLocation'] = (r, o) =>
    this.view(o).addLocation(r);
  removeLocationById: CatalogService['removeLocationById'] = (r, o) =>
    this.view(o).removeLocationById(r);
  updateLocation: CatalogService['updateLocation'] = (id, l, o) =>
    this.view(o).updateLocation(id, l);
  getLocationByEntity: CatalogService['getLocationByEntity'] = (r, o) =>
    this.view(o).getLocationByEntity(r);
  validateEntity: CatalogService['validateEntity'] = (e, l, o) =>
    this.view(o).validateEntity(e, l);
  analyzeLocation: CatalogService['analyzeLocation'] = (r, o) =>
    this.view(o).analyzeLocation(r);
  streamEntities: CatalogService['streamEntities'] = (r, o) =>
    this.view(o).streamEntities(r);

  factory() {
    return createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => this,
    });
  }
}

/**
 * The permission policy's side of "`user` may not read the entity named
 * `name`": allow everything, except a conditional decision for that user's
 * catalog reads (the catalog's HAS_METADATA rule under `not`), as the
 * compliance queries apply it in SQL. Pair it with a {@link PermissionedCatalog}
 * whose `canRead` says the same.
 */
export function cannotReadEntityNamed(user: string, name: string) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () =>
      ({
        async authorize(requests: unknown[]) {
          return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
        },
        async authorizeConditional(
          requests: unknown[],
          { credentials }: { credentials: BackstageCredentials },
        ) {
          const who = (credentials.principal as { userEntityRef?: string })
            .userEntityRef;
          return requests.map(() =>
            who === user
              ? {
                  result: AuthorizeResult.CONDITIONAL,
                  pluginId: 'catalog',
                  resourceType: 'catalog-entity',
                  conditions: {
                    not: {
                      rule: 'HAS_METADATA',
                      resourceType: 'catalog-entity',
                      params: { key: 'name', value: name },
                    },
                  },
                }
              : { result: AuthorizeResult.ALLOW },
          );
        },
      }) as unknown as PermissionsService,
  });
}
