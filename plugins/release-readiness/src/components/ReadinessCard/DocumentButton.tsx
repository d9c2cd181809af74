import { ButtonLink } from '@backstage/ui';
import { RiFileTextLine } from '@remixicon/react';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { scmIntegrationsApiRef } from '@backstage/integration-react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { releaseReadinessTranslationRef } from '../../translation';
import { protocolFileLink } from '../../links';

/**
 * "Protocol document": the document in the SCM's web view, or in the entity
 * tab's file viewer for local sources.
 *
 * @internal
 */
export function DocumentButton(props: {
  entityRef: CompoundEntityRef;
  documentUrl?: string;
}) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const scm = useApiHolder().get(scmIntegrationsApiRef);
  const link = protocolFileLink({
    entity: props.entityRef,
    file: 'document',
    baseUrl: props.documentUrl,
    scm,
  });
  return (
    <ButtonLink
      href={link.href}
      {...(link.external
        ? { target: '_blank', rel: 'noopener noreferrer' }
        : {})}
      variant="tertiary"
      size="small"
      iconStart={<RiFileTextLine aria-hidden="true" />}
    >
      {t('card.protocolDocument')}
    </ButtonLink>
  );
}
