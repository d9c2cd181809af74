import { lazy, Suspense } from 'react';
import {
  Card,
  CardBody,
  CardHeader,
  Container,
  Flex,
  Header as PageHeader,
  Text,
} from '@backstage/ui';
import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { CatalogFilterLayout } from '@backstage/plugin-catalog-react';
import { releaseReadinessTranslationRef } from '../../translation';
import { ComplianceTable } from './ComplianceTable';
import { ExportCsvButton } from './ExportCsvButton';
import { useCompliance } from './useCompliance';
import { ComplianceFilterProvider } from './filterContext';

/*
 * The pickers and the summary mount only after the first page of rows, so
 * their code (the catalog's pickers with Material UI's Autocomplete and
 * react-window, the chart) loads in chunks of its own, off the path to the
 * first rows.
 */
const ComplianceFilters = lazy(() =>
  import('./ComplianceFilters').then(m => ({ default: m.ComplianceFilters })),
);
const ComplianceSummary = lazy(() =>
  import('./ComplianceSummary').then(m => ({ default: m.ComplianceSummary })),
);

/** The list, then the summary: rows never wait for the counts. */
function ComplianceResults({
  state,
}: {
  state: ReturnType<typeof useCompliance>;
}) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const { page, summary } = state;

  return (
    <Flex direction="column" gap="4">
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
                ? t('page.matches', { count: page.totalCount })
                : t('page.title')}
            </Text>
            <ExportCsvButton query={state.exportQuery} />
          </Flex>
        </CardHeader>
        <CardBody>
          {state.pageError && <ResponseErrorPanel error={state.pageError} />}
          {!page && state.pageLoading && <Progress />}
          {page && !state.pageError && (
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
      <Card>
        <CardHeader>
          <Text as="h2" variant="title-x-small" style={{ margin: 0 }}>
            {t('page.summaryTitle')}
          </Text>
        </CardHeader>
        <CardBody>
          {(summary.loading || !summary.value) && !summary.error && (
            <Progress />
          )}
          {summary.error && <ResponseErrorPanel error={summary.error} />}
          {!summary.loading && summary.value && (
            <Suspense fallback={<Progress />}>
              <ComplianceSummary summary={summary.value} />
            </Suspense>
          )}
        </CardBody>
      </Card>
    </Flex>
  );
}

/**
 * The compliance view without page chrome, laid out like the catalog page:
 * the catalog's filter pickers on the left (their state in the URL), the
 * paged list of entities (with and without Protocol 11) and the CSV export,
 * then the adoption figure and the counts per gate and status.
 *
 * @public
 */
export function ComplianceView() {
  return (
    <ComplianceFilterProvider>
      <ComplianceLayout />
    </ComplianceFilterProvider>
  );
}

/**
 * Rows first: the pickers (each asks the catalog for its options) mount
 * once the first page of rows has arrived or failed, so at catalog scale
 * their facet queries don't compete with it; until then the query comes
 * from the URL alone (see `useFilterQuery`).
 */
function ComplianceLayout() {
  const state = useCompliance();
  return (
    <CatalogFilterLayout>
      <CatalogFilterLayout.Filters>
        {state.firstPageSettled ? (
          <Suspense fallback={<Progress />}>
            <ComplianceFilters />
          </Suspense>
        ) : (
          <Progress />
        )}
      </CatalogFilterLayout.Filters>
      <CatalogFilterLayout.Content>
        <ComplianceResults state={state} />
      </CatalogFilterLayout.Content>
    </CatalogFilterLayout>
  );
}

/**
 * The compliance view under its page header, as the new frontend system's
 * catalog page draws itself: Backstage UI's `Header` (the page's title and
 * a one-line description of what it shows) over a `Container`, below the
 * app's plugin header (the nav item's short title, "Releases", and icon).
 *
 * @internal
 */
export function ComplianceViewWithHeader() {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  return (
    <>
      <PageHeader title={t('page.title')} description={t('page.subtitle')} />
      <Container>
        <ComplianceView />
      </Container>
    </>
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
