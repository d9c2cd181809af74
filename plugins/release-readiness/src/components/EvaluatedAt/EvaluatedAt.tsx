import { Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { releaseReadinessTranslationRef } from '../../translation';
import { exactTime, relativeTime } from './time';

/** Props of {@link Timestamp}. @public */
export interface TimestampProps {
  /** ISO 8601 instant. */
  iso: string;
  /** Abbreviated units (`5 min. ago`), for narrow table cells. */
  compact?: boolean;
}

/**
 * A relative time (`3 hours ago`) whose exact instant shows on hover and is
 * machine-readable in `<time datetime>`.
 *
 * @public
 */
export function Timestamp({ iso, compact }: TimestampProps) {
  const exact = exactTime(iso);
  return (
    <time dateTime={iso} title={exact}>
      {relativeTime(iso, undefined, undefined, compact ? 'short' : 'long')}
    </time>
  );
}

/** Props of {@link EvaluatedAt}. @public */
export interface EvaluatedAtProps {
  /** When the readiness was evaluated (ISO 8601); absent before the first evaluation. */
  evaluatedAt?: string;
}

/**
 * "Last evaluated 3 hours ago", the exact time on hover.
 *
 * @public
 */
export function EvaluatedAt({ evaluatedAt }: EvaluatedAtProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  return (
    <Text as="p" variant="body-small" color="secondary">
      {evaluatedAt ? (
        <>
          {t('evaluatedAt.label')}: <Timestamp iso={evaluatedAt} />
        </>
      ) : (
        t('evaluatedAt.never')
      )}
    </Text>
  );
}
