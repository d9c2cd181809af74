import { useEffect, useMemo, useState } from 'react';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import { Select } from '@backstage/core-components';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityAutocompletePicker,
  EntityDisplayName,
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
  PROTOCOL_KINDS,
  statusFilter,
} from './filters';

const ANY = 'any';

/**
 * A `spec.system` value (`commerce`, or a full ref such as
 * `system:default/commerce`) as the full ref of the system it names, or
 * undefined for a value that is no ref.
 */
const systemRef = (value: string) => {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind: 'system',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return undefined;
  }
};

/** A system's chip: its short name (`commerce`), as the catalog writes refs. */
const systemLabel = (value: string) => {
  const ref = systemRef(value);
  return ref
    ? humanizeEntityRef(parseEntityRef(ref), { defaultKind: 'system' })
    : value;
};

/**
 * A system in the picker's list, checked when picked like the catalog's
 * pickers' options, named as the catalog presents the entity (its title, else
 * its short name).
 */
function SystemOption({
  value,
  selected,
}: {
  value: string;
  selected: boolean;
}) {
  const ref = systemRef(value);
  return (
    <FormControlLabel
      control={<Checkbox checked={selected} />}
      label={
        ref ? (
          <EntityDisplayName entityRef={ref} hideIcon disableTooltip />
        ) : (
          value
        )
      }
      onClick={event => event.preventDefault()}
    />
  );
}
const OVERALL = 'overall';

/**
 * The status filter, beside the catalog's pickers and in their style: the
 * overall status, or one gate's. Kept in the entity list context like them,
 * so it is in the URL too (`filters[status]`, `filters[gate]`).
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
 * type, owner, lifecycle, system, tag, namespace) and a status picker. They
 * need an entity list context (`useEntityList`): on the compliance page, its
 * own, which puts their state in the URL as on the catalog page. The kind
 * picker offers the kinds a Protocol 11 document can belong to (Component,
 * System); the system picker names each system as the catalog presents it.
 * Each change applies at once.
 *
 * @public
 */
export function ComplianceFilters() {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  return (
    <>
      <EntitySearchBar />
      <EntityKindPicker
        initialFilter={DEFAULT_KIND}
        allowedKinds={PROTOCOL_KINDS}
      />
      <EntityTypePicker />
      <EntityOwnerPicker />
      <EntityLifecyclePicker />
      <EntityAutocompletePicker<ComplianceEntityFilters, 'systems'>
        label={t('page.filters.system')}
        name="systems"
        path="spec.system"
        Filter={EntitySystemFilter}
        getOptionLabel={systemLabel}
        renderOption={(value, { selected }) => (
          <SystemOption value={value} selected={selected} />
        )}
      />
      <EntityTagPicker />
      <EntityNamespacePicker />
      <StatusPicker />
    </>
  );
}
