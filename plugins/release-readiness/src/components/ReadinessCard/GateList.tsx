import { Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { GateResult } from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { GateStatusLabel } from '../GateStatus';
import { BlockingCriteria } from './BlockingCriteria';
import { orderedGates } from './orderedGates';

/** Props of {@link GateList}. @public */
export interface GateListProps {
  gates: GateResult[];
  evidenceBaseUrl?: string;
}

/**
 * The three gates in order, each with its status in words and an icon and,
 * when not passed, what blocks it.
 *
 * @public
 */
export function GateList({ gates, evidenceBaseUrl }: GateListProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  return (
    <ol aria-label={t('card.gatesLabel')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {orderedGates(gates).map(gate => (
        <li
          key={gate.id}
          data-gate={gate.id}
          style={{ padding: '8px 0', borderBottom: '1px solid var(--bui-border, #e0e0e0)' }}
        >
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <Text as="h3" variant="body-medium" weight="bold" style={{ margin: 0 }}>
              {gate.phase}. {t(`gates.${gate.id}`)}
            </Text>
            <GateStatusLabel status={gate.status} />
          </div>
          <Text as="p" variant="body-small" color="secondary" style={{ margin: '2px 0' }}>
            {gate.summary}
          </Text>
          {gate.status !== 'passed' && (
            <BlockingCriteria gate={gate} evidenceBaseUrl={evidenceBaseUrl} />
          )}
        </li>
      ))}
    </ol>
  );
}
