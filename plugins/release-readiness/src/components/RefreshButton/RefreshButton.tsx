import { Button } from '@backstage/ui';
import { RiRefreshLine } from '@remixicon/react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { releaseReadinessTranslationRef } from '../../translation';
import { EntityReadinessState } from '../../hooks';

/** Evaluates the entity now; the card and the tab share it. */
export function RefreshButton(props: { state: EntityReadinessState }) {
  const { state } = props;
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  return (
    <Button
      variant="secondary"
      size="small"
      iconStart={<RiRefreshLine aria-hidden="true" />}
      isPending={state.refreshing}
      onPress={() => {
        // A failed refresh is shown through state.refreshError.
        state.refresh().catch(() => undefined);
      }}
    >
      {state.refreshing ? t('card.refreshing') : t('card.refresh')}
    </Button>
  );
}
