import {
  DefaultEntityFilters,
  EntityFilter,
  EntityKindFilter,
  EntityLifecycleFilter,
  EntityNamespaceFilter,
  EntityOwnerFilter,
  EntityTagFilter,
  EntityTextFilter,
  EntityTypeFilter,
} from '@backstage/plugin-catalog-react';
import {
  COMPLIANCE_STATUSES,
  ComplianceQuery,
  ComplianceStatus,
  RELEASE_GATE_IDS,
  ReleaseGateId,
} from '@release-readiness/backstage-plugin-release-readiness-common';

/**
 * Entities whose `spec.system` is one of the values, for the system picker
 * (an `EntityAutocompletePicker` on `spec.system`; the catalog has no
 * system picker of its own). In the URL as `filters[systems]=…`.
 *
 * @public
 */
export class EntitySystemFilter implements EntityFilter {
  constructor(readonly values: string[]) {}

  getCatalogFilters() {
    return { 'spec.system': this.values };
  }

  toQueryValue() {
    return this.values;
  }
}

/**
 * The status the compliance list is filtered on: the overall status, or one
 * gate's when `gate` is set. In the URL as `filters[status]=failed` and
 * `filters[gate]=release-authorization`; the catalog ignores it.
 *
 * @public
 */
export class ComplianceStatusFilter implements EntityFilter {
  constructor(readonly value: ComplianceStatus) {}

  toQueryValue() {
    return this.value;
  }
}

/** The gate whose status {@link ComplianceStatusFilter} applies to. @public */
export class ComplianceGateFilter implements EntityFilter {
  constructor(readonly value: ReleaseGateId) {}

  toQueryValue() {
    return this.value;
  }
}

/**
 * The compliance page's filters: the catalog's own (kind, type, owners,
 * lifecycles, tags, namespace, text) plus system, status and gate.
 *
 * @public
 */
export type ComplianceEntityFilters = DefaultEntityFilters & {
  systems?: EntitySystemFilter;
  status?: ComplianceStatusFilter;
  gate?: ComplianceGateFilter;
};

/** The filter keys the page turns into API parameters. */
export const COMPLIANCE_FILTER_KEYS = [
  'kind',
  'type',
  'owners',
  'lifecycles',
  'tags',
  'namespace',
  'systems',
  'text',
  'status',
  'gate',
] as const;

/** One of {@link COMPLIANCE_FILTER_KEYS}. */
export type ComplianceFilterKey = (typeof COMPLIANCE_FILTER_KEYS)[number];

export { DEFAULT_KIND } from './firstPage';

/**
 * The kinds a Protocol 11 document can belong to, the kind picker's choices:
 * those the Protocol 11 template lets a user pick the entity from (its
 * `EntityPicker`'s `catalogFilter`, in the scaffolder module's
 * `buildTemplate.ts`). A URL's `filters[kind]` of another kind opens the
 * page on the default kind (`DEFAULT_KIND`).
 */
export const PROTOCOL_KINDS = ['Component', 'System'];

/** True for one of {@link PROTOCOL_KINDS}, in any case. */
export const isProtocolKind = (kind: string) =>
  PROTOCOL_KINDS.some(
    k => k.toLocaleLowerCase('en-US') === kind.toLocaleLowerCase('en-US'),
  );

const list = (value: string | string[] | undefined): string[] =>
  [value ?? []].flat().filter(v => v !== '');

/** The status filter for a `filters[status]` value; undefined for none or an unknown one. */
export function statusFilter(
  value: string | string[] | undefined,
): ComplianceStatusFilter | undefined {
  const status = COMPLIANCE_STATUSES.find(s => s === list(value)[0]);
  return status && new ComplianceStatusFilter(status);
}

/** The gate filter for a `filters[gate]` value; undefined for none or an unknown gate. */
export function gateFilter(
  value: string | string[] | undefined,
): ComplianceGateFilter | undefined {
  const gate = RELEASE_GATE_IDS.find(g => g === list(value)[0]);
  return gate && new ComplianceGateFilter(gate);
}

/**
 * A filter as its picker would build it from the URL's
 * `filters[key]` value, for the moments before the picker has registered it
 * (the autocomplete pickers wait for the catalog's facets; the search bar
 * waits 250 ms).
 */
export function filterFromQueryValue(
  key: ComplianceFilterKey,
  value: string | string[] | undefined,
): EntityFilter | undefined {
  const values = list(value);
  if (!values.length) return undefined;
  switch (key) {
    case 'kind':
      return new EntityKindFilter(values[0], values[0]);
    case 'type':
      return new EntityTypeFilter(values);
    case 'owners':
      return new EntityOwnerFilter(values);
    case 'lifecycles':
      return new EntityLifecycleFilter(values);
    case 'tags':
      return new EntityTagFilter(values);
    case 'namespace':
      return new EntityNamespaceFilter(values);
    case 'systems':
      return new EntitySystemFilter(values);
    case 'text':
      return new EntityTextFilter(values[0]);
    case 'status':
      return statusFilter(values);
    case 'gate':
      return gateFilter(values);
    default:
      return undefined;
  }
}

/**
 * The compliance API's query for the page's filters: kind → `kind`, type →
 * `type`, owners → `owner`, lifecycles → `lifecycle`, tags → `tag`,
 * namespace → `namespace`, systems → `system`, text → `q`, status and gate
 * as they are. Empty filters are left out.
 *
 * @public
 */
export function complianceQueryFromFilters(
  filters: ComplianceEntityFilters,
): ComplianceQuery {
  const query: ComplianceQuery = {};
  const set = (name: keyof ComplianceQuery, values: string[] | undefined) => {
    if (values?.length) Object.assign(query, { [name]: values });
  };
  set('kind', filters.kind ? [filters.kind.value] : undefined);
  set('type', filters.type?.getTypes());
  set('owner', filters.owners?.values);
  set('lifecycle', filters.lifecycles?.values);
  set('tag', filters.tags?.values);
  set('namespace', filters.namespace?.values);
  set('system', filters.systems?.values);
  const text = filters.text?.value.trim();
  if (text) query.q = text;
  if (filters.status) {
    query.status = [filters.status.value];
    if (filters.gate) query.gate = filters.gate.value;
  }
  return query;
}
