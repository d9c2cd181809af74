import useAsync from 'react-use/esm/useAsync';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityAutocompletePicker,
  EntityDisplayName,
  humanizeEntityRef,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { releaseReadinessTranslationRef } from '../../translation';
import { ComplianceEntityFilters, EntitySystemFilter } from './filters';

/** The relation the catalog adds from an entity to the system it names. */
const PART_OF = 'relations.partOf';

/**
 * A `spec.system` value as the picker lists it: its name (`commerce` for
 * `commerce` and `system:commerce`), and for a ref with a namespace
 * (`system:payments/commerce`, `payments/commerce`) the full ref of the one
 * system it names. A short value has no ref of its own: each entity's
 * catalog entry resolves it in the entity's own namespace, so it can stand
 * for systems in several namespaces. Undefined for a value that is no ref.
 */
function parseSystemValue(
  value: string,
): { name: string; ref?: string; label: string } | undefined {
  try {
    if (!value.includes('/')) {
      const { name } = parseEntityRef(value, {
        defaultKind: 'system',
        // Only to read the name; the namespace is not known.
        defaultNamespace: 'default',
      });
      return { name, label: name };
    }
    const parsed = parseEntityRef(value, { defaultKind: 'system' });
    return {
      name: parsed.name,
      ref: stringifyEntityRef(parsed),
      label: humanizeEntityRef(parsed, { defaultKind: 'system' }),
    };
  } catch {
    return undefined;
  }
}

/** A system's chip: its name (`commerce`), with its namespace when written (`payments/commerce`). */
const systemLabel = (value: string) => parseSystemValue(value)?.label ?? value;

/** Lower case, as the catalog compares names. */
const lower = (name: string) => name.toLocaleLowerCase('en-US');

/**
 * The systems the listed entities are part of (the catalog's `partOf`
 * relations, each a full ref), by lower-case name: where a short value
 * resolves. One facet query, on the same kind as the picker's options.
 */
function useSystemsByName(): Map<string, Set<string>> | undefined {
  const catalogApi = useApi(catalogApiRef);
  const { filters } = useEntityList<ComplianceEntityFilters>();
  const kind = filters.kind?.value;
  const { value } = useAsync(async () => {
    const { facets } = await catalogApi.getEntityFacets({
      facets: [PART_OF],
      filter: kind ? { kind } : undefined,
    });
    const byName = new Map<string, Set<string>>();
    for (const { value: target } of facets[PART_OF] ?? []) {
      try {
        const ref = parseEntityRef(target);
        if (lower(ref.kind) !== 'system') continue;
        const name = lower(ref.name);
        const refs = byName.get(name) ?? new Set();
        refs.add(stringifyEntityRef(ref));
        byName.set(name, refs);
      } catch {
        // not a ref: no system
      }
    }
    return byName;
  }, [catalogApi, kind]);
  return value;
}

/**
 * A system in the picker's list, checked when picked like the catalog's
 * pickers' options: named as the catalog presents the system (its title,
 * else its name) when the value names exactly one system, else as written.
 */
function SystemOption({
  value,
  selected,
  systemsByName,
}: {
  value: string;
  selected: boolean;
  systemsByName?: Map<string, Set<string>>;
}) {
  const parsed = parseSystemValue(value);
  const candidates = parsed && systemsByName?.get(lower(parsed.name));
  const ref =
    parsed?.ref ?? (candidates?.size === 1 ? [...candidates][0] : undefined);
  return (
    <FormControlLabel
      control={<Checkbox checked={selected} />}
      label={
        ref ? (
          <EntityDisplayName entityRef={ref} hideIcon disableTooltip />
        ) : (
          (parsed?.label ?? value)
        )
      }
      onClick={event => event.preventDefault()}
    />
  );
}

/**
 * The system picker (the catalog has none): an `EntityAutocompletePicker` on
 * `spec.system`, whose options are the values entities write. A full ref
 * names one system; a short value (`commerce`) names the system of that
 * name in each entity's own namespace, as the compliance API filters on it.
 * Its option shows the system's title when the entities listed resolve it
 * to exactly one system (their `partOf` relations), and the short value as
 * it is when they resolve it to several namespaces' systems or when that is
 * not known yet; its chip shows the value.
 */
export function SystemPicker() {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const systemsByName = useSystemsByName();
  return (
    <EntityAutocompletePicker<ComplianceEntityFilters, 'systems'>
      label={t('page.filters.system')}
      name="systems"
      path="spec.system"
      Filter={EntitySystemFilter}
      getOptionLabel={systemLabel}
      renderOption={(value, { selected }) => (
        <SystemOption
          value={value}
          selected={selected}
          systemsByName={systemsByName}
        />
      )}
    />
  );
}
