import { EmptyState } from '@backstage/core-components';
import { ButtonLink } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { releaseReadinessTranslationRef } from '../../translation';
import { protocol11TemplateUrl } from '../../links';

/** Props of {@link NoProtocolEmptyState}. @public */
export interface NoProtocolEmptyStateProps {
  /** The entity, as `kind:namespace/name`, that the template pre-selects. */
  entityRef: string;
  /** Why the entity counts as having no protocol (for example an empty annotation), shown above the description. */
  reason?: string;
}

/**
 * Shown for an entity without Protocol 11: explains it and links to the
 * Protocol 11 template with the entity pre-selected.
 *
 * @public
 */
export function NoProtocolEmptyState({
  entityRef,
  reason,
}: NoProtocolEmptyStateProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  return (
    <EmptyState
      missing="info"
      title={t('noProtocol.title')}
      description={
        reason
          ? `${reason}. ${t('noProtocol.description')}`
          : t('noProtocol.description')
      }
      action={
        <ButtonLink href={protocol11TemplateUrl(entityRef)} variant="primary">
          {t('noProtocol.action')}
        </ButtonLink>
      }
    />
  );
}
