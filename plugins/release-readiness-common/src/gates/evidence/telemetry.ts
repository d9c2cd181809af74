/** `deployment-telemetry.ndjson`: deployment events, one JSON object per line. */
import { defineContract } from './define';
import {
  checkJsonSchema,
  JSON_SCHEMA_DRAFT_07,
  NON_BLANK,
  EvidenceJsonSchema,
  parseJson,
} from './json';

/** One telemetry event (one line of the NDJSON file). @public */
export interface TelemetryEvent {
  /** When it happened, as an ISO 8601 date-time. */
  timestamp: string;
  /** What happened, such as `deploy.started` or `metric`. */
  event: string;
  [field: string]: unknown;
}

/** JSON Schema (draft-07) of one line of `deployment-telemetry.ndjson`. @public */
export const telemetryEventSchema: EvidenceJsonSchema = {
  $schema: JSON_SCHEMA_DRAFT_07,
  $id: 'urn:protocol11:evidence:deployment-telemetry-event',
  title: 'Deployment telemetry event (one NDJSON line)',
  type: 'object',
  required: ['timestamp', 'event'],
  properties: {
    timestamp: { type: 'string', format: 'date-time' },
    event: NON_BLANK,
  },
};

/** The parsed telemetry file: its events and the line each came from. @internal */
export interface TelemetryLog {
  events: { line: number; event: TelemetryEvent }[];
}

/**
 * Parses NDJSON telemetry with the same strict JSON reader and schema checker
 * as every JSON evidence file; the first bad line (syntax, duplicate key,
 * schema, impossible date-time) makes the file an error naming its line.
 * @internal
 */
export function parseTelemetry(
  text: string,
):
  | { ok: true; doc: TelemetryLog }
  | { ok: false; reason: string; field: string } {
  const events: TelemetryLog['events'] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    if (lines[i].trim() === '') continue;
    const parsed = parseJson(lines[i], { line });
    if (!parsed.ok) {
      return {
        ok: false,
        field: parsed.field ?? `line ${line}`,
        reason: parsed.reason.includes(`line ${line}`)
          ? parsed.reason
          : `line ${line}: ${parsed.reason}`,
      };
    }
    const issues = checkJsonSchema(parsed.value, telemetryEventSchema);
    if (issues.length > 0) {
      const where = issues[0].path === '(root)' ? 'the line' : issues[0].path;
      return {
        ok: false,
        field: `line ${line}`,
        reason: `line ${line}: ${where} ${issues[0].message}`,
      };
    }
    events.push({ line, event: parsed.value as TelemetryEvent });
  }
  return { ok: true, doc: { events } };
}

/** The deployment telemetry contract. @internal */
export const telemetryContract = defineContract<TelemetryLog>({
  id: 'telemetry',
  fileName: 'deployment-telemetry.ndjson',
  title: 'Deployment telemetry',
  phase: 2,
  format: 'ndjson',
  contents:
    'Deployment logs and metrics streamed during the release, with deployment annotations; handed to Protocol 12 for monitoring.',
  formatDescription:
    'Newline-delimited JSON: one JSON object per line, each with `timestamp` (a real calendar date-time, ISO 8601 / RFC 3339 with seconds and a time zone) and `event` (non-empty string); any other fields (`level`, `message`, `metric`, `value`, …) are free. Blank lines are ignored. A line with a duplicate key is an error, as in every JSON file.',
  schema: telemetryEventSchema,
  example: [
    '{"timestamp":"2024-05-01T10:10:00Z","event":"deploy.started","strategy":"bluegreen"}',
    '{"timestamp":"2024-05-01T10:20:00Z","event":"metric","metric":"error_rate_percent","value":0.2}',
    '{"timestamp":"2024-05-01T10:25:00Z","event":"deploy.completed","status":"succeeded"}',
    '',
  ].join('\n'),
  passes: [
    'every non-blank line is a JSON object with `timestamp` and `event`, and there is at least one event',
  ],
  fails: [
    'the file holds no event',
    'error: a line is not JSON or lacks `timestamp`/`event` (the reason names the line number)',
  ],
  parse: parseTelemetry,
  criteria: [
    {
      id: 'telemetry.parses',
      description:
        'Deployment telemetry parses: one JSON event per line, each with timestamp and event.',
      evaluate(doc) {
        if (doc.events.length === 0)
          return { status: 'failed', reason: 'telemetry holds no events' };
        return {
          status: 'passed',
          reason: `${doc.events.length} telemetry event(s) parse`,
        };
      },
    },
  ],
});
