import { Card, CardBody, CardHeader, Cell, CellText, ColumnConfig, Flex, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { CriterionResult, GateResult } from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { GateStatusLabel } from '../GateStatus';
import { EvidenceLink } from '../Evidence';
import { DataTable } from '../DataTable';
import { BlockingCriteria } from '../ReadinessCard/BlockingCriteria';

/** Props of {@link GateCriteria}. @public */
export interface GateCriteriaProps {
  gate: GateResult;
  evidenceBaseUrl?: string;
}

/**
 * One gate with every criterion behind it: status, what it requires, its
 * evidence file (linked), the field it reads and why it has its status.
 *
 * @public
 */
export function GateCriteria({ gate, evidenceBaseUrl }: GateCriteriaProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const columns: ColumnConfig<CriterionResult>[] = [
    {
      id: 'status',
      label: t('content.columns.status'),
      cell: c => (
        <Cell>
          <GateStatusLabel status={c.status} size={16} />
        </Cell>
      ),
    },
    {
      id: 'criterion',
      label: t('content.columns.criterion'),
      isRowHeader: true,
      cell: c => <CellText title={c.description} description={c.id} />,
    },
    {
      id: 'file',
      label: t('content.columns.file'),
      cell: c => (
        <Cell>
          <EvidenceLink file={c.file} evidenceBaseUrl={evidenceBaseUrl} />
        </Cell>
      ),
    },
    {
      id: 'field',
      label: t('content.columns.field'),
      cell: c => (
        <Cell>{c.field ? <code>{c.field}</code> : <Text color="secondary">{t('content.wholeFile')}</Text>}</Cell>
      ),
    },
    {
      id: 'reason',
      label: t('content.columns.reason'),
      cell: c => <CellText title={c.reason} />,
    },
  ];
  const title = t('content.criteriaTitle', {
    gate: t(`gates.${gate.id}`),
    status: t(`status.${gate.status}`),
  });
  return (
    <Card>
      <CardHeader>
        <Flex justify="between" align="center">
          <Text as="h3" variant="title-x-small" style={{ margin: 0 }}>
            {gate.phase}. {t(`gates.${gate.id}`)}
          </Text>
          <GateStatusLabel status={gate.status} />
        </Flex>
        <Text as="p" variant="body-small" color="secondary" style={{ margin: 0 }}>
          {gate.name} — {gate.summary}
        </Text>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="2">
          {gate.status === 'blocked' && (
            <BlockingCriteria gate={{ ...gate, criteria: [] }} evidenceBaseUrl={evidenceBaseUrl} />
          )}
          <DataTable
            label={title}
            columns={columns}
            items={gate.criteria}
          />
          {gate.status !== 'passed' && gate.failureHandling && (
            <Text as="p" variant="body-small">
              {t('content.failureHandling', { text: gate.failureHandling })}
            </Text>
          )}
        </Flex>
      </CardBody>
    </Card>
  );
}
