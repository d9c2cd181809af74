/**
 * What the REST API does: every answer is limited to entities the caller may
 * read in the catalog, checked with the caller's credentials.
 */
import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
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
import {
  ComplianceFilter,
  ComplianceSort,
  StoreScope,
} from '../store/compliance';
import { readScope } from './permissionScope';
import { CatalogAccess } from './access';
import { ReadinessEvaluator } from './evaluator';
import { EvaluationQueue } from './queue';
import { ParsedComplianceQuery } from './query';
import { entityResponse } from './responses';
import { gateCheck } from './gateCheck';

export class ReadinessService {
  constructor(
    private readonly options: {
      store: ReadinessStore;
      evaluator: ReadinessEvaluator;
      access: CatalogAccess;
      /** Decides the caller's catalog read permission for the compliance routes. */
      permissions: PermissionsService;
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

  /**
   * The caller's read scope for the compliance routes: one authorization
   * call; a decision with rules the plugin cannot translate is resolved by
   * checking the candidate entities with the catalog.
   */
  private async complianceScope(
    filter: ComplianceFilter,
    credentials: BackstageCredentials,
  ): Promise<StoreScope> {
    const scope = await readScope(this.options.permissions, credentials);
    if (scope.type !== 'checked') return scope;
    const candidates = await this.options.store.candidates(
      filter,
      scope.filter,
    );
    const readable = await this.options.access.readable(
      candidates,
      credentials,
    );
    return { type: 'refs', refs: candidates.filter(r => readable.has(r)) };
  }

  async list(
    query: ParsedComplianceQuery,
    credentials: BackstageCredentials,
  ): Promise<ComplianceListResponse> {
    const page = { offset: query.offset, limit: query.limit };
    const scope = await this.complianceScope(query.filter, credentials);
    const result = await this.options.store.list(
      query.filter,
      query.sort,
      page,
      scope,
    );
    return { ...result, ...page };
  }

  async summary(
    filter: ComplianceFilter,
    credentials: BackstageCredentials,
  ): Promise<ComplianceSummaryResponse> {
    const scope = await this.complianceScope(filter, credentials);
    return this.options.store.summary(filter, scope);
  }

  /** Every matching row the caller may read, from one database snapshot. */
  async exportRows(
    filter: ComplianceFilter,
    sort: ComplianceSort,
    credentials: BackstageCredentials,
  ): Promise<ComplianceRow[]> {
    const scope = await this.complianceScope(filter, credentials);
    return this.options.store.exportRows(filter, sort, scope);
  }
}
