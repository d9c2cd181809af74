/** `release-communication-log.md`: what was announced to whom, and when. */
import { defineContract } from './define';
import { isCalendarDate, isCalendarDateTime } from './json';
import {
  clip,
  ParsedMarkdown,
  parseMarkdown,
  sectionContent,
} from './markdown';

const ENTRY_HEADING =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?=$|\s)/i;

/**
 * True when an entry heading's date (and time, if given) exists in the
 * calendar: the date by ajv-formats' full `date` rule, a full date-time by
 * its `date-time` rule, a time without seconds or zone by its hour and minute.
 */
export function entryDateIsReal(match: RegExpExecArray): boolean {
  if (!isCalendarDate(match[1])) return false;
  const stamp = match[0].replace(' ', 'T');
  if (/T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i.test(stamp))
    return isCalendarDateTime(stamp);
  return (
    match[2] === undefined || (Number(match[2]) <= 23 && Number(match[3]) <= 59)
  );
}

/** The stakeholder communication log contract. @internal */
export const communicationLogContract = defineContract<ParsedMarkdown>({
  id: 'communication-log',
  fileName: 'release-communication-log.md',
  title: 'Stakeholder communication log',
  phase: 3,
  format: 'markdown',
  contents:
    'Every release announcement sent to stakeholders: when, on which channel, and what was said (summary, known issues, next steps).',
  formatDescription:
    'Markdown. Each entry is a level-2 heading (ATX `##` or setext, also inside a block quote or list) that starts with its ISO 8601 date or date-time, then the channel or audience (`## 2024-05-01T10:40:00Z — #releases`), followed by the message. The date must exist in the calendar (`2024-02-30` is an error, not 1 March). Other headings are free text and are not entries; headings inside code blocks, HTML blocks or comments are not headings. Optional YAML front matter.',
  example: [
    '# Release communication log',
    '',
    '## 2024-05-01T10:40:00Z — #releases, product stakeholders',
    'v2.4.0 is live. No known issues; monitoring continues under Protocol 12.',
    '',
  ].join('\n'),
  passes: ['there is at least one entry and every entry has a message'],
  fails: [
    'no entry (no `## <date> …` heading)',
    'an entry has no message: the reason names its line',
    'error: an entry date that does not exist in the calendar (the reason names its line)',
    'error: broken front matter',
  ],
  parse(text) {
    return parseMarkdown(text);
  },
  criteria: [
    {
      id: 'communication-log.entries',
      description:
        'Stakeholders were notified: the communication log has at least one dated entry with a message.',
      evaluate(doc) {
        const entries = doc.headings.filter(
          h => h.level === 2 && ENTRY_HEADING.test(h.text),
        );
        for (const h of entries) {
          if (!entryDateIsReal(ENTRY_HEADING.exec(h.text)!)) {
            return {
              status: 'error',
              field: `line ${h.line}`,
              reason: `entry "${clip(h.text)}" has a date that does not exist in the calendar`,
            };
          }
        }
        if (entries.length === 0) {
          return {
            status: 'failed',
            reason:
              'no entries: expected `## <ISO date/time> — <channel>` headings',
          };
        }
        const empty = entries.find(h => sectionContent(doc, h).length === 0);
        if (empty) {
          return {
            status: 'failed',
            field: `line ${empty.line}`,
            reason: `entry "${clip(empty.text)}" has no message`,
          };
        }
        return {
          status: 'passed',
          reason: `${entries.length} stakeholder communication(s) logged`,
        };
      },
    },
  ],
});
