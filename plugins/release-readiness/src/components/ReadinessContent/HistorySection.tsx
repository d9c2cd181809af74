import useAsync from 'react-use/esm/useAsync';
import { Card, CardBody, CardHeader, Text } from '@backstage/ui';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { releaseReadinessApiRef } from '../../api';
import { releaseReadinessTranslationRef } from '../../translation';
import { HistoryTimeline } from './HistoryTimeline';

/** Props of {@link HistorySection}. @public */
export interface HistorySectionProps {
  entityRef: CompoundEntityRef;
  /** The latest evaluation; the history is fetched again when it changes. */
  evaluatedAt?: string;
}

/**
 * Loads the entity's gate history and shows it as one timeline per gate.
 *
 * @public
 */
export function HistorySection({
  entityRef,
  evaluatedAt,
}: HistorySectionProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const api = useApi(releaseReadinessApiRef);
  const { kind, namespace, name } = entityRef;
  const history = useAsync(
    () => api.getEntityHistory({ kind, namespace, name }),
    [api, kind, namespace, name, evaluatedAt],
  );
  return (
    <Card>
      <CardHeader>
        <Text as="h3" variant="title-x-small" style={{ margin: 0 }}>
          {t('content.historyTitle')}
        </Text>
      </CardHeader>
      <CardBody>
        {history.loading && <Progress />}
        {history.error && <ResponseErrorPanel error={history.error} />}
        {history.value && <HistoryTimeline items={history.value.items} />}
      </CardBody>
    </Card>
  );
}
