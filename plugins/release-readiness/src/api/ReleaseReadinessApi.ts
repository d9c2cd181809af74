import { createApiRef } from '@backstage/frontend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ComplianceListResponse,
  ComplianceQuery,
  ComplianceSummaryResponse,
  EntityFileContent,
  EntityFileRef,
  EntityHistoryResponse,
  EntityReadinessResponse,
} from '@release-readiness/backstage-plugin-release-readiness-common';

/**
 * What the release-readiness frontend needs from the backend.
 *
 * @public
 */
export interface ReleaseReadinessApi {
  /**
   * One entity's latest readiness. Rejects with a `ResponseError` (status 404)
   * when the entity is unknown or not readable by the user.
   */
  getEntityReadiness(
    entity: CompoundEntityRef,
  ): Promise<EntityReadinessResponse>;
  /** Re-reads the entity's evidence now and returns the new readiness. */
  refreshEntity(entity: CompoundEntityRef): Promise<EntityReadinessResponse>;
  /** The entity's gate changes, oldest first. */
  getEntityHistory(entity: CompoundEntityRef): Promise<EntityHistoryResponse>;
  /**
   * The text of the entity's protocol document (`'document'`), its form
   * (`'form'`) or one evidence file (its repository path inside
   * `.artifacts/deployment/`). Rejects with a `ResponseError`: 404 when the
   * entity is not readable by the user or the file is absent, 413 when the
   * file is over the backend's size limit.
   */
  getEntityFile(
    entity: CompoundEntityRef,
    file: EntityFileRef,
  ): Promise<EntityFileContent>;
  /**
   * One page of the catalog-wide compliance list; only that page is fetched.
   * Filters as the common package's `ComplianceQuery` describes them (a short `system` is resolved in each entity's own
   * namespace, a short `owner` in the default one); `sort: 'title'` orders
   * by what the page's Entity column shows (title, else name,
   * case-insensitive), `'name'` by metadata.name; a status (`'overall'` or a
   * gate) ascending lists the worst first: error, failed, blocked, pending,
   * not-evaluated, passed, then entities without Protocol 11.
   */
  getCompliance(query: ComplianceQuery): Promise<ComplianceListResponse>;
  /** Counts per gate and status for the same filters (paging is ignored). */
  getComplianceSummary(
    query: ComplianceQuery,
  ): Promise<ComplianceSummaryResponse>;
  /** The compliance list for the filters as CSV (every matching row; paging is ignored). */
  exportComplianceCsv(query: ComplianceQuery): Promise<Blob>;
}

/**
 * Reference to the {@link ReleaseReadinessApi}.
 *
 * @public
 */
export const releaseReadinessApiRef = createApiRef<ReleaseReadinessApi>().with({
  id: 'plugin.release-readiness.service',
  pluginId: 'release-readiness',
});
