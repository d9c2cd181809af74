import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ComplianceListResponse,
  ComplianceQuery,
  ComplianceSummaryResponse,
  EntityFileContent,
  EntityFileRef,
  EntityHistoryResponse,
  EntityReadinessResponse,
  ReleaseReadinessApiPaths,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import createClient, { Client } from 'openapi-fetch';
import { ReleaseReadinessApi } from './ReleaseReadinessApi';
import { compactComplianceQuery } from './query';

/** Discovery id of the release-readiness backend. */
const PLUGIN_ID = 'release-readiness';

/**
 * Talks to the release-readiness backend through the app's discovery and
 * fetch APIs (so the user's credentials travel with every request). Routes,
 * parameters and response types come from the backend's OpenAPI spec: the
 * requests are made by openapi-fetch, typed by the spec's generated `paths`
 * (`ReleaseReadinessApiPaths` of the common package), so a route or field
 * the spec does not have does not compile. A failed response rejects with a
 * `ResponseError` from `@backstage/errors`.
 *
 * @public
 */
export class ReleaseReadinessClient implements ReleaseReadinessApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly client: Client<ReleaseReadinessApiPaths>;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.client = createClient<ReleaseReadinessApiPaths>({
      fetch: request => options.fetchApi.fetch(request),
    });
    this.client.use({
      async onResponse({ response }) {
        if (!response.ok) throw await ResponseError.fromResponse(response);
        return undefined;
      },
    });
  }

  async getEntityReadiness(
    entity: CompoundEntityRef,
  ): Promise<EntityReadinessResponse> {
    const { data } = await this.client.request(
      'get',
      '/entities/{kind}/{namespace}/{name}',
      { ...(await this.init()), params: { path: pathOf(entity) } },
    );
    return data!;
  }

  async refreshEntity(
    entity: CompoundEntityRef,
  ): Promise<EntityReadinessResponse> {
    const { data } = await this.client.request(
      'post',
      '/entities/{kind}/{namespace}/{name}/refresh',
      { ...(await this.init()), params: { path: pathOf(entity) } },
    );
    return data!;
  }

  async getEntityHistory(
    entity: CompoundEntityRef,
  ): Promise<EntityHistoryResponse> {
    const { data } = await this.client.request(
      'get',
      '/entities/{kind}/{namespace}/{name}/history',
      { ...(await this.init()), params: { path: pathOf(entity) } },
    );
    return data!;
  }

  async getEntityFile(
    entity: CompoundEntityRef,
    file: EntityFileRef,
  ): Promise<EntityFileContent> {
    const { data } = await this.client.request(
      'get',
      '/entities/{kind}/{namespace}/{name}/content',
      {
        ...(await this.init()),
        params: { path: pathOf(entity), query: { file } },
      },
    );
    return data!;
  }

  async getCompliance(query: ComplianceQuery): Promise<ComplianceListResponse> {
    const { data } = await this.client.request('get', '/compliance', {
      ...(await this.init()),
      params: { query: compactComplianceQuery(query) },
    });
    return data!;
  }

  async getComplianceSummary(
    query: ComplianceQuery,
  ): Promise<ComplianceSummaryResponse> {
    const { sort, order, offset, limit, ...filters } =
      compactComplianceQuery(query);
    const { data } = await this.client.request('get', '/compliance/summary', {
      ...(await this.init()),
      params: { query: filters },
    });
    return data!;
  }

  async exportComplianceCsv(query: ComplianceQuery): Promise<Blob> {
    const { offset, limit, ...filters } = compactComplianceQuery(query);
    const { data } = await this.client.request(
      'get',
      '/compliance/export.csv',
      {
        ...(await this.init('text/csv')),
        params: { query: filters },
        parseAs: 'blob',
      },
    );
    return data!;
  }

  /** The backend's base URL (from discovery) and the media type asked for. */
  private async init(accept = 'application/json') {
    return {
      baseUrl: await this.discoveryApi.getBaseUrl(PLUGIN_ID),
      headers: { Accept: accept },
    };
  }
}

function pathOf({ kind, namespace, name }: CompoundEntityRef) {
  return { kind, namespace, name };
}
