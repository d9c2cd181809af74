import { ReactNode } from 'react';
import {
  Alert,
  ButtonLink,
  Card,
  CardBody,
  CardFooter,
  CardHeader,
  Flex,
  Text,
  VisuallyHidden,
} from '@backstage/ui';
import { RiListCheck2 } from '@remixicon/react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { resolveProtocolLocation } from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { useEntityReadiness } from '../../hooks';
import { entityReadinessTabPath } from '../../links';
import { RefreshButton } from '../RefreshButton';
import { EvaluatedAt, StaleMarker } from '../EvaluatedAt';
import { NoProtocolEmptyState } from '../NoProtocol';
import { GateList } from './GateList';
import { HandoffLink } from './HandoffLink';
import { DocumentButton } from './DocumentButton';

/** Props of the readiness card ({@link EntityReleaseReadinessCard}). @public */
export interface ReadinessCardProps {
  /** Hide the link to the entity's release-readiness tab (for example on the tab itself). */
  hideDetailsLink?: boolean;
}

/**
 * The entity's release readiness at a glance: its three gates in order, each
 * once with the one thing that blocks it (reason, file and field) and how many
 * more, when they were evaluated, a refresh action and, once all passed, the
 * handoff to Protocol 12. Reads the entity from `EntityProvider`; on an
 * entity without Protocol 11 it offers the template and follows the entity
 * until a delivery adds the annotation.
 *
 * @public
 */
export function ReadinessCard({ hideDetailsLink }: ReadinessCardProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const { entity } = useEntity();
  const state = useEntityReadiness(entity);
  const { value } = state;

  let body: ReactNode;
  if (state.loading && !value) {
    body = <Progress />;
  } else if (state.error) {
    body = <ResponseErrorPanel error={state.error} />;
  } else if (!value || !value.hasProtocol) {
    const location = resolveProtocolLocation(entity);
    body = (
      <NoProtocolEmptyState
        entityRef={stringifyEntityRef(entity)}
        reason={location.kind === 'none' ? location.reason : undefined}
      />
    );
  } else {
    const readiness = value.readiness;
    body = (
      <Flex direction="column" gap="3">
        {value.stale && <StaleMarker stale={value.stale} />}
        {readiness ? (
          <>
            <GateList
              entityRef={state.entityRef}
              gates={readiness.gates}
              evidenceBaseUrl={value.evidenceBaseUrl}
            />
            {readiness.handoffReady && (
              <HandoffLink entityRef={state.entityRef} />
            )}
          </>
        ) : (
          <Text as="p">{t('card.notEvaluated')}</Text>
        )}
        <EvaluatedAt evaluatedAt={value.evaluatedAt} />
        {state.refreshError && (
          <Alert status="danger" icon title={state.refreshError.message} />
        )}
      </Flex>
    );
  }

  const ready = Boolean(value?.hasProtocol) && !state.error;
  return (
    <Card>
      <CardHeader>
        <Text as="h2" variant="title-small" style={{ margin: 0 }}>
          {t('card.title')}
        </Text>
        <Text
          as="p"
          variant="body-small"
          color="secondary"
          style={{ margin: 0 }}
        >
          {t('card.subtitle')}
        </Text>
      </CardHeader>
      <CardBody>{body}</CardBody>
      {ready && (
        <CardFooter>
          <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
            <RefreshButton state={state} />
            {value?.readiness && (
              <DocumentButton
                entityRef={state.entityRef}
                documentUrl={value.documentUrl}
              />
            )}
            {!hideDetailsLink && (
              <ButtonLink
                href={entityReadinessTabPath(state.entityRef)}
                variant="tertiary"
                size="small"
                iconStart={<RiListCheck2 aria-hidden="true" />}
              >
                {t('card.viewDetails')}
              </ButtonLink>
            )}
          </Flex>
          <VisuallyHidden role="status" aria-live="polite">
            {state.refreshing ? t('card.refreshing') : ''}
          </VisuallyHidden>
        </CardFooter>
      )}
    </Card>
  );
}
