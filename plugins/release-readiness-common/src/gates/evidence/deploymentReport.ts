/** `production-deployment-report.json`: how the production deployment went. */
import { defineContract, jsonExample } from './define';
import {
  JSON_SCHEMA_DRAFT_07,
  EvidenceJsonSchema,
  parseJsonWithSchema,
} from './json';

/** Severity of an alert raised during the deployment. @public */
export type AlertSeverity = 'info' | 'warning' | 'error' | 'critical';

/** The content of `production-deployment-report.json`. @public */
export interface ProductionDeploymentReport {
  release?: string;
  environment?: string;
  strategy?: string;
  status: 'succeeded' | 'failed' | 'rolled_back' | 'in_progress';
  started_at?: string;
  completed_at?: string;
  alerts: { severity: AlertSeverity; message: string; raised_at?: string }[];
}

/** JSON Schema (draft-07) of `production-deployment-report.json`. @public */
export const productionDeploymentReportSchema: EvidenceJsonSchema = {
  $schema: JSON_SCHEMA_DRAFT_07,
  $id: 'urn:protocol11:evidence:production-deployment-report',
  title: 'Production deployment report',
  type: 'object',
  required: ['status', 'alerts'],
  properties: {
    release: { type: 'string' },
    environment: { type: 'string' },
    strategy: {
      type: 'string',
      description: 'Deployment strategy, such as bluegreen, canary or rolling.',
    },
    status: {
      type: 'string',
      enum: ['succeeded', 'failed', 'rolled_back', 'in_progress'],
    },
    started_at: { type: 'string', format: 'date-time' },
    completed_at: { type: 'string', format: 'date-time' },
    alerts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['severity', 'message'],
        properties: {
          severity: {
            type: 'string',
            enum: ['info', 'warning', 'error', 'critical'],
          },
          message: { type: 'string' },
          raised_at: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
};

/** The production deployment report contract. @internal */
export const deploymentReportContract =
  defineContract<ProductionDeploymentReport>({
    id: 'deployment-report',
    fileName: 'production-deployment-report.json',
    title: 'Production deployment report',
    phase: 2,
    format: 'json',
    contents:
      'What `deployment_executor.py` reports: the strategy used, the outcome, timestamps, and every alert raised while deploying.',
    formatDescription:
      'A JSON object. `status`: `succeeded`, `failed`, `rolled_back` or `in_progress`. `alerts`: list (may be empty) of `{ "severity", "message", "raised_at"? }` with severity `info`, `warning`, `error` or `critical`. Optional `release`, `environment`, `strategy`, `started_at`, `completed_at`.',
    schema: productionDeploymentReportSchema,
    example: jsonExample({
      release: 'v2.4.0',
      environment: 'production',
      strategy: 'bluegreen',
      status: 'succeeded',
      started_at: '2024-05-01T10:10:00Z',
      completed_at: '2024-05-01T10:25:00Z',
      alerts: [
        {
          severity: 'warning',
          message: 'p95 latency briefly above 250 ms',
          raised_at: '2024-05-01T10:14:00Z',
        },
      ],
    }),
    passes: ['`status` is `succeeded`', 'no alert has severity `critical`'],
    fails: [
      '`status` is `failed` or `rolled_back` (pending while `in_progress`)',
      'an alert is `critical` (DeploymentFailure): the reason names `alerts[i].severity`',
      'error: not valid JSON or a field of the wrong type',
    ],
    parse(text) {
      const parsed = parseJsonWithSchema(
        text,
        productionDeploymentReportSchema,
      );
      return parsed.ok
        ? { ok: true, doc: parsed.value as ProductionDeploymentReport }
        : parsed;
    },
    criteria: [
      {
        id: 'deployment-report.succeeded',
        description:
          'The production deployment completed with status "succeeded".',
        evaluate(doc) {
          if (doc.status === 'succeeded')
            return {
              status: 'passed',
              field: 'status',
              reason: 'production deployment succeeded',
            };
          if (doc.status === 'in_progress')
            return {
              status: 'pending',
              field: 'status',
              reason: 'production deployment still in progress',
            };
          return {
            status: 'failed',
            field: 'status',
            reason: `DeploymentFailure: production deployment status is "${doc.status}"`,
          };
        },
      },
      {
        id: 'deployment-report.no-critical-alerts',
        description:
          'No critical alert was raised during the production deployment.',
        evaluate(doc) {
          const i = doc.alerts.findIndex(a => a.severity === 'critical');
          if (i >= 0) {
            return {
              status: 'failed',
              field: `alerts[${i}].severity`,
              reason: `DeploymentFailure: critical alert "${doc.alerts[i].message.slice(0, 80)}"`,
            };
          }
          return {
            status: 'passed',
            field: 'alerts',
            reason: `${doc.alerts.length} alert(s), none critical`,
          };
        },
      },
    ],
  });
