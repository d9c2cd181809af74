import { Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { releaseReadinessTranslationRef } from '../../translation';
import { ComplianceFilters } from './ComplianceFilters';
import { ComplianceTable } from './ComplianceTable';
import { ExportCsvButton } from './ExportCsvButton';
import { SummaryChart } from './SummaryChart';
import { useCompliance } from './useCompliance';

/**
 * The compliance view without page chrome: filters, counts per gate and
 * status, the paged list and the CSV export.
 *
 * @public
 */
export function ComplianceView() {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const state = useCompliance();
  const { page, summary } = state;

  return (
    <Flex direction="column" gap="4">
      <Card>
        <CardHeader>
          <Text as="h2" variant="title-x-small" style={{ margin: 0 }}>
            {t('page.filters.title')}
          </Text>
        </CardHeader>
        <CardBody>
          <ComplianceFilters
            value={state.filters}
            onApply={state.applyFilters}
          />
        </CardBody>
      </Card>
      <Card>
        <CardHeader>
          <Text as="h2" variant="title-x-small" style={{ margin: 0 }}>
            {t('page.summaryTitle')}
          </Text>
        </CardHeader>
        <CardBody>
          {summary.loading && !summary.value && <Progress />}
          {summary.error && <ResponseErrorPanel error={summary.error} />}
          {summary.value && <SummaryChart summary={summary.value} />}
        </CardBody>
      </Card>
      <Card>
        <CardHeader>
          <Flex justify="between" align="center" style={{ flexWrap: 'wrap' }}>
            <Text
              as="h2"
              variant="title-x-small"
              style={{ margin: 0 }}
              aria-live="polite"
            >
              {page
                ? t('page.matches', { total: String(page.totalCount) })
                : t('page.title')}
            </Text>
            <ExportCsvButton query={state.exportQuery} />
          </Flex>
        </CardHeader>
        <CardBody>
          {state.pageError && <ResponseErrorPanel error={state.pageError} />}
          {!page && state.pageLoading && <Progress />}
          {page && (
            <ComplianceTable
              rows={page.items}
              totalCount={page.totalCount}
              offset={state.offset}
              pageSize={state.pageSize}
              sort={state.sort}
              loading={state.pageLoading}
              onSortChange={state.changeSort}
              onOffsetChange={state.changeOffset}
              onPageSizeChange={state.changePageSize}
            />
          )}
        </CardBody>
      </Card>
    </Flex>
  );
}

/**
 * The catalog-wide release compliance page: every entity's gate status,
 * filterable, sortable, paged on the server and exportable as CSV.
 *
 * @public
 */
export function CompliancePage() {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  return (
    <Page themeId="tool">
      <Header title={t('page.title')} subtitle={t('page.subtitle')} />
      <Content>
        <ComplianceView />
      </Content>
    </Page>
  );
}
