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

/**
 * Status of an entity in the compliance list: its gate status once evaluated,
 * `no-protocol` when the entity lacks the `release-readiness.io/protocol11`
 * annotation, `not-evaluated` when it has it but no result is stored yet.
 * @public
 */
export type ComplianceStatus = GateStatus | 'no-protocol' | 'not-evaluated';

/** Every {@link ComplianceStatus}, in the list's status order. @public */
export const COMPLIANCE_STATUSES: readonly ComplianceStatus[] = [
  'passed',
  'pending',
  'blocked',
  'failed',
  'error',
  'not-evaluated',
  'no-protocol',
];

/**
 * One row of the compliance list: one catalog entity the caller may read,
 * with or without Protocol 11.
 * @public
 */
export interface ComplianceRow {
  /** Lowercase entity ref (`component:default/payments-api`). */
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  /** `spec.type`. */
  type?: string;
  /** Owner as an entity ref (`group:default/payments`), from the `ownedBy` relation or `spec.owner`. */
  owner?: string;
  /** System as an entity ref (`system:default/checkout`), from `spec.system`. */
  system?: string;
  lifecycle?: string;
  /** `metadata.tags`. */
  tags: string[];
  /** Whether the entity carries the `release-readiness.io/protocol11` annotation. */
  hasProtocol: boolean;
  /** Overall status: the status of the first gate not passed, or passed; see {@link ComplianceStatus}. */
  overall: ComplianceStatus;
  /** Each gate's status; absent until the entity has been evaluated. */
  gates?: Record<ReleaseGateId, GateStatus>;
  handoffReady: boolean;
  evaluatedAt?: string;
  stale?: StaleMarker;
}

/** Sortable columns of the compliance list. @public */
export const COMPLIANCE_SORT_FIELDS = [
  'name',
  'kind',
  'type',
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
 * Query of `GET /compliance` (and `/compliance/summary`,
 * `/compliance/export.csv`). Every filter is optional; the values of one list
 * filter match any, filters combine with AND; matching is case-insensitive.
 * The filters are those of the catalog's pickers, on the same entity fields.
 * @public
 */
export interface ComplianceQuery {
  /** Entity kinds (`kind`). */
  kind?: string[];
  /** `spec.type` values. */
  type?: string[];
  /** Owner refs (`group:default/team` or `team`), matched against the `ownedBy` relations. */
  owner?: string[];
  /** `spec.lifecycle` values. */
  lifecycle?: string[];
  /** System refs (`system:default/name` or `name`), matched against `spec.system`. */
  system?: string[];
  /** `metadata.tags` values. */
  tag?: string[];
  /** `metadata.namespace` values. */
  namespace?: string[];
  /** Restrict `status` to one gate; without it `status` applies to the overall status. */
  gate?: ReleaseGateId;
  status?: ComplianceStatus[];
  /** Free text, a substring of name, title, owner ref or system ref. */
  q?: string;
  sort?: ComplianceSortField;
  order?: 'asc' | 'desc';
  /** Rows to skip (default 0); list only. */
  offset?: number;
  /** Rows to return (default 50, at most 500); list only. */
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
  /** Entities matching the filters that the caller may read, with or without the protocol. */
  total: number;
  /** Of those, the entities carrying Protocol 11 (the adoption figure: `withProtocol / total`). */
  withProtocol: number;
  /** Per gate, counts by status over the evaluated entities only. */
  gates: Record<ReleaseGateId, Partial<Record<GateStatus, number>>>;
  /** Counts by overall status, `no-protocol` and `not-evaluated` included; they add up to `total`. */
  overall: Partial<Record<ComplianceStatus, number>>;
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
