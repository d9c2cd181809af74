import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';
import { Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Protocol12Handoff } from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { HANDOFF_SECTION_ID } from '../../links';
import { FileLink } from '../Evidence';
import {
  HandoffLink,
  useProtocol12Template,
} from '../ReadinessCard/HandoffLink';

/** Props of {@link HandoffSection}. @public */
export interface HandoffSectionProps {
  entityRef: CompoundEntityRef;
  handoff: Protocol12Handoff;
  evidenceBaseUrl?: string;
}

/**
 * Once every gate has passed: what goes to Protocol 12 (Monitoring &
 * Observability) and why, each artifact linked, and the link to the
 * configured Protocol 12 target. The default handoff link lands here
 * (`#protocol-12`).
 *
 * @public
 */
export function HandoffSection({
  entityRef,
  handoff,
  evidenceBaseUrl,
}: HandoffSectionProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const { configured } = useProtocol12Template();
  const { hash } = useLocation();
  useEffect(() => {
    if (hash === `#${HANDOFF_SECTION_ID}`) {
      document
        .getElementById(HANDOFF_SECTION_ID)
        ?.scrollIntoView?.({ block: 'start' });
    }
  }, [hash]);
  return (
    <Card id={HANDOFF_SECTION_ID}>
      <CardHeader>
        <Text as="h3" variant="title-x-small" style={{ margin: 0 }}>
          {t('handoff.title')}
        </Text>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="2">
          {configured && <HandoffLink entityRef={entityRef} />}
          <Text as="p" variant="body-medium" style={{ margin: 0 }}>
            {handoff.purpose}
          </Text>
          {handoff.artifacts.length > 0 && (
            <ul
              aria-label={t('handoff.artifacts')}
              style={{ margin: 0, paddingLeft: 20 }}
            >
              {handoff.artifacts.map(artifact => (
                <li key={artifact.name}>
                  {artifact.path ? (
                    <FileLink
                      entityRef={entityRef}
                      file={artifact.path}
                      baseUrl={evidenceBaseUrl}
                    />
                  ) : (
                    <code>{artifact.name}</code>
                  )}
                </li>
              ))}
            </ul>
          )}
          {handoff.message && (
            <Text
              as="p"
              variant="body-small"
              color="secondary"
              style={{ margin: 0, whiteSpace: 'pre-wrap' }}
            >
              {handoff.message}
            </Text>
          )}
        </Flex>
      </CardBody>
    </Card>
  );
}
