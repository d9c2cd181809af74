import { ReactElement } from 'react';
import { Entity } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import {
  AsyncEntityProvider,
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
} from '@backstage/integration-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { PROTOCOL11_ANNOTATION } from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessApiRef, ReleaseReadinessApi } from '../api';

/** A component with Protocol 11, as the catalog returns it. */
export const protocolEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: {
      [PROTOCOL11_ANNOTATION]: '11-production-deployment-release-management.md',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments',
  },
};

/** A component without Protocol 11. */
export const plainEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'legacy-batch', namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/batch',
  },
};

/** API implementations, as `TestApiProvider` takes them. */
type TestApiPairs = Parameters<typeof TestApiProvider>[0]['apis'];

/** App config data, as `mockApis.config` takes it. */
type ConfigData = NonNullable<
  NonNullable<Parameters<typeof mockApis.config>[0]>['data']
>;

/**
 * Renders an element inside a test app with the fake API, an optional app
 * config and, when given, an entity in `EntityProvider`.
 */
export async function renderWithApi(
  element: ReactElement,
  options: {
    api: ReleaseReadinessApi;
    entity?: Entity;
    config?: ConfigData;
    /** What the entity page's refresh does (`useAsyncEntity().refresh`). */
    refreshEntity?: () => void;
    /** The route the app starts at, such as `/?file=document`. */
    route?: string;
    /** What the catalog holds, for the catalog's pickers and entity links (none by default). */
    catalogEntities?: Entity[];
    /** More APIs, such as an analytics API that records events. */
    apis?: TestApiPairs;
  },
) {
  const wrapped = options.entity ? (
    <AsyncEntityProvider
      entity={options.entity}
      loading={false}
      refresh={options.refreshEntity}
    >
      {element}
    </AsyncEntityProvider>
  ) : (
    element
  );
  const config = mockApis.config({ data: options.config ?? {} });
  return await renderInTestApp(
    <TestApiProvider
      apis={[
        [releaseReadinessApiRef, options.api],
        [configApiRef, config],
        // The app's SCM integrations: github.com and gitlab.com by default.
        [scmIntegrationsApiRef, ScmIntegrationsApi.fromConfig(config)],
        [catalogApiRef, catalogApiMock({ entities: options.catalogEntities })],
        ...(options.apis ?? []),
      ]}
    >
      {wrapped}
    </TestApiProvider>,
    {
      ...(options.route ? { routeEntries: [options.route] } : {}),
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
