/** Stored state → the REST payloads of `@release-readiness/backstage-plugin-release-readiness-common`. */
import { EntityReadinessResponse } from '@release-readiness/backstage-plugin-release-readiness-common';
import { StoredEntity } from '../store/types';

const staleOf = (stored: StoredEntity) =>
  stored.stale
    ? { since: stored.stale.since.toISOString(), reason: stored.stale.reason }
    : undefined;

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
