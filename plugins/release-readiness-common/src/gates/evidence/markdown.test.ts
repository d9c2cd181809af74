/**
 * @jest-environment node
 */
import { parseMarkdown, sectionContent } from './markdown';

const parse = (text: string) => {
  const parsed = parseMarkdown(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.doc;
};

describe('Markdown evidence', () => {
  it('reads front matter, headings and checkboxes with file line numbers', async () => {
    const doc = parse(
      '---\nrelease: v1\n---\n# T\n- [x] a\n~~~\n- [ ] b\n## Not\n~~~\n- [ ] c\n',
    );
    expect(doc.frontMatter).toEqual({ release: 'v1' });
    expect(doc.headings).toEqual([{ level: 1, text: 'T', line: 4, index: 0 }]);
    expect(doc.checkboxes).toEqual([
      { checked: true, text: 'a', line: 5 },
      { checked: false, text: 'c', line: 10 },
    ]);
  });

  it('treats multi-line HTML comments as blank', async () => {
    const doc = parse('## A\n<!--\nfill in\n-->\n## B\ntext <!-- note -->\n');
    const [a, b] = doc.headings;
    expect(sectionContent(doc, a)).toEqual([]);
    expect(sectionContent(doc, b).map(l => l.source)).toEqual([
      'text <!-- note -->',
    ]);
  });

  it('refuses unclosed, invalid or non-mapping front matter', async () => {
    expect(parseMarkdown('---\na: 1\n')).toMatchObject({
      ok: false,
      field: 'front matter',
    });
    expect(parseMarkdown('---\na: 1\na: 2\n---\n')).toMatchObject({
      ok: false,
      field: 'line 3',
    });
    expect(parseMarkdown('---\n- a\n---\n')).toMatchObject({
      ok: false,
      reason: 'front matter must be a YAML mapping of fields',
    });
    expect(parseMarkdown('---\n---\nbody')).toMatchObject({
      ok: true,
      doc: { frontMatter: {} },
    });
  });

  it('counts a box wherever GitHub renders one: block quotes, nested lists, ordered lists', async () => {
    const doc = parse(
      '> - [ ] quoted\n\n- [x] outer\n  - [ ] nested\n\n1. [X] ordered\n> > * [x] deep quote\n',
    );
    expect(doc.checkboxes).toEqual([
      { checked: false, text: 'quoted', line: 1 },
      { checked: true, text: 'outer', line: 3 },
      { checked: false, text: 'nested', line: 4 },
      { checked: true, text: 'ordered', line: 6 },
      { checked: true, text: 'deep quote', line: 7 },
    ]);
  });

  it('never counts a box inside code (fenced or indented, at any depth), HTML blocks or comments', async () => {
    const doc = parse(
      [
        '- item',
        '',
        '      - [ ] indented code inside a list item',
        '',
        '- list',
        '  ```',
        '  - [ ] fence in a list item',
        '  ```',
        '> ~~~',
        '> - [ ] fence in a quote',
        '> ~~~',
        '',
        '    - [ ] indented code',
        '',
        '<div>',
        '- [ ] inside an HTML block',
        '</div>',
        '',
        '<!--',
        '- [ ] in a comment',
        '-->',
        '- [ ]',
        '- \\[ ] escaped',
      ].join('\n'),
    );
    expect(doc.checkboxes).toEqual([]);
  });

  it('reads every CommonMark heading: setext, inside block quotes, with inline Markdown', async () => {
    const doc = parse(
      'Owners\n======\n\n> ## **Triggers** ##\n\nProcedure\n---------\n\n```\n## not a heading\n```\n',
    );
    expect(doc.headings.map(h => [h.level, h.text, h.line])).toEqual([
      [1, 'Owners', 1],
      [2, 'Triggers', 4],
      [2, 'Procedure', 6],
    ]);
  });

  it('refuses Markdown nested deeper than the limit, with its line', async () => {
    expect(parseMarkdown(`ok\n\n${'> '.repeat(200)}- [x] deep`)).toMatchObject({
      ok: false,
      field: 'line 3',
    });
  });

  it('ignores a leading byte order mark before front matter', async () => {
    expect(parse('\uFEFF---\nrelease: v1\n---\n- [x] a\n').frontMatter).toEqual(
      { release: 'v1' },
    );
  });
});

describe('Markdown evidence on hostile input', () => {
  it('stays linear on long pathological lines', async () => {
    const n = 300_000;
    const text = [
      `# x${' '.repeat(n)}y`,
      `## a:${' '.repeat(n)}b`,
      `- ${' '.repeat(n)}[`,
      `#${' #'.repeat(n / 2)}`,
      `<!--${'<!-'.repeat(n / 3)}`,
    ].join('\n');
    expect(parseMarkdown(text).ok).toBe(true);
  });

  it('strips closing hashes only after white space', async () => {
    const doc = parse('## Owners ##\n## C# \n### ###\n');
    expect(doc.headings.map(h => h.text)).toEqual(['Owners', 'C#', '']);
  });
});
