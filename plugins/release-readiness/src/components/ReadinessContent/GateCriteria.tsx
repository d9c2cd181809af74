import {
  Accordion,
  AccordionPanel,
  AccordionTrigger,
  Flex,
  Text,
} from '@backstage/ui';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { GateResult } from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { GateStatusLabel } from '../GateStatus';
import { FileLink } from '../Evidence';
import { waitsFor } from '../ReadinessCard/gateFocus';

/** Props of {@link GateCriteria}. @public */
export interface GateCriteriaProps {
  entityRef: CompoundEntityRef;
  gate: GateResult;
  /** All gates, to name the one a blocked gate waits for. */
  gates: GateResult[];
  evidenceBaseUrl?: string;
}

const wrap: React.CSSProperties = {
  margin: 0,
  overflowWrap: 'anywhere',
  whiteSpace: 'normal',
};

/**
 * One gate with every criterion behind it: status, what it requires, its
 * evidence file (linked), the field it reads and why it has its status, all
 * wrapping rather than cut. A passed gate starts collapsed, so the gate that
 * holds the release back is above the fold.
 *
 * @public
 */
export function GateCriteria({
  entityRef,
  gate,
  gates,
  evidenceBaseUrl,
}: GateCriteriaProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const earlier = gate.status === 'blocked' ? waitsFor(gates, gate) : undefined;
  const passedCount = gate.criteria.filter(c => c.status === 'passed').length;
  return (
    <section
      id={`gate-${gate.id}`}
      data-gate={gate.id}
      aria-label={t(`gates.${gate.id}`)}
    >
      <Accordion defaultExpanded={gate.status !== 'passed'}>
        <AccordionTrigger level={3}>
          <Flex
            justify="between"
            align="center"
            gap="3"
            style={{ width: '100%' }}
          >
            <span style={{ fontWeight: 600 }}>
              {gate.phase}. {t(`gates.${gate.id}`)}
            </span>
            <Flex align="center" gap="3">
              <Text variant="body-small" color="secondary">
                {t('content.passedCount', {
                  passed: String(passedCount),
                  total: String(gate.criteria.length),
                })}
              </Text>
              <GateStatusLabel status={gate.status} />
            </Flex>
          </Flex>
        </AccordionTrigger>
        <AccordionPanel>
          <Flex direction="column" gap="2">
            {earlier && (
              <Text as="p" variant="body-small" style={wrap}>
                {t('card.waitsFor', { gate: t(`gates.${earlier.id}`) })}
              </Text>
            )}
            <ul
              aria-label={t('content.criteriaTitle', {
                gate: t(`gates.${gate.id}`),
              })}
              style={{ listStyle: 'none', margin: 0, padding: 0 }}
            >
              {gate.criteria.map(c => (
                <li
                  key={c.id}
                  data-criterion={c.id}
                  style={{
                    display: 'grid',
                    gridTemplateColumns: '6.5rem minmax(0, 1fr)',
                    gap: '2px 12px',
                    padding: '8px 0',
                    borderTop: '1px solid var(--bui-border, #e0e0e0)',
                  }}
                >
                  <div style={{ gridRow: 'span 3' }}>
                    <GateStatusLabel status={c.status} size={16} />
                  </div>
                  <Text as="p" variant="body-medium" style={wrap}>
                    {c.description}
                  </Text>
                  <Text
                    as="p"
                    variant="body-small"
                    color="secondary"
                    style={wrap}
                  >
                    <FileLink
                      entityRef={entityRef}
                      file={c.file}
                      baseUrl={evidenceBaseUrl}
                    />
                    {' · '}
                    {c.field ? (
                      <code style={{ overflowWrap: 'anywhere' }}>
                        {c.field}
                      </code>
                    ) : (
                      t('content.wholeFile')
                    )}
                  </Text>
                  <Text as="p" variant="body-small" style={wrap}>
                    {c.reason}
                  </Text>
                </li>
              ))}
            </ul>
            {gate.status !== 'passed' && gate.failureHandling && (
              <Text as="p" variant="body-small" color="secondary" style={wrap}>
                {t('content.failureHandling', { text: gate.failureHandling })}
              </Text>
            )}
          </Flex>
        </AccordionPanel>
      </Accordion>
    </section>
  );
}
