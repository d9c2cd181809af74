import { Alert } from '@backstage/ui';
import { StaleMarker as StaleInfo } from '@release-readiness/backstage-plugin-release-readiness-common';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { releaseReadinessTranslationRef } from '../../translation';
import { exactTime } from './time';

/** Props of {@link StaleMarker}. @public */
export interface StaleMarkerProps {
  stale: StaleInfo;
}

/**
 * A warning that the result shown is the last good one, with the reason the
 * repository could not be read.
 *
 * @public
 */
export function StaleMarker({ stale }: StaleMarkerProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  return (
    <Alert
      status="warning"
      icon
      title={t('stale.title')}
      description={t('stale.description', {
        since: exactTime(stale.since),
        reason: stale.reason,
      })}
    />
  );
}
