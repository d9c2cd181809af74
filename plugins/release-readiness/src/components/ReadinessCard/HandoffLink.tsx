import { Alert, ButtonLink } from '@backstage/ui';
import { RiArrowRightLine } from '@remixicon/react';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { releaseReadinessTranslationRef } from '../../translation';
import { DEFAULT_PROTOCOL12_URL, protocol12Url } from '../../links';

/** Config key of the Protocol 12 URL template. */
const CONFIG_KEY = 'releaseReadiness.protocol12Url';

/** Props of {@link HandoffLink}. @public */
export interface HandoffLinkProps {
  entityRef: CompoundEntityRef;
}

/**
 * Once every gate has passed: the handoff to Protocol 12 (Monitoring &
 * Observability), to `releaseReadiness.protocol12Url` (default
 * {@link DEFAULT_PROTOCOL12_URL}).
 *
 * @public
 */
export function HandoffLink({ entityRef }: HandoffLinkProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const config = useApi(configApiRef);
  const template = config.getOptionalString(CONFIG_KEY) ?? DEFAULT_PROTOCOL12_URL;
  return (
    <Alert
      status="success"
      icon
      title={t('card.handoffReady')}
      customActions={
        <ButtonLink
          href={protocol12Url(template, entityRef)}
          variant="secondary"
          size="small"
          iconEnd={<RiArrowRightLine aria-hidden="true" />}
        >
          {t('card.handoffLink')}
        </ButtonLink>
      }
    />
  );
}
