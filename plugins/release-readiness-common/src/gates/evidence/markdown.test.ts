/**
 * @jest-environment node
 */
import { parseMarkdown, sectionContent } from './markdown';

describe('Markdown evidence', () => {
  it('reads front matter, headings and checkboxes with file line numbers', async () => {
    const parsed = parseMarkdown('---\nrelease: v1\n---\n# T\n- [x] a\n~~~\n- [ ] b\n## Not\n~~~\n- [ ] c\n');
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.doc.frontMatter).toEqual({ release: 'v1' });
    expect(parsed.doc.headings).toEqual([{ level: 1, text: 'T', line: 4, index: 0 }]);
    expect(parsed.doc.checkboxes).toEqual([
      { checked: true, text: 'a', line: 5 },
      { checked: false, text: 'c', line: 10 },
    ]);
  });

  it('treats multi-line HTML comments as blank', async () => {
    const parsed = parseMarkdown('## A\n<!--\nfill in\n-->\n## B\ntext <!-- note -->\n');
    if (!parsed.ok) throw new Error(parsed.reason);
    const [a, b] = parsed.doc.headings;
    expect(sectionContent(parsed.doc, a)).toEqual([]);
    expect(sectionContent(parsed.doc, b).map(l => l.text)).toEqual(['text ']);
  });

  it('refuses unclosed, invalid or non-mapping front matter', async () => {
    expect(parseMarkdown('---\na: 1\n')).toMatchObject({ ok: false, field: 'front matter' });
    expect(parseMarkdown('---\na: 1\na: 2\n---\n')).toMatchObject({ ok: false, field: 'line 3' });
    expect(parseMarkdown('---\n- a\n---\n')).toMatchObject({ ok: false, reason: 'front matter must be a YAML mapping of fields' });
    expect(parseMarkdown('---\n---\nbody')).toMatchObject({ ok: true, doc: { frontMatter: {} } });
  });
});

describe('Markdown evidence on hostile input', () => {
  it('stays fast on long pathological lines', async () => {
    const n = 300_000;
    const text = [
      `# x${' '.repeat(n)}y`,
      `## a:${' '.repeat(n)}b`,
      `- ${' '.repeat(n)}[`,
      `#${' #'.repeat(n / 2)}`,
      `<!--${'<!-'.repeat(n / 3)}`,
    ].join('\n');
    const started = Date.now();
    const parsed = parseMarkdown(text);
    expect(parsed.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('strips closing hashes only after white space', async () => {
    const parsed = parseMarkdown('## Owners ##\n## C# \n### ###\n');
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.doc.headings.map(h => h.text)).toEqual(['Owners', 'C#', '']);
  });
});
