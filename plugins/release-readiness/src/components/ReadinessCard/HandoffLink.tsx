import { Alert, ButtonLink, Flex } from '@backstage/ui';
import { RiArrowRightLine } from '@remixicon/react';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { releaseReadinessTranslationRef } from '../../translation';
import { DEFAULT_PROTOCOL12_URL, protocol12Url } from '../../links';

/** Config key of the Protocol 12 URL template. */
export const PROTOCOL12_CONFIG_KEY = 'releaseReadiness.protocol12Url';

/** The handoff URL template: `releaseReadiness.protocol12Url`, or the default. */
export function useProtocol12Template(): {
  template: string;
  configured: boolean;
} {
  const config = useApi(configApiRef);
  const configured = config.getOptionalString(PROTOCOL12_CONFIG_KEY);
  return {
    template: configured ?? DEFAULT_PROTOCOL12_URL,
    configured: configured !== undefined,
  };
}

/**
 * The button's label wraps in a narrow card (md=4) instead of running past
 * its edge: Backstage UI's button keeps one line of a fixed height.
 */
const WRAPPING_BUTTON = {
  flexShrink: 1,
  maxWidth: '100%',
  height: 'auto',
  minHeight: '2rem',
  paddingBlock: 'var(--bui-space-1, 4px)',
  textAlign: 'start',
} as const;

/** Props of {@link HandoffLink}. @public */
export interface HandoffLinkProps {
  entityRef: CompoundEntityRef;
}

/**
 * Once every gate has passed: the handoff to Protocol 12 (Monitoring &
 * Observability), to `releaseReadiness.protocol12Url` (default
 * {@link DEFAULT_PROTOCOL12_URL}, the handoff section of the entity's tab).
 * An absolute `http(s)` target opens in a new tab.
 *
 * @public
 */
export function HandoffLink({ entityRef }: HandoffLinkProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const { template } = useProtocol12Template();
  const href = protocol12Url(template, entityRef);
  const external = /^https?:\/\//i.test(href);
  return (
    // The button goes under the text (the alert's description), not in its
    // actions beside it: there its long label kept its full width and left
    // the text a narrow column at the card's usual widths.
    <Alert
      status="success"
      icon
      title={t('card.handoffReady')}
      description={
        <Flex mt="2">
          <ButtonLink
            href={href}
            {...(external
              ? { target: '_blank', rel: 'noopener noreferrer' }
              : {})}
            variant="secondary"
            size="small"
            style={WRAPPING_BUTTON}
            iconEnd={<RiArrowRightLine aria-hidden="true" />}
          >
            {t('card.handoffLink')}
          </ButtonLink>
        </Flex>
      }
    />
  );
}
