/** Stored state → the REST payloads of `@release-readiness/backstage-plugin-release-readiness-common`. */
import {
  ComplianceRow,
  EntityReadinessResponse,
  GateStatus,
  ReleaseGateId,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { StoredEntity } from '../store/types';

const staleOf = (stored: StoredEntity) =>
  stored.stale
    ? { since: stored.stale.since.toISOString(), reason: stored.stale.reason }
    : undefined;

const displayRef = (stored: StoredEntity) =>
  `${stored.kind.toLocaleLowerCase('en-US')}:${stored.namespace}/${stored.name}`;

export function entityResponse(
  entityRef: string,
  stored: StoredEntity | undefined,
): EntityReadinessResponse {
  if (!stored) return { entityRef, hasProtocol: true };
  const response: EntityReadinessResponse = { entityRef, hasProtocol: true };
  if (stored.readiness) response.readiness = stored.readiness;
  if (stored.readiness && stored.evaluatedAt)
    response.evaluatedAt = stored.evaluatedAt.toISOString();
  const stale = staleOf(stored);
  if (stale) response.stale = stale;
  if (stored.documentUrl) response.documentUrl = stored.documentUrl;
  if (stored.evidenceBaseUrl) response.evidenceBaseUrl = stored.evidenceBaseUrl;
  return response;
}

export function complianceRow(stored: StoredEntity): ComplianceRow {
  const gates = Object.fromEntries(
    RELEASE_GATE_IDS.map(id => [id, stored.gates[id] ?? 'pending']),
  ) as Record<ReleaseGateId, GateStatus>;
  const row: ComplianceRow = {
    entityRef: displayRef(stored),
    kind: stored.kind,
    namespace: stored.namespace,
    name: stored.name,
    overall: stored.overall ?? 'pending',
    gates,
    handoffReady: stored.handoffReady,
  };
  if (stored.title) row.title = stored.title;
  if (stored.owner) row.owner = stored.owner;
  if (stored.system) row.system = stored.system;
  if (stored.lifecycle) row.lifecycle = stored.lifecycle;
  if (stored.evaluatedAt) row.evaluatedAt = stored.evaluatedAt.toISOString();
  const stale = staleOf(stored);
  if (stale) row.stale = stale;
  return row;
}
