import { Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { GateResult, RELEASE_GATE_IDS } from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { GateStatusLabel } from '../GateStatus';
import { EvidenceLink } from '../Evidence';

/** Props of {@link BlockingCriteria}. @public */
export interface BlockingCriteriaProps {
  gate: GateResult;
  evidenceBaseUrl?: string;
}

/**
 * Under a gate that has not passed: the criteria that hold it back, each with
 * its one-line reason and a link to its evidence file. A blocked gate whose
 * own criteria all pass says which earlier gate it waits for.
 *
 * @public
 */
export function BlockingCriteria({ gate, evidenceBaseUrl }: BlockingCriteriaProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const blocking = gate.criteria.filter(c => c.status !== 'passed');
  const previous = RELEASE_GATE_IDS[RELEASE_GATE_IDS.indexOf(gate.id) - 1];
  return (
    <div>
      {gate.status === 'blocked' && previous && (
        <Text as="p" variant="body-small">
          {t('card.blockedByEarlierGate', { gate: t(`gates.${previous}`) })}
        </Text>
      )}
      {blocking.length > 0 && (
        <ul aria-label={t('card.blockingCriteria')} style={{ margin: '4px 0', paddingLeft: 20 }}>
          {blocking.map(criterion => (
            <li key={criterion.id} style={{ marginBottom: 4 }}>
              <GateStatusLabel status={criterion.status} size={14} />{' '}
              <Text variant="body-small">{criterion.reason}</Text>
              <br />
              <Text variant="body-x-small" color="secondary">
                <EvidenceLink file={criterion.file} evidenceBaseUrl={evidenceBaseUrl} />
                {criterion.field && <> · {criterion.field}</>}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
