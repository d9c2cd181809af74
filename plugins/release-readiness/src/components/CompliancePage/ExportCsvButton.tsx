import useAsyncFn from 'react-use/esm/useAsyncFn';
import { Alert, Button } from '@backstage/ui';
import { RiDownloadLine } from '@remixicon/react';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { ComplianceQuery } from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessApiRef } from '../../api';
import { releaseReadinessTranslationRef } from '../../translation';
import { downloadBlob } from './downloadBlob';

/** Props of {@link ExportCsvButton}. @public */
export interface ExportCsvButtonProps {
  /** The current filters and sort; paging is ignored, every matching row is exported. */
  query: ComplianceQuery;
}

/**
 * Downloads the compliance list for the current filters as CSV. The file is
 * fetched through the fetch API (so the user's credentials are sent) and
 * saved from a blob.
 *
 * @public
 */
export function ExportCsvButton({ query }: ExportCsvButtonProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const api = useApi(releaseReadinessApiRef);
  const [state, exportCsv] = useAsyncFn(async () => {
    const blob = await api.exportComplianceCsv(query);
    const date = new Date().toISOString().slice(0, 10);
    downloadBlob(blob, `release-compliance-${date}.csv`);
  }, [api, query]);

  return (
    <>
      <Button
        variant="secondary"
        size="small"
        iconStart={<RiDownloadLine aria-hidden="true" />}
        isPending={state.loading}
        onPress={() => {
          exportCsv().catch(() => undefined);
        }}
      >
        {state.loading ? t('page.exporting') : t('page.exportCsv')}
      </Button>
      {state.error && (
        <Alert
          status="danger"
          icon
          role="alert"
          title={t('page.exportFailed', { message: state.error.message })}
        />
      )}
    </>
  );
}
