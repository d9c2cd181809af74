import { ButtonLink, Flex, Text } from '@backstage/ui';
import { RiFileTextLine } from '@remixicon/react';
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
import { HandoffLink } from '../ReadinessCard/HandoffLink';
import { orderedGates } from '../ReadinessCard/orderedGates';
import { GateCriteria } from './GateCriteria';
import { HistorySection } from './HistorySection';

/**
 * The entity's release-readiness tab: every criterion of every gate with its
 * evidence file, field and reason, and the history of gate states over time.
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

  return (
    <Flex direction="column" gap="4">
      <Flex justify="between" align="center" style={{ flexWrap: 'wrap' }}>
        <div>
          <Text as="h2" variant="title-small" style={{ margin: 0 }}>
            {t('content.title')}
          </Text>
          {readiness && (
            <Text as="p" variant="body-medium" style={{ margin: 0 }}>
              {t('card.overall')}: <GateStatusLabel status={readiness.overall} />
            </Text>
          )}
          <EvaluatedAt evaluatedAt={value.evaluatedAt} />
        </div>
        <Flex gap="2" align="center">
          {value.documentUrl && (
            <ButtonLink
              href={value.documentUrl}
              variant="tertiary"
              size="small"
              iconStart={<RiFileTextLine aria-hidden="true" />}
            >
              {t('card.protocolDocument')}
            </ButtonLink>
          )}
          <RefreshButton state={state} />
        </Flex>
      </Flex>
      {value.stale && <StaleMarker stale={value.stale} />}
      {state.refreshError && <ResponseErrorPanel error={state.refreshError} />}
      {readiness?.handoffReady && <HandoffLink entityRef={state.entityRef} />}
      {readiness ? (
        orderedGates(readiness.gates).map(gate => (
          <GateCriteria key={gate.id} gate={gate} evidenceBaseUrl={value.evidenceBaseUrl} />
        ))
      ) : (
        <Text as="p">{t('card.notEvaluated')}</Text>
      )}
      <HistorySection entityRef={state.entityRef} evaluatedAt={value.evaluatedAt} />
    </Flex>
  );
}
