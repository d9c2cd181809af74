import {
  EntityKindPicker,
  EntityLifecyclePicker,
  EntityNamespacePicker,
  EntityOwnerPicker,
  EntitySearchBar,
  EntityTagPicker,
  EntityTypePicker,
} from '@backstage/plugin-catalog-react';
import { DEFAULT_KIND, PROTOCOL_KINDS } from './filters';
import { StatusPicker } from './StatusPicker';
import { SystemPicker } from './SystemPicker';

/**
 * The compliance page's filters: the catalog's own pickers (search, kind,
 * type, owner, lifecycle, system, tag, namespace) and a status picker. They
 * need an entity list context (`useEntityList`): on the compliance page, its
 * own, which puts their state in the URL as on the catalog page. The kind
 * picker offers the kinds a Protocol 11 document can belong to (Component,
 * System); the system picker names a system as the catalog presents it when
 * its value names exactly one. Each change applies at once.
 *
 * @public
 */
export function ComplianceFilters() {
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
      <SystemPicker />
      <EntityTagPicker />
      <EntityNamespacePicker />
      <StatusPicker />
    </>
  );
}
