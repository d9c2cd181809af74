/** The README written to `.artifacts/deployment/README.md`: what goes where, and what passes. */
import {
  codeSpan,
  fencedBlock,
  headingText,
  inline,
} from '../document/markdown';
import { Protocol11Form } from '../form/types';
import { EVIDENCE_DIR, PLAYBOOK_GATES } from '../playbook/playbook';
import { canonicalProtocol11Form } from './canonicalForm';
import { baseName, evidenceContractFor, gateEvidence } from './contract';
import { EvidenceContract } from './evidence/define';
import { protocol12Handoff } from './handoff';
import { DEFAULT_MAX_FILE_BYTES } from './source';
import { JSON_MAX_DEPTH } from './evidence/json';
import { MARKDOWN_MAX_NESTING } from '../text/markdown';
import { YAML_MAX_ALIAS_COUNT, YAML_MAX_DEPTH } from '../text/yaml';

/**
 * The reading rules every evidence reader follows, stated in the README. Each
 * has a test (gates/evidence/markdown.test.ts, json.test.ts,
 * gates/readme.test.ts and the CLI's misread.test.ts).
 * @internal
 */
export const READING_RULES: readonly string[] = [
  '**Byte order mark:** a UTF-8 byte order mark at the start of a file is ignored; the same bytes without it read the same.',
  '**Duplicate keys:** a JSON object (in a JSON file or an NDJSON line) or a YAML mapping (front matter, forms) that names a key twice is an **error** naming the key, its path, line and column. JSON readers disagree on which value wins, so none is chosen.',
  "**Calendar validity:** every date and date-time (JSON fields, NDJSON lines, front matter, communication-log headings) must exist in the calendar: `2024-02-30T09:00:00Z` is an **error**, never read as 1 March. Date-times follow RFC 3339 with seconds and a time zone (ajv-formats' full `date-time`).",
  '**Schemas:** JSON files and front matter are checked against the JSON Schemas (draft-07) listed here, every keyword enforced; problems name the field path, such as `approvals[2].decision`.',
  "**Markdown:** files are read as CommonMark with GitHub's extensions (markdown-it). A checkbox counts wherever GitHub renders one: in nested lists and in lists inside block quotes (`> - [ ] item` is an open item).",
  '**Code and HTML:** nothing inside code (fenced or indented, at any nesting depth), HTML blocks or HTML comments counts: no checkbox, heading or content there.',
  '**Headings:** wherever a file needs a heading, every CommonMark heading counts: `#` headings and underlined (setext) headings, also inside block quotes and list items; inline Markdown in a heading is read as text (`## **Owners**` is "Owners").',
  `**Limits:** a file over ${DEFAULT_MAX_FILE_BYTES / 1024 / 1024} MiB, JSON nested more than ${JSON_MAX_DEPTH} levels, YAML nested more than ${YAML_MAX_DEPTH} levels or with aliases expanding to more than ${YAML_MAX_ALIAS_COUNT} values, and Markdown nested more than ${MARKDOWN_MAX_NESTING} levels are **errors** with their line, never a partial read.`,
];

const FENCE_INFO: Record<EvidenceContract['format'], string> = {
  json: 'json',
  markdown: 'markdown',
  ndjson: 'json',
};

function knownFile(
  contract: EvidenceContract,
  item: string,
  location: string,
): string[] {
  const lines = [
    `### ${codeSpan(baseName(location))} — ${headingText(item || contract.title)}`,
    '',
    `Path: ${codeSpan(location)}`,
    '',
    `**What goes in it:** ${contract.contents}`,
    '',
    `**Format:** ${contract.formatDescription}`,
  ];
  const example = contract.example.replace(/\n$/, '').split('\n');
  lines.push(
    '',
    '**Minimal valid example:**',
    '',
    fencedBlock(example, FENCE_INFO[contract.format]),
  );
  lines.push(
    '',
    '**Criteria:**',
    '',
    ...contract.criteria.map(c => `- ${codeSpan(c.id)}: ${c.description}`),
  );
  lines.push('', '**Passes when:**', '', ...contract.passes.map(p => `- ${p}`));
  lines.push('', '**Fails when:**', '', ...contract.fails.map(f => `- ${f}`));
  return lines;
}

function unknownFile(item: string, location: string): string[] {
  return [
    `### ${codeSpan(baseName(location))} — ${headingText(item || 'Evidence file')}`,
    '',
    `Path: ${codeSpan(location)}`,
    '',
    '**Format:** not part of the evidence contract; any content.',
    '',
    '**Passes when:** present = passes (existence only). Pending while the file is missing.',
  ];
}

/**
 * The Markdown README for a release's evidence folder: for each evidence file
 * the form names, gate by gate, what goes in it, its format, a minimal valid
 * example, and what passes or fails its gate. Files the evidence contract does
 * not know are listed as "present = passes".
 * @public
 */
export function evidenceReadme(
  form: Protocol11Form = canonicalProtocol11Form,
): string {
  const evidence = gateEvidence(form);
  const paths = evidence.flat().map(i => i.storage_location);
  const out: string[] = [
    '# Release evidence — Protocol 11',
    '',
    `This folder (${codeSpan(EVIDENCE_DIR)}) holds the evidence of each release. The release-readiness gate engine reads it and evaluates the three quality gates in order; each criterion names the file and field that passes or blocks it.`,
    '',
    'Statuses: **passed** (the evidence says yes), **failed** (it says no), **pending** (not there yet), **error** (the file cannot be judged: not valid JSON/YAML, a field of the wrong type, over ' +
      `${DEFAULT_MAX_FILE_BYTES / 1024 / 1024} MiB, or not UTF-8 text), **blocked** (an earlier gate has not passed; its criteria are still evaluated and shown).`,
    '',
    'Every file must be UTF-8 text. Markdown files may start with YAML front matter between `---` lines. Times are ISO 8601 date-times with seconds and a time zone (`2024-05-01T10:00:00Z`).',
    '',
    '**How files are read** (the same rules in the CLI, the scaffolder actions and the backend):',
    '',
    ...READING_RULES.map(rule => `- ${rule}`),
  ];
  evidence.forEach((items, index) => {
    const gate = form?.phases?.[index]?.quality_gate;
    const name = gate?.gate_name?.trim()
      ? gate.gate_name
      : `${PLAYBOOK_GATES[index]} Gate`;
    out.push('', `## Gate ${index + 1}: ${headingText(name)}`, '');
    if (gate?.criteria?.trim())
      out.push(`Criteria: ${inline(gate.criteria, '')}`, '');
    if (gate?.failure_handling?.trim())
      out.push(`On failure: ${inline(gate.failure_handling, '')}`, '');
    if (items.length === 0)
      out.push('The form names no evidence for this gate.');
    items.forEach((item, i) => {
      const contract = evidenceContractFor(item.storage_location);
      if (i > 0) out.push('');
      out.push(
        ...(contract
          ? knownFile(contract, item.evidence_item, item.storage_location)
          : unknownFile(item.evidence_item, item.storage_location)),
      );
    });
    if (index === 1) {
      out.push(
        '',
        '**Go-live approval:** the answer to the `[APPROVAL REQUEST]` prompt is recorded as `go_live_approval` in the staging verification report.',
      );
    }
    if (index === 2) {
      out.push(
        '',
        `**Handoff check:** this gate also requires the deployment telemetry (${codeSpan('handoff.telemetry-parses')}) to parse, since it is handed to Protocol 12.`,
      );
    }
  });
  const handoff = protocol12Handoff(form, paths, false);
  out.push(
    '',
    '## Handoff to Protocol 12',
    '',
    `When all three gates pass, ${codeSpan(handoff.protocol)} receives:`,
    '',
  );
  out.push(...handoff.artifacts.map(a => `- ${codeSpan(a.path ?? a.name)}`));
  return `${out.join('\n')}\n`;
}
