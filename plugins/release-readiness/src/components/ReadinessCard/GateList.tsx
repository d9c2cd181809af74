import { Link, Text } from '@backstage/ui';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { GateResult } from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { entityReadinessTabPath } from '../../links';
import { GateStatusLabel } from '../GateStatus';
import { FileLink } from '../Evidence';
import { gateFocus, waitsFor } from './gateFocus';
import { orderedGates } from './orderedGates';

/** Props of {@link GateList}. @public */
export interface GateListProps {
  entityRef: CompoundEntityRef;
  gates: GateResult[];
  evidenceBaseUrl?: string;
}

/** Under a gate that has not passed: the one thing that blocks it, its file and field, and how many more. */
function GateBlocker(props: GateListProps & { gate: GateResult }) {
  const { entityRef, gates, gate, evidenceBaseUrl } = props;
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  if (gate.status === 'passed') return null;
  if (gate.status === 'blocked') {
    // Said once, under the first blocked gate; later blocked gates wait for the same one.
    const firstBlocked = orderedGates(gates).find(g => g.status === 'blocked');
    if (firstBlocked?.id !== gate.id) return null;
    const earlier = waitsFor(gates, gate);
    return (
      <Text
        as="p"
        variant="body-small"
        color="secondary"
        style={{ margin: '2px 0 0' }}
      >
        {earlier
          ? t('card.waitsFor', { gate: t(`gates.${earlier.id}`) })
          : gate.summary}
      </Text>
    );
  }
  const { first, rest } = gateFocus(gate);
  if (!first) {
    return (
      <Text as="p" variant="body-small" style={{ margin: '2px 0 0' }}>
        {gate.summary}
      </Text>
    );
  }
  return (
    <div style={{ marginTop: 2 }}>
      <Text
        as="p"
        variant="body-small"
        style={{ margin: 0, overflowWrap: 'anywhere' }}
      >
        {first.reason}
      </Text>
      <Text
        as="p"
        variant="body-x-small"
        color="secondary"
        style={{ margin: '2px 0 0' }}
      >
        <FileLink
          entityRef={entityRef}
          file={first.file}
          baseUrl={evidenceBaseUrl}
        />
        {first.field && (
          <>
            {' · '}
            <code style={{ overflowWrap: 'anywhere' }}>{first.field}</code>
          </>
        )}
        {rest > 0 && (
          <>
            {' · '}
            <Link href={`${entityReadinessTabPath(entityRef)}#gate-${gate.id}`}>
              {t('card.moreNotPassed', { number: String(rest) })}
            </Link>
          </>
        )}
      </Text>
    </div>
  );
}

/**
 * The three gates in order, each once: its status in words and an icon and,
 * when not passed, the one criterion that blocks it (reason, file and field)
 * with the count of the others, or the earlier gate a blocked gate waits for.
 *
 * @public
 */
export function GateList(props: GateListProps) {
  const { gates } = props;
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  return (
    <ol
      aria-label={t('card.gatesLabel')}
      style={{ listStyle: 'none', margin: 0, padding: 0 }}
    >
      {orderedGates(gates).map((gate, index) => (
        <li
          key={gate.id}
          data-gate={gate.id}
          style={{
            padding: '8px 0',
            borderTop:
              index === 0 ? undefined : '1px solid var(--bui-border, #e0e0e0)',
          }}
        >
          <div
            style={{
              display: 'flex',
              justifyContent: 'space-between',
              gap: 8,
              alignItems: 'baseline',
            }}
          >
            <Text
              as="h3"
              variant="body-medium"
              weight="bold"
              style={{ margin: 0 }}
            >
              {gate.phase}. {t(`gates.${gate.id}`)}
            </Text>
            <GateStatusLabel status={gate.status} />
          </div>
          <GateBlocker {...props} gate={gate} />
        </li>
      ))}
    </ol>
  );
}
