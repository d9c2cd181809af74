/**
 * The release-readiness REST API's payloads, shared by the backend and the
 * frontend client. The backend's OpenAPI spec describes the same shapes.
 */
import { GateStatus, ReleaseGateId, ReleaseReadiness } from '../gates/types';

/** Entity annotation that marks an entity as carrying Protocol 11. @public */
export const PROTOCOL11_ANNOTATION = 'release-readiness.io/protocol11';

/** Why an entity's result is stale: its repository could not be read. @public */
export interface StaleMarker {
  /** When reading first failed (ISO 8601). */
  since: string;
  /** What went wrong, in one line. */
  reason: string;
}

/** One entity's release readiness, as `GET /entities/{kind}/{namespace}/{name}` returns it. @public */
export interface EntityReadinessResponse {
  entityRef: string;
  /** False for an entity without the protocol: no document or no annotation. */
  hasProtocol: boolean;
  /** The latest evaluation; absent before the first one or without the protocol. */
  readiness?: ReleaseReadiness;
  /** When the readiness was evaluated (ISO 8601). */
  evaluatedAt?: string;
  /** Present when the last attempt to read the repository failed; `readiness` is then the last good result. */
  stale?: StaleMarker;
  /** Link to the entity's Protocol 11 document in its repository, when known. */
  documentUrl?: string;
  /** Base URL of the evidence folder in the repository, for links to evidence files. */
  evidenceBaseUrl?: string;
}

/** One change of a gate's status, as `GET …/history` lists them. @public */
export interface GateHistoryEntry {
  gateId: ReleaseGateId;
  status: GateStatus;
  /** Status before the change; absent for the first evaluation. */
  previousStatus?: GateStatus;
  /** When the change was seen (ISO 8601). */
  changedAt: string;
}

/** One entity's history of gate changes, oldest first. @public */
export interface EntityHistoryResponse {
  entityRef: string;
  items: GateHistoryEntry[];
}

/** One row of the compliance list. @public */
export interface ComplianceRow {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
  /** Overall status: the status of the first gate not passed, or passed. */
  overall: GateStatus;
  gates: Record<ReleaseGateId, GateStatus>;
  handoffReady: boolean;
  evaluatedAt?: string;
  stale?: StaleMarker;
}

/** Sortable columns of the compliance list. @public */
export const COMPLIANCE_SORT_FIELDS = [
  'name',
  'kind',
  'owner',
  'system',
  'lifecycle',
  'overall',
  'release-authorization',
  'production-deployment',
  'stabilization-handoff',
  'evaluatedAt',
] as const;

/** A sortable column of the compliance list. @public */
export type ComplianceSortField = (typeof COMPLIANCE_SORT_FIELDS)[number];

/**
 * Query of `GET /compliance` (and `/compliance/export.csv`). Every filter is
 * optional; list filters match any of their values.
 * @public
 */
export interface ComplianceQuery {
  owner?: string[];
  kind?: string[];
  system?: string[];
  lifecycle?: string[];
  /** Restrict `status` to one gate; without it `status` applies to the overall status. */
  gate?: ReleaseGateId;
  status?: GateStatus[];
  /** Free text, matched against name, title, owner and system. */
  q?: string;
  sort?: ComplianceSortField;
  order?: 'asc' | 'desc';
  /** Rows to skip (default 0). */
  offset?: number;
  /** Rows to return (default 50, at most 500). */
  limit?: number;
}

/** A page of the compliance list. @public */
export interface ComplianceListResponse {
  items: ComplianceRow[];
  /** Rows matching the filters, across all pages. */
  totalCount: number;
  offset: number;
  limit: number;
}

/** Counts per gate and status, as `GET /compliance/summary` returns them. @public */
export interface ComplianceSummaryResponse {
  /** Entities with the protocol that the caller may see. */
  total: number;
  gates: Record<ReleaseGateId, Partial<Record<GateStatus, number>>>;
  overall: Partial<Record<GateStatus, number>>;
}

/**
 * Which of an entity's Protocol 11 files `GET …/content` reads: the protocol
 * document, the form it came from, or a repository path inside the evidence
 * folder (`.artifacts/deployment/release-approvals.json`, as criteria name it).
 * @public
 */
export type EntityFileRef = 'document' | 'form' | string;

/**
 * One of an entity's Protocol 11 files, as the backend's
 * `GET /entities/{kind}/{namespace}/{name}/content?file=…` returns it.
 * @public
 */
export interface EntityFileContent {
  /** Repository path of the file, such as `.artifacts/deployment/release-approvals.json`. */
  path: string;
  /**
   * How to show it, from the file name: `text/markdown`, `application/json`,
   * `application/x-ndjson`, `application/yaml` or `text/plain`.
   */
  mediaType: string;
  /** Size in bytes. */
  size: number;
  /** The file's text (UTF-8). */
  content: string;
}
