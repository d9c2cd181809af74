import { useEffect, useMemo, useState } from 'react';
import { Select } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  EntityAutocompletePicker,
  EntityKindPicker,
  EntityLifecyclePicker,
  EntityNamespacePicker,
  EntityOwnerPicker,
  EntitySearchBar,
  EntityTagPicker,
  EntityTypePicker,
  humanizeEntityRef,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  COMPLIANCE_STATUSES,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import {
  ComplianceEntityFilters,
  DEFAULT_KIND,
  EntitySystemFilter,
  gateFilter,
  statusFilter,
} from './filters';

const ANY = 'any';

/** `system:default/commerce` (as `spec.system` may hold it) shown as `commerce`, like the catalog shows refs. */
const systemLabel = (value: string) => {
  try {
    return humanizeEntityRef(parseEntityRef(value, { defaultKind: 'system' }), {
      defaultKind: 'system',
    });
  } catch {
    return value;
  }
};
const OVERALL = 'overall';

/**
 * The status filter, beside the catalog's pickers and in their style: the
 * overall status, or one gate's. Kept in `EntityListProvider` like them, so
 * it is in the URL too (`filters[status]`, `filters[gate]`).
 */
function StatusPicker() {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const { queryParameters, updateFilters } =
    useEntityList<ComplianceEntityFilters>();
  const [status, setStatus] = useState(() =>
    statusFilter(queryParameters.status),
  );
  const [gate, setGate] = useState(() => gateFilter(queryParameters.gate));
  useEffect(() => {
    updateFilters({ status, gate });
  }, [status, gate, updateFilters]);

  const gateItems = useMemo(
    () => [
      { value: OVERALL, label: t('page.filters.overallGate') },
      ...RELEASE_GATE_IDS.map(id => ({ value: id, label: t(`gates.${id}`) })),
    ],
    [t],
  );
  const statusItems = useMemo(
    () => [
      { value: ANY, label: t('page.filters.anyStatus') },
      ...COMPLIANCE_STATUSES.map(s => ({ value: s, label: t(`status.${s}`) })),
    ],
    [t],
  );
  return (
    <>
      <Select
        label={t('page.filters.status')}
        items={statusItems}
        selected={status?.value ?? ANY}
        onChange={value => setStatus(statusFilter(String(value)))}
      />
      <Select
        label={t('page.filters.gate')}
        items={gateItems}
        selected={gate?.value ?? OVERALL}
        onChange={value => setGate(gateFilter(String(value)))}
      />
    </>
  );
}

/**
 * The compliance page's filters: the catalog's own pickers (search, kind,
 * type, owner, lifecycle, system, tag, namespace) and a status picker, all
 * in `EntityListProvider`, so their state is in the URL as on the catalog
 * page. Each change applies at once.
 *
 * @public
 */
export function ComplianceFilters() {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  return (
    <>
      <EntitySearchBar />
      <EntityKindPicker initialFilter={DEFAULT_KIND} />
      <EntityTypePicker />
      <EntityOwnerPicker />
      <EntityLifecyclePicker />
      <EntityAutocompletePicker<ComplianceEntityFilters, 'systems'>
        label={t('page.filters.system')}
        name="systems"
        path="spec.system"
        Filter={EntitySystemFilter}
        getOptionLabel={systemLabel}
      />
      <EntityTagPicker />
      <EntityNamespacePicker />
      <StatusPicker />
    </>
  );
}
