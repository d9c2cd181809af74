/** `release-readiness-checklist.md`: the release candidate's readiness checklist. */
import { defineContract } from './define';
import { clip, ParsedMarkdown, parseMarkdown } from './markdown';

/** The readiness checklist contract. @internal */
export const checklistContract = defineContract<ParsedMarkdown>({
  id: 'readiness-checklist',
  fileName: 'release-readiness-checklist.md',
  title: 'Release readiness checklist',
  phase: 1,
  format: 'markdown',
  contents:
    'The checklist the release manager works through before asking for authorization: release notes, changelog, validation reports, on-call coverage, monitoring baselines.',
  formatDescription:
    'Markdown with task-list items, `- [ ] item` (open) or `- [x] item` (done); `*`, `+` and numbered lists work too. A box counts wherever GitHub renders a checkbox: in nested lists and in lists inside block quotes (`> - [ ] item` is an open item). Boxes inside code (fenced or indented, at any depth), HTML blocks or HTML comments do not count. Optional YAML front matter (`---` … `---`) such as `release: v2.4.0`.',
  example: [
    '---',
    'release: v2.4.0',
    '---',
    '# Release readiness checklist',
    '',
    '- [x] Release notes and changelog published',
    '- [x] Staging validation pack reviewed (Protocol 10)',
    '- [x] Quality audit and security scan passed (Protocol 04)',
    '- [x] On-call coverage confirmed for the launch window',
    '',
  ].join('\n'),
  passes: ['the file has at least one checkbox and every checkbox is ticked'],
  fails: [
    'a checkbox is open (`- [ ]`): the reason names its line',
    'the file has no checkbox at all',
    'error: broken front matter',
  ],
  parse(text) {
    return parseMarkdown(text);
  },
  criteria: [
    {
      id: 'readiness-checklist.complete',
      description:
        'The readiness checklist has at least one item and every item is ticked.',
      evaluate(doc) {
        if (doc.checkboxes.length === 0) {
          return {
            status: 'failed',
            reason: 'the checklist has no `- [ ]` / `- [x]` items',
          };
        }
        const open = doc.checkboxes.filter(b => !b.checked);
        if (open.length > 0) {
          const first = open[0];
          const more = open.length > 1 ? ` (${open.length} open items)` : '';
          return {
            status: 'failed',
            field: `line ${first.line}`,
            reason: `item not ticked: "${clip(first.text)}"${more}`,
          };
        }
        return {
          status: 'passed',
          reason: `all ${doc.checkboxes.length} item(s) ticked`,
        };
      },
    },
  ],
});
