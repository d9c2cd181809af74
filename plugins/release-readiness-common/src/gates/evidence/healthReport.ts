/** `release-health-report.md`: health metrics of the stabilization window. */
import { defineContract } from './define';
import {
  checkWithSchema,
  JSON_SCHEMA_DRAFT_07,
  NON_BLANK,
  EvidenceJsonSchema,
} from './json';
import { parseMarkdown } from './markdown';

/** One health metric with its threshold(s): within when `min <= value <= max`. @public */
export interface HealthMetric {
  name: string;
  value: number;
  /** Highest acceptable value. */
  max?: number;
  /** Lowest acceptable value. */
  min?: number;
  unit?: string;
}

/** The front matter of `release-health-report.md`. @public */
export interface ReleaseHealthFrontMatter {
  release?: string;
  window_minutes?: number;
  metrics: HealthMetric[];
}

/** JSON Schema (draft-07) of the front matter of `release-health-report.md`. @public */
export const releaseHealthFrontMatterSchema: EvidenceJsonSchema = {
  $schema: JSON_SCHEMA_DRAFT_07,
  $id: 'urn:protocol11:evidence:release-health-report.front-matter',
  title: 'Release health report front matter',
  type: 'object',
  required: ['metrics'],
  properties: {
    release: { type: 'string' },
    window_minutes: { type: 'number', minimum: 0 },
    metrics: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'value'],
        properties: {
          name: NON_BLANK,
          value: { type: 'number' },
          max: { type: 'number', description: 'Highest acceptable value.' },
          min: { type: 'number', description: 'Lowest acceptable value.' },
          unit: { type: 'string' },
        },
      },
    },
  },
};

/** Parses the report's front matter and checks it; every metric needs a threshold. @internal */
export function parseHealthReport(
  text: string,
):
  | { ok: true; doc: ReleaseHealthFrontMatter }
  | { ok: false; reason: string; field?: string } {
  const parsed = parseMarkdown(text);
  if (!parsed.ok) return parsed;
  const front = parsed.doc.frontMatter;
  if (!front)
    return {
      ok: false,
      field: 'front matter',
      reason: 'no YAML front matter (--- … ---) holding `metrics`',
    };
  const checked = checkWithSchema(
    front,
    releaseHealthFrontMatterSchema,
    'front matter ',
  );
  if (!checked.ok) return checked;
  const doc = front as unknown as ReleaseHealthFrontMatter;
  const i = doc.metrics.findIndex(
    m => m.max === undefined && m.min === undefined,
  );
  if (i >= 0) {
    return {
      ok: false,
      field: `metrics[${i}]`,
      reason: `front matter metrics[${i}] ("${doc.metrics[i].name}") has no threshold (max or min)`,
    };
  }
  return { ok: true, doc };
}

/** The release health report contract. @internal */
export const healthReportContract = defineContract<ReleaseHealthFrontMatter>({
  id: 'health-report',
  fileName: 'release-health-report.md',
  title: 'Release health report',
  phase: 3,
  format: 'markdown',
  contents:
    'The health summary `stabilization_monitor.py` writes for the stabilization window: key SLIs and infrastructure metrics, each with its threshold.',
  formatDescription:
    'Markdown with YAML front matter. The front matter holds `metrics`: a list of `{ name, value, max?, min?, unit? }`, each with at least one threshold (`max` and/or `min`); optional `release`, `window_minutes`. The body is free text for people.',
  schema: releaseHealthFrontMatterSchema,
  example: [
    '---',
    'release: v2.4.0',
    'window_minutes: 30',
    'metrics:',
    '  - { name: error_rate_percent, value: 0.2, max: 1 }',
    '  - { name: p95_latency_ms, value: 180, max: 300 }',
    '  - { name: availability_percent, value: 99.98, min: 99.9 }',
    '---',
    '# Release health report',
    '',
    'All SLIs stayed within thresholds during the 30-minute stabilization window.',
    '',
  ].join('\n'),
  passes: [
    'there is at least one metric and every metric is within its thresholds (`min <= value <= max`)',
  ],
  fails: [
    'a metric is outside its threshold (HealthDegradation): the reason names `metrics[i].value`',
    'no metrics',
    'error: no front matter, broken YAML, a metric without a threshold or with a non-numeric value',
  ],
  parse: parseHealthReport,
  criteria: [
    {
      id: 'health-report.metrics-within-thresholds',
      description:
        'Every post-deployment health metric is within its threshold.',
      evaluate(doc) {
        if (doc.metrics.length === 0)
          return {
            status: 'failed',
            field: 'metrics',
            reason: 'the health report lists no metrics',
          };
        for (const [i, m] of doc.metrics.entries()) {
          const unit = m.unit ? ` ${m.unit}` : '';
          if (m.max !== undefined && m.value > m.max) {
            return {
              status: 'failed',
              field: `metrics[${i}].value`,
              reason: `HealthDegradation: ${m.name} = ${m.value}${unit} is above max ${m.max}`,
            };
          }
          if (m.min !== undefined && m.value < m.min) {
            return {
              status: 'failed',
              field: `metrics[${i}].value`,
              reason: `HealthDegradation: ${m.name} = ${m.value}${unit} is below min ${m.min}`,
            };
          }
        }
        return {
          status: 'passed',
          field: 'metrics',
          reason: `all ${doc.metrics.length} metric(s) within thresholds`,
        };
      },
    },
  ],
});
