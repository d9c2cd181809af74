import { Flex, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  GateHistoryEntry,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { GateStatusLabel } from '../GateStatus';
import { Timestamp } from '../EvaluatedAt';

/** Props of {@link HistoryTimeline}. @public */
export interface HistoryTimelineProps {
  /** The gate changes, in any order. */
  items: GateHistoryEntry[];
}

/**
 * The history as one timeline per gate: each status the gate has had, oldest
 * first, with when it began. Readable from the first evaluation on (one entry
 * per gate) and in words, not only as a picture.
 *
 * @public
 */
export function HistoryTimeline({ items }: HistoryTimelineProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  if (items.length === 0) {
    return <Text as="p">{t('content.historyEmpty')}</Text>;
  }
  const sorted = [...items].sort(
    (a, b) => Date.parse(a.changedAt) - Date.parse(b.changedAt),
  );
  return (
    <Flex direction="column" gap="3">
      {RELEASE_GATE_IDS.map(id => {
        const changes = sorted.filter(item => item.gateId === id);
        return (
          <div key={id} data-history-gate={id}>
            <Text
              as="h4"
              variant="body-medium"
              weight="bold"
              style={{ margin: '0 0 4px' }}
            >
              {t(`gates.${id}`)}
            </Text>
            {changes.length === 0 ? (
              <Text
                as="p"
                variant="body-small"
                color="secondary"
                style={{ margin: 0 }}
              >
                {t('content.historyNone')}
              </Text>
            ) : (
              <ol
                aria-label={t('content.historyGateLabel', {
                  gate: t(`gates.${id}`),
                })}
                style={{
                  listStyle: 'none',
                  margin: 0,
                  padding: 0,
                  display: 'flex',
                  flexWrap: 'wrap',
                  gap: '4px 0',
                }}
              >
                {changes.map((change, index) => (
                  <li
                    key={`${change.changedAt}-${index}`}
                    style={{ display: 'inline-flex', alignItems: 'center' }}
                  >
                    {index > 0 && (
                      <span
                        aria-hidden="true"
                        style={{
                          margin: '0 8px',
                          color: 'var(--bui-fg-secondary, #666)',
                        }}
                      >
                        →
                      </span>
                    )}
                    <span
                      style={{
                        display: 'inline-flex',
                        gap: 6,
                        alignItems: 'center',
                        padding: '2px 8px',
                        border: '1px solid var(--bui-border, #e0e0e0)',
                        borderRadius: 12,
                      }}
                    >
                      <GateStatusLabel status={change.status} size={14} />
                      <Text variant="body-x-small" color="secondary">
                        {index === changes.length - 1
                          ? t('content.historySince')
                          : t('content.historyFrom')}{' '}
                        <Timestamp iso={change.changedAt} />
                      </Text>
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </div>
        );
      })}
    </Flex>
  );
}
