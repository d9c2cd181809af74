import { FormEvent, useState } from 'react';
import { Button, Flex, SearchField, Select, TextField } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  GateStatus,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { ComplianceFilterValues, EMPTY_FILTERS } from './filters';

const STATUSES: GateStatus[] = [
  'passed',
  'failed',
  'pending',
  'blocked',
  'error',
];
const LIST_FIELDS = ['owner', 'kind', 'system', 'lifecycle'] as const;
const OVERALL = 'overall';
const ANY = 'any';

/** Props of {@link ComplianceFilters}. @public */
export interface ComplianceFiltersProps {
  value: ComplianceFilterValues;
  /** Called with the new filters when the user applies or clears them. */
  onApply: (value: ComplianceFilterValues) => void;
}

/**
 * The compliance page's filters: owner, kind, system, lifecycle (each a
 * comma-separated list), the status of the overall result or of one gate,
 * and free text. Applied together on submit, so typing sends no requests.
 *
 * @public
 */
export function ComplianceFilters({ value, onApply }: ComplianceFiltersProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const [draft, setDraft] = useState<ComplianceFilterValues>(value);
  const set = (patch: Partial<ComplianceFilterValues>) =>
    setDraft(d => ({ ...d, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };

  return (
    <form aria-label={t('page.filters.title')} onSubmit={submit}>
      <Flex direction="column" gap="3">
        <Flex gap="3" style={{ flexWrap: 'wrap' }} align="end">
          {LIST_FIELDS.map(field => (
            <TextField
              key={field}
              name={field}
              label={t(`page.filters.${field}`)}
              description={t('page.filters.listHint')}
              value={draft[field]}
              onChange={text => set({ [field]: text })}
              size="small"
            />
          ))}
        </Flex>
        <Flex gap="3" style={{ flexWrap: 'wrap' }} align="end">
          <Select
            name="gate"
            label={t('page.filters.gate')}
            size="small"
            options={[
              { id: OVERALL, label: t('page.filters.overallGate') },
              ...RELEASE_GATE_IDS.map(id => ({ id, label: t(`gates.${id}`) })),
            ]}
            value={draft.gate || OVERALL}
            onChange={key =>
              set({ gate: RELEASE_GATE_IDS.find(id => id === key) ?? '' })
            }
          />
          <Select
            name="status"
            label={t('page.filters.status')}
            size="small"
            options={[
              { id: ANY, label: t('page.filters.anyStatus') },
              ...STATUSES.map(status => ({
                id: status,
                label: t(`status.${status}`),
              })),
            ]}
            value={draft.status || ANY}
            onChange={key =>
              set({ status: STATUSES.find(status => status === key) ?? '' })
            }
          />
          <SearchField
            name="q"
            label={t('page.filters.search')}
            value={draft.q}
            onChange={text => set({ q: text })}
            onSubmit={() => onApply(draft)}
            size="small"
          />
          <Button type="submit" variant="primary" size="small">
            {t('page.filters.apply')}
          </Button>
          <Button
            variant="tertiary"
            size="small"
            onPress={() => {
              setDraft(EMPTY_FILTERS);
              onApply(EMPTY_FILTERS);
            }}
          >
            {t('page.filters.clear')}
          </Button>
        </Flex>
      </Flex>
    </form>
  );
}
