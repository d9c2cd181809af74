/** `release-communication-log.md`: what was announced to whom, and when. */
import { defineContract } from './define';
import { clip, ParsedMarkdown, parseMarkdown, sectionContent } from './markdown';

const ENTRY_HEADING = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?=$|\s)/i;

/** The stakeholder communication log contract. @internal */
export const communicationLogContract = defineContract<ParsedMarkdown>({
  id: 'communication-log',
  fileName: 'release-communication-log.md',
  title: 'Stakeholder communication log',
  phase: 3,
  format: 'markdown',
  contents: 'Every release announcement sent to stakeholders: when, on which channel, and what was said (summary, known issues, next steps).',
  formatDescription:
    'Markdown. Each entry is a level-2 heading that starts with its ISO 8601 date or date-time, then the channel or audience (`## 2024-05-01T10:40:00Z — #releases`), followed by the message. Other headings are free text and are not entries. Optional YAML front matter.',
  example: [
    '# Release communication log',
    '',
    '## 2024-05-01T10:40:00Z — #releases, product stakeholders',
    'v2.4.0 is live. No known issues; monitoring continues under Protocol 12.',
    '',
  ].join('\n'),
  passes: ['there is at least one entry and every entry has a message'],
  fails: ['no entry (no `## <date> …` heading)', 'an entry has no message: the reason names its line', 'error: broken front matter'],
  parse(text) {
    return parseMarkdown(text);
  },
  criteria: [
    {
      id: 'communication-log.entries',
      description: 'Stakeholders were notified: the communication log has at least one dated entry with a message.',
      evaluate(doc) {
        const entries = doc.headings.filter(h => h.level === 2 && ENTRY_HEADING.test(h.text));
        if (entries.length === 0) {
          return { status: 'failed', reason: 'no entries: expected `## <ISO date/time> — <channel>` headings' };
        }
        const empty = entries.find(h => sectionContent(doc, h).length === 0);
        if (empty) {
          return { status: 'failed', field: `line ${empty.line}`, reason: `entry "${clip(empty.text)}" has no message` };
        }
        return { status: 'passed', reason: `${entries.length} stakeholder communication(s) logged` };
      },
    },
  ],
});
