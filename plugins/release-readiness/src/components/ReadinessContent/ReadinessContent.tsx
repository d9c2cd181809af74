import { Flex, Text } from '@backstage/ui';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { releaseReadinessTranslationRef } from '../../translation';
import { useEntityReadiness } from '../../hooks';
import { GateStatusLabel } from '../GateStatus';
import { RefreshButton } from '../RefreshButton';
import { EvaluatedAt, StaleMarker } from '../EvaluatedAt';
import { NoProtocolEmptyState } from '../NoProtocol';
import { DocumentButton } from '../ReadinessCard/DocumentButton';
import { orderedGates } from '../ReadinessCard/orderedGates';
import { GateCriteria } from './GateCriteria';
import { HandoffSection } from './HandoffSection';
import { FilesSection } from './FilesSection';
import { HistorySection } from './HistorySection';

/**
 * The entity's release-readiness tab: every criterion of every gate with its
 * evidence file, field and reason (passed gates collapsed, so the gate that
 * holds the release is on screen first), the handoff once all passed, the
 * protocol document and every evidence file readable in place, and each
 * gate's history as a timeline.
 *
 * @public
 */
export function ReadinessContent() {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const { entity } = useEntity();
  const state = useEntityReadiness(entity);
  const { value } = state;

  if (state.loading && !value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  if (!value || !value.hasProtocol) {
    return <NoProtocolEmptyState entityRef={stringifyEntityRef(entity)} />;
  }
  const readiness = value.readiness;
  const gates = readiness ? orderedGates(readiness.gates) : [];

  return (
    <Flex direction="column" gap="4">
      <Flex justify="between" align="center" style={{ flexWrap: 'wrap' }}>
        <div>
          <Text as="h2" variant="title-small" style={{ margin: 0 }}>
            {t('content.title')}
          </Text>
          {readiness && (
            <Text as="p" variant="body-medium" style={{ margin: 0 }}>
              {t('card.overall')}:{' '}
              <GateStatusLabel status={readiness.overall} />
            </Text>
          )}
          <EvaluatedAt evaluatedAt={value.evaluatedAt} />
        </div>
        <Flex gap="2" align="center">
          <DocumentButton
            entityRef={state.entityRef}
            documentUrl={value.documentUrl}
          />
          <RefreshButton state={state} />
        </Flex>
      </Flex>
      {value.stale && <StaleMarker stale={value.stale} />}
      {state.refreshError && <ResponseErrorPanel error={state.refreshError} />}
      {readiness?.handoffReady && (
        <HandoffSection
          entityRef={state.entityRef}
          handoff={readiness.protocol12}
          evidenceBaseUrl={value.evidenceBaseUrl}
        />
      )}
      {readiness ? (
        <div>
          {gates.map(gate => (
            <GateCriteria
              key={gate.id}
              entityRef={state.entityRef}
              gate={gate}
              gates={gates}
              evidenceBaseUrl={value.evidenceBaseUrl}
            />
          ))}
        </div>
      ) : (
        <Text as="p">{t('card.notEvaluated')}</Text>
      )}
      <FilesSection entityRef={state.entityRef} value={value} />
      <HistorySection
        entityRef={state.entityRef}
        evaluatedAt={value.evaluatedAt}
      />
    </Flex>
  );
}
