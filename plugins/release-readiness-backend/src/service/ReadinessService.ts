/**
 * What the REST API does: every answer is limited to entities the caller may
 * read in the catalog, checked with the caller's credentials.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  ComplianceListResponse,
  ComplianceRow,
  ComplianceSummaryResponse,
  EntityHistoryResponse,
  EntityReadinessResponse,
  GateCheckResponse,
  ReleaseGateId,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { hasProtocolAnnotation } from '../sources';
import { ReadinessStore } from '../store/ReadinessStore';
import { ComplianceFilter, ComplianceSort } from '../store/compliance';
import { ReadableScope } from '../store/types';
import { CatalogAccess } from './access';
import { ReadinessEvaluator } from './evaluator';
import { EvaluationQueue } from './queue';
import { ParsedComplianceQuery } from './query';
import { complianceRow, entityResponse } from './responses';
import { gateCheck } from './gateCheck';

const EXPORT_PAGE = 1000;

export class ReadinessService {
  constructor(
    private readonly options: {
      store: ReadinessStore;
      evaluator: ReadinessEvaluator;
      access: CatalogAccess;
      /** This instance's bounded evaluation queue; default one of 4 at once, 100 waiting. */
      queue?: EvaluationQueue;
      /** Link to an entity's release-readiness tab in the app, for gate answers. */
      entityUrl?: (ref: CompoundEntityRef) => string | undefined;
    },
  ) {
    this.queue = options.queue ?? new EvaluationQueue();
  }

  private readonly queue: EvaluationQueue;

  /** The entity, or NotFoundError when it does not exist or the caller may not read it. */
  private async readableEntity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ) {
    const entityRef = stringifyEntityRef(ref);
    const entity = await this.options.access.entity(entityRef, credentials);
    if (!entity) throw new NotFoundError(`Entity ${entityRef} not found`);
    return { entity, entityRef };
  }

  async getEntity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntityReadinessResponse> {
    const { entity, entityRef } = await this.readableEntity(ref, credentials);
    if (!hasProtocolAnnotation(entity))
      return { entityRef, hasProtocol: false };
    let stored = await this.options.store.get(entityRef);
    // Not evaluated yet (no push or sweep has reached it): evaluate now, through the queue.
    if (!stored?.overall)
      stored = await this.queue.run(() =>
        this.options.evaluator.evaluate(entity, { wait: true }),
      );
    return entityResponse(entityRef, stored);
  }

  async refresh(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntityReadinessResponse> {
    const { entity, entityRef } = await this.readableEntity(ref, credentials);
    if (!hasProtocolAnnotation(entity))
      return { entityRef, hasProtocol: false };
    // The answer is never older than the request: an evaluation already running
    // when it came is waited for, then run again if it began before it.
    const requestedAt = Date.now();
    const stored = await this.queue.run(() =>
      this.options.evaluator.evaluate(entity, {
        wait: true,
        notBefore: requestedAt,
      }),
    );
    return entityResponse(entityRef, stored);
  }

  /**
   * Whether the entity may be deployed past `gateId`, from its repository as
   * it is now (evaluated for this request, as {@link ReadinessService.refresh}).
   */
  async gate(
    ref: CompoundEntityRef,
    gateId: ReleaseGateId,
    credentials: BackstageCredentials,
  ): Promise<GateCheckResponse> {
    const readiness = await this.refresh(ref, credentials);
    return gateCheck(readiness, gateId, this.options.entityUrl?.(ref));
  }

  async history(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntityHistoryResponse> {
    const { entityRef } = await this.readableEntity(ref, credentials);
    const changes = await this.options.store.history(entityRef);
    return {
      entityRef,
      items: changes.map(c => ({
        gateId: c.gateId,
        status: c.status,
        ...(c.previousStatus ? { previousStatus: c.previousStatus } : {}),
        changedAt: c.changedAt.toISOString(),
      })),
    };
  }

  async list(
    query: ParsedComplianceQuery,
    credentials: BackstageCredentials,
  ): Promise<ComplianceListResponse> {
    const { store, access } = this.options;
    const page = { offset: query.offset, limit: query.limit };
    const scope = await access.scope(credentials);
    let result = await store.list(query.filter, query.sort, page, scope);
    if (scope.all && result.items.length > 0) {
      // The fast path trusts the store to hold only catalog entities; check the page.
      const refs = result.items.map(i => i.entityRef);
      const readable = await access.readable(refs, credentials);
      if (refs.some(r => !readable.has(r))) {
        result = await store.list(
          query.filter,
          query.sort,
          page,
          await access.exactScope(credentials),
        );
      }
    }
    return {
      items: result.items.map(complianceRow),
      totalCount: result.totalCount,
      ...page,
    };
  }

  async summary(
    filter: ComplianceFilter,
    credentials: BackstageCredentials,
  ): Promise<ComplianceSummaryResponse> {
    const scope = await this.options.access.scope(credentials);
    return this.options.store.summary(filter, scope);
  }

  /** Every matching row, page by page; rows the caller may not read are never yielded. */
  async *exportRows(
    filter: ComplianceFilter,
    sort: ComplianceSort,
    credentials: BackstageCredentials,
  ): AsyncGenerator<ComplianceRow[]> {
    const { store, access } = this.options;
    const scope: ReadableScope = await access.scope(credentials);
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const { items } = await store.list(
        filter,
        sort,
        { offset, limit: EXPORT_PAGE },
        scope,
      );
      let rows = items;
      if (scope.all && rows.length > 0) {
        const readable = await access.readable(
          rows.map(r => r.entityRef),
          credentials,
        );
        rows = rows.filter(r => readable.has(r.entityRef));
      }
      yield rows.map(complianceRow);
      if (items.length < EXPORT_PAGE) return;
    }
  }
}
