/** Column names and row mapping of the store's tables. */
import {
  GateStatus,
  ReleaseGateId,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { StoredEntity } from './types';

export const ENTITIES = 'release_readiness_entities';
export const HISTORY = 'release_readiness_history';

/** The column holding each gate's status. */
export const GATE_COLUMNS: Record<ReleaseGateId, string> = {
  'release-authorization': 'gate_release_authorization',
  'production-deployment': 'gate_production_deployment',
  'stabilization-handoff': 'gate_stabilization_handoff',
};

/** A row of the entities table, as the driver returns it. */
export interface EntityRow {
  entity_ref: string;
  kind: string;
  namespace: string;
  name: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  lifecycle: string | null;
  overall: string | null;
  gate_release_authorization: string | null;
  gate_production_deployment: string | null;
  gate_stabilization_handoff: string | null;
  handoff_ready: boolean | number;
  readiness?: string | null;
  evaluated_at: string | number | null;
  stale_since: string | number | null;
  stale_reason: string | null;
  document_url?: string | null;
  evidence_base_url?: string | null;
  source_etag?: string | null;
  lease_owner?: string | null;
  lease_expires_at?: string | number;
  requested_at?: string | number | null;
}

/** Columns a compliance row needs (no result JSON). */
export const SUMMARY_COLUMNS = [
  'entity_ref',
  'kind',
  'namespace',
  'name',
  'title',
  'owner',
  'system',
  'lifecycle',
  'overall',
  'gate_release_authorization',
  'gate_production_deployment',
  'gate_stabilization_handoff',
  'handoff_ready',
  'evaluated_at',
  'stale_since',
  'stale_reason',
];

const orUndefined = <T>(value: T | null | undefined): T | undefined =>
  value === null ? undefined : value;
const toDate = (value: string | number | null | undefined) =>
  value === null || value === undefined ? undefined : new Date(Number(value));

function parseJson<T>(text: string | null | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Maps a row to the stored entity. */
export function fromRow(row: EntityRow): StoredEntity {
  const gates: StoredEntity['gates'] = {};
  for (const id of RELEASE_GATE_IDS) {
    const status = row[GATE_COLUMNS[id] as keyof EntityRow];
    if (typeof status === 'string') gates[id] = status as GateStatus;
  }
  const staleSince = toDate(row.stale_since);
  return {
    entityRef: row.entity_ref,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    title: orUndefined(row.title),
    owner: orUndefined(row.owner),
    system: orUndefined(row.system),
    lifecycle: orUndefined(row.lifecycle),
    readiness: parseJson(row.readiness),
    overall: orUndefined(row.overall) as GateStatus | undefined,
    gates,
    handoffReady: Boolean(row.handoff_ready),
    evaluatedAt: toDate(row.evaluated_at),
    stale: staleSince
      ? { since: staleSince, reason: row.stale_reason ?? '' }
      : undefined,
    documentUrl: orUndefined(row.document_url),
    evidenceBaseUrl: orUndefined(row.evidence_base_url),
    fingerprint: parseJson(row.source_etag),
    leaseOwner: orUndefined(row.lease_owner),
    leaseExpiresAt: Number(row.lease_expires_at ?? 0),
    requestedAt:
      row.requested_at === null || row.requested_at === undefined
        ? undefined
        : Number(row.requested_at),
  };
}
