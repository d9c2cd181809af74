/**
 * @jest-environment node
 *
 * Property tests by construction: checklists, rollback plans and
 * communication logs built from fragments that put boxes, headings and dates
 * in block quotes, nested lists, fences at any indent, indented code, HTML
 * blocks and comments. How each fragment was built says whether GitHub shows
 * it, so the expected verdict is known; the engine must agree on every one.
 * PROPERTY_RUNS sets the number of runs (default 200).
 */
import fc from 'fast-check';
import { checklistContract } from './checklist';
import { communicationLogContract } from './communicationLog';
import { rollbackPlanContract } from './rollbackPlan';
import { evaluateCriterion } from './testing';

const runs = Number(process.env.PROPERTY_RUNS ?? 200);
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const words = fc
  .array(word, { minLength: 1, maxLength: 4 })
  .map(w => w.join(' '));
const fenceChar = fc.constantFrom('```', '~~~', '````');

/** A fragment of Markdown; `visible` lines hold what GitHub renders, by 0-based line within the fragment. */
interface Fragment {
  lines: string[];
  /** A box GitHub renders: checked, and its line within the fragment. */
  box?: { checked: boolean; line: number; text: string };
}

const boxFragment = fc
  .record({
    checked: fc.boolean(),
    text: words,
    place: fc.constantFrom(
      'list',
      'ordered',
      'quote',
      'nested',
      'quote-nested',
      'fence',
      'list-fence',
      'indented',
      'comment',
      'html',
    ),
    indent: fc.integer({ min: 0, max: 3 }),
    fence: fenceChar,
  })
  .map(({ checked, text, place, indent, fence }): Fragment => {
    const mark = checked ? 'x' : ' ';
    const item = `- [${mark}] ${text}`;
    const pad = ' '.repeat(indent);
    switch (place) {
      case 'list':
        return { lines: [`${pad}${item}`], box: { checked, line: 0, text } };
      case 'ordered':
        return {
          lines: [`${pad}1. [${mark}] ${text}`],
          box: { checked, line: 0, text },
        };
      case 'quote':
        return { lines: [`>${pad}${item}`], box: { checked, line: 0, text } };
      case 'nested':
        return {
          lines: ['- parent', `  ${item}`],
          box: { checked, line: 1, text },
        };
      case 'quote-nested':
        return {
          lines: ['> - parent', `>   ${item}`],
          box: { checked, line: 1, text },
        };
      case 'fence':
        return { lines: [`${pad}${fence}`, `${pad}${item}`, `${pad}${fence}`] };
      case 'list-fence':
        return {
          lines: ['- item', '', `  ${fence}`, `  ${item}`, `  ${fence}`],
        };
      case 'indented':
        return { lines: ['Paragraph.', '', `    ${item}`] };
      case 'comment':
        return { lines: ['<!--', item, '-->'] };
      default:
        return { lines: ['<div>', item, '</div>'] };
    }
  });

/** Joins fragments with blank lines and returns the text and each fragment's first line (1-based). */
function assemble(
  fragments: Fragment[],
  header: string[] = [],
): { text: string; starts: number[] } {
  const lines = [...header];
  const starts: number[] = [];
  for (const f of fragments) {
    if (lines.length > 0) lines.push('');
    starts.push(lines.length + 1);
    lines.push(...f.lines);
  }
  return { text: `${lines.join('\n')}\n`, starts };
}

describe('Markdown evidence by construction', () => {
  it('a checklist fails on the first open box GitHub renders, and only on those', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(boxFragment, { maxLength: 8 }),
        fc.boolean(),
        async (fragments, frontMatter) => {
          const { text, starts } = assemble(
            fragments,
            frontMatter ? ['---', 'release: v1', '---'] : [],
          );
          const boxes = fragments.flatMap((f, i) =>
            f.box ? [{ ...f.box, line: starts[i] + f.box.line }] : [],
          );
          const r = await evaluateCriterion(
            checklistContract,
            text,
            'readiness-checklist.complete',
          );
          const open = boxes.filter(b => !b.checked);
          let expected: object = {
            status: 'passed',
            reason: `all ${boxes.length} item(s) ticked`,
          };
          if (boxes.length === 0)
            expected = {
              status: 'failed',
              reason: 'the checklist has no `- [ ]` / `- [x]` items',
            };
          else if (open.length > 0)
            expected = { status: 'failed', field: `line ${open[0].line}` };
          expect(r).toMatchObject(expected);
        },
      ),
      { numRuns: runs },
    );
  });

  const SECTIONS = ['Owners', 'Triggers', 'Procedure'] as const;
  const sectionFragment = fc.record({
    style: fc.constantFrom('atx', 'setext', 'quote', 'bold-atx'),
    content: fc.constantFrom('text', 'list', 'code', 'comment-only', 'none'),
    hidden: fc.constantFrom('no', 'no', 'no', 'fence', 'comment'),
    indent: fc.integer({ min: 0, max: 3 }),
    fence: fenceChar,
    body: words,
  });

  it('a rollback plan passes exactly when every section GitHub shows has content', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(sectionFragment, sectionFragment, sectionFragment),
        async specs => {
          const fragments: string[][] = [];
          const problems: string[] = [];
          let lastVisible: string | undefined;
          specs.forEach((s, i) => {
            const name = SECTIONS[i];
            const headings: Record<string, string[]> = {
              setext: [name, '-'.repeat(name.length)],
              quote: [`> ## ${name}`],
              'bold-atx': [`## **${name}**`],
            };
            const heading = headings[s.style] ?? [`## ${name}`];
            const prefix = s.style === 'quote' ? '> ' : '';
            const contents: Record<string, string[]> = {
              text: [`${prefix}${s.body}`],
              list: [`${prefix}- ${s.body}`],
              code: [
                `${prefix}${s.fence}`,
                `${prefix}${s.body}`,
                `${prefix}${s.fence}`,
              ],
              'comment-only': ['<!-- fill in -->'],
            };
            const content = contents[s.content] ?? [];
            if (s.hidden === 'fence') {
              const pad = ' '.repeat(s.indent);
              fragments.push([
                `${pad}${s.fence}`,
                ...heading.map(l => `${pad}${l}`),
                `${pad}${s.fence}`,
              ]);
              // GitHub shows the fence as a code block: content of the section before it.
              const before = problems.findIndex(
                p => p === `"${lastVisible}" empty`,
              );
              if (before >= 0) problems.splice(before, 1);
              problems.push(`"${name}" missing`);
              return;
            }
            if (s.hidden === 'comment') {
              fragments.push(['<!--', ...heading, '-->']);
              problems.push(`"${name}" missing`);
              return;
            }
            lastVisible = name;
            fragments.push(heading, ...(content.length > 0 ? [content] : []));
            if (s.content === 'comment-only' || s.content === 'none')
              problems.push(`"${name}" empty`);
          });
          const text = `${fragments.map(f => f.join('\n')).join('\n\n')}\n`;
          const r = await evaluateCriterion(
            rollbackPlanContract,
            text,
            'rollback-plan.sections',
          );
          // A hidden heading's neighbours are unaffected: each visible section is judged on its own blocks.
          expect(r.status).toBe(problems.length === 0 ? 'passed' : 'failed');
          // Every problem built into the input is named in the reason (none when it passed).
          expect(problems.filter(p => !r.reason.includes(p))).toEqual([]);
        },
      ),
      { numRuns: runs },
    );
  });

  const realDate = fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .chain(d =>
      fc.constantFrom(
        `${d.toISOString().slice(0, 19)}Z`,
        d.toISOString().slice(0, 10),
        `${d.toISOString().slice(0, 16).replace('T', ' ')}`,
      ),
    );
  const impossibleDate = fc.constantFrom(
    '2024-02-30',
    '2023-02-29T10:00:00Z',
    '2024-04-31T08:00:00Z',
    '2024-13-01',
    '2024-06-31 10:00',
    '2024-05-01T24:00:00Z',
  );
  const entry = fc.record({
    real: fc.boolean(),
    date: fc.tuple(realDate, impossibleDate),
    place: fc.constantFrom('plain', 'quote', 'setext', 'fence', 'comment'),
    message: fc.constantFrom('text', 'list', 'comment-only'),
    body: words,
    fence: fenceChar,
    indent: fc.integer({ min: 0, max: 3 }),
  });

  it('a communication log counts every dated entry GitHub shows, and refuses impossible dates', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 6 }), async entries => {
        const blocks: string[] = [];
        const shown: { real: boolean; empty: boolean; line: number }[] = [];
        let line = 1;
        for (const e of entries) {
          const date = e.real ? e.date[0] : e.date[1];
          const title = `${date} — #releases`;
          const q = e.place === 'quote' ? '> ' : '';
          const heading =
            e.place === 'setext'
              ? [title, '-'.repeat(title.length)]
              : [`${q}## ${title}`];
          const messages: Record<string, string[]> = {
            text: [`${q}${e.body}`],
            list: [`${q}- ${e.body}`],
          };
          const message = messages[e.message] ?? ['<!-- to do -->'];
          let lines: string[];
          if (e.place === 'fence') {
            const pad = ' '.repeat(e.indent);
            lines = [
              `${pad}${e.fence}`,
              ...heading.map(l => `${pad}${l}`),
              `${pad}${e.fence}`,
            ];
            // GitHub shows the fence as a code block: a message of the entry before it.
            if (shown.length > 0) shown[shown.length - 1].empty = false;
          } else if (e.place === 'comment') lines = ['<!--', ...heading, '-->'];
          else {
            lines = [...heading, '', ...message];
            shown.push({
              real: e.real,
              empty: e.message === 'comment-only',
              line,
            });
          }
          blocks.push(lines.join('\n'));
          line += lines.length + 1;
        }
        const text = `${blocks.join('\n\n')}\n`;
        const r = await evaluateCriterion(
          communicationLogContract,
          text,
          'communication-log.entries',
        );
        const impossible = shown.find(s => !s.real);
        const empty = shown.find(s => s.empty);
        let expected: object = {
          status: 'passed',
          reason: `${shown.length} stakeholder communication(s) logged`,
        };
        if (shown.length === 0) expected = { status: 'failed' };
        else if (impossible)
          expected = { status: 'error', field: `line ${impossible.line}` };
        else if (empty)
          expected = { status: 'failed', field: `line ${empty.line}` };
        expect(r).toMatchObject(expected);
      }),
      { numRuns: runs },
    );
  });
});
