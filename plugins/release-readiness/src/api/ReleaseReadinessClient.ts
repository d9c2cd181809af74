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
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ReleaseReadinessApi } from './ReleaseReadinessApi';
import { encodeComplianceQuery, withSearch } from './query';

/** Discovery id of the release-readiness backend. */
const PLUGIN_ID = 'release-readiness';

/**
 * Talks to the release-readiness backend through the app's discovery and
 * fetch APIs (so the user's credentials travel with every request).
 *
 * @public
 */
export class ReleaseReadinessClient implements ReleaseReadinessApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityReadiness(
    entity: CompoundEntityRef,
  ): Promise<EntityReadinessResponse> {
    return this.json(entityPath(entity));
  }

  async refreshEntity(
    entity: CompoundEntityRef,
  ): Promise<EntityReadinessResponse> {
    return this.json(`${entityPath(entity)}/refresh`, { method: 'POST' });
  }

  async getEntityHistory(
    entity: CompoundEntityRef,
  ): Promise<EntityHistoryResponse> {
    return this.json(`${entityPath(entity)}/history`);
  }

  async getEntityFile(
    entity: CompoundEntityRef,
    file: EntityFileRef,
  ): Promise<EntityFileContent> {
    return this.json(
      `${entityPath(entity)}/content?${new URLSearchParams({ file })}`,
    );
  }

  async getCompliance(query: ComplianceQuery): Promise<ComplianceListResponse> {
    return this.json(withSearch('/compliance', encodeComplianceQuery(query)));
  }

  async getComplianceSummary(
    query: ComplianceQuery,
  ): Promise<ComplianceSummaryResponse> {
    return this.json(
      withSearch(
        '/compliance/summary',
        encodeComplianceQuery(query, { paging: false }),
      ),
    );
  }

  async exportComplianceCsv(query: ComplianceQuery): Promise<Blob> {
    const response = await this.request(
      withSearch(
        '/compliance/export.csv',
        encodeComplianceQuery(query, { paging: false }),
      ),
      { headers: { Accept: 'text/csv' } },
    );
    return response.blob();
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.request(path, {
      ...init,
      headers: { Accept: 'application/json', ...init?.headers },
    });
    return (await response.json()) as T;
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

/** `/entities/:kind/:namespace/:name`, each part encoded. */
function entityPath(entity: CompoundEntityRef): string {
  const parts = [entity.kind, entity.namespace, entity.name].map(
    encodeURIComponent,
  );
  return `/entities/${parts.join('/')}`;
}
