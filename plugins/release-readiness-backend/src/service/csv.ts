/** CSV of compliance rows: RFC 4180 quoting, formula injection neutralised. */
import {
  ComplianceRow,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';

export const CSV_HEADER = [
  'entityRef',
  'kind',
  'namespace',
  'name',
  'title',
  'type',
  'owner',
  'system',
  'lifecycle',
  'tags',
  'hasProtocol',
  'overall',
  ...RELEASE_GATE_IDS,
  'handoffReady',
  'evaluatedAt',
  'staleSince',
  'staleReason',
];

/**
 * One cell. Text a spreadsheet would run as a formula (starting with `=`, `+`,
 * `-`, `@`, tab or carriage return) gets a leading `'`; cells with a comma,
 * quote or line break are quoted, quotes doubled.
 */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: unknown[]) =>
  `${cells.map(csvCell).join(',')}\r\n`;

export function csvRow(row: ComplianceRow): string {
  return csvLine([
    row.entityRef,
    row.kind,
    row.namespace,
    row.name,
    row.title,
    row.type,
    row.owner,
    row.system,
    row.lifecycle,
    row.tags.join(';'),
    row.hasProtocol,
    row.overall,
    ...RELEASE_GATE_IDS.map(id => row.gates?.[id]),
    row.handoffReady,
    row.evaluatedAt,
    row.stale?.since,
    row.stale?.reason,
  ]);
}

/** The whole CSV document (header and rows). */
export function csvDocument(rows: ComplianceRow[]): string {
  return csvLine(CSV_HEADER) + rows.map(csvRow).join('');
}
