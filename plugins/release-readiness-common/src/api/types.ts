/**
 * The release-readiness REST API's payloads, shared by the backend and the
 * frontend client. Every type here is derived from the types openapi-typescript
 * generates from the backend's OpenAPI spec
 * (`plugins/release-readiness-backend/src/schema/openapi.yaml`, generated into
 * `src/schema/openapi/generated/types.ts` by `npm run openapi:generate`), so
 * the spec is the one description of the contract; field docs live there.
 */
import { components, operations } from '../schema/openapi/generated/types';

/** Entity annotation that marks an entity as carrying Protocol 11. @public */
export const PROTOCOL11_ANNOTATION = 'release-readiness.io/protocol11';

/**
 * Why an entity's result is stale: its repository could not be read
 * (`since`: when reading first failed, ISO 8601; `reason`: one line).
 * @public
 */
export type StaleMarker = components['schemas']['StaleMarker'];

/**
 * One entity's release readiness, as `GET /entities/{kind}/{namespace}/{name}`
 * (and `POST …/refresh`) return it. `readiness` is absent before the first
 * evaluation or without the protocol; `stale` is present when the last attempt
 * to read the repository failed, `readiness` then being the last good result.
 * @public
 */
export type EntityReadinessResponse =
  components['schemas']['EntityReadinessResponse'];

/** One change of a gate's status, as `GET …/history` lists them. @public */
export type GateHistoryEntry = components['schemas']['GateHistoryEntry'];

/** One entity's history of gate changes, oldest first. @public */
export type EntityHistoryResponse =
  components['schemas']['EntityHistoryResponse'];

/**
 * Status of an entity in the compliance list: its gate status once evaluated,
 * `no-protocol` when the entity lacks the `release-readiness.io/protocol11`
 * annotation, `not-evaluated` when it has it but no result is stored yet.
 * @public
 */
export type ComplianceStatus = components['schemas']['ComplianceStatus'];

/**
 * Every {@link ComplianceStatus}, in the list's status order (a test checks
 * the set against the spec's enum).
 * @public
 */
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
export type ComplianceRow = components['schemas']['ComplianceRow'];

/**
 * The query of `GET /compliance` as the spec gives it: filters, sort and
 * page. Every filter is optional; the values of one list filter match any,
 * filters combine with AND; matching is case-insensitive. The filters are
 * those of the catalog's pickers, on the same entity fields. Refs: an
 * `owner` without a namespace (`team-a`) is in the default namespace, as the
 * catalog's owner filter reads it; a `system` without a namespace
 * (`commerce`, a raw `spec.system` value as the page's system picker sends
 * it) matches every entity whose `spec.system` resolves, in the entity's own
 * namespace, to a system of that name (`system:payments/commerce` for an
 * entity in `payments`), one with a namespace (`system:default/commerce`)
 * only that system. The spec (`openapi.yaml`) describes each parameter.
 * @public
 */
export type ComplianceQuery = NonNullable<
  operations['listCompliance']['parameters']['query']
>;

/**
 * A sort of the compliance list: `title` is what the page's Entity column
 * shows (metadata.title, else metadata.name, case-insensitive), `name`
 * metadata.name; `overall` and the gate ids sort by status, worst first
 * when ascending (error, failed, blocked, pending, not-evaluated, passed,
 * then no-protocol); ties go by entity ref (the spec's `sort` parameter).
 * @public
 */
export type ComplianceSortField = NonNullable<ComplianceQuery['sort']>;

/**
 * Sortable columns of the compliance list, in column order (a test checks
 * the set against the spec's enum).
 * @public
 */
export const COMPLIANCE_SORT_FIELDS: readonly ComplianceSortField[] = [
  'name',
  'title',
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
];

/** A page of the compliance list. @public */
export type ComplianceListResponse =
  components['schemas']['ComplianceListResponse'];

/**
 * Counts per gate and status, as `GET /compliance/summary` returns them:
 * `overall` counts by overall status (`no-protocol` and `not-evaluated`
 * included) and adds up to `total`; `withProtocol / total` is the adoption
 * figure; `gates` counts the evaluated entities only.
 * @public
 */
export type ComplianceSummaryResponse =
  components['schemas']['ComplianceSummaryResponse'];

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
export type EntityFileContent = components['schemas']['EntityFileContent'];

/**
 * The REST API's generated types (openapi-typescript, from the backend's
 * OpenAPI spec), for typed clients such as openapi-fetch.
 */
export type {
  paths as ReleaseReadinessApiPaths,
  components as ReleaseReadinessApiComponents,
  operations as ReleaseReadinessApiOperations,
} from '../schema/openapi/generated/types';
