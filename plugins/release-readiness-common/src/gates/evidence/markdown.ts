/**
 * Markdown evidence: optional YAML front matter, ATX headings and task-list
 * checkboxes, with line numbers. Content inside fenced code blocks and HTML
 * comments is ignored, so a placeholder comment never counts as content.
 */
import { parseDocument } from 'yaml';

/** One line of the Markdown body. @internal */
export interface MarkdownLine {
  /** 1-based line number in the file. */
  line: number;
  text: string;
  /** True when the line is inside a fenced code block (or is its fence). */
  inFence: boolean;
  /** True when the line is blank or holds only an HTML comment. */
  blank: boolean;
}

/** An ATX heading (`## Title`). @internal */
export interface MarkdownHeading {
  level: number;
  text: string;
  line: number;
  /** Position of the heading in {@link ParsedMarkdown.lines}. */
  index: number;
}

/** A task-list item (`- [ ] text` or `- [x] text`). @internal */
export interface MarkdownCheckbox {
  checked: boolean;
  text: string;
  line: number;
}

/** A Markdown evidence file, split into its parts. @internal */
export interface ParsedMarkdown {
  /** The YAML front matter as a mapping; undefined when the file has none. */
  frontMatter?: Record<string, unknown>;
  lines: MarkdownLine[];
  headings: MarkdownHeading[];
  checkboxes: MarkdownCheckbox[];
}

const HEADING_START = /^ {0,3}(#{1,6})(?=[ \t]|$)/;
const CHECKBOX = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\](?:[ \t]+(.*))?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';

/** An ATX heading's level and text, without its closing `#` run; string operations only, so long lines stay linear. */
function atxHeading(line: string): { level: number; text: string } | undefined {
  const start = HEADING_START.exec(line);
  if (!start) return undefined;
  let text = line.slice(start[0].length).trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end < text.length && (end === 0 || isSpace(text[end - 1]))) text = text.slice(0, end).trim();
  return { level: start[1].length, text };
}

function splitFrontMatter(
  all: string[],
): { ok: true; frontMatter?: Record<string, unknown>; bodyStart: number } | { ok: false; reason: string; field: string } {
  if (all[0]?.trimEnd() !== '---') return { ok: true, bodyStart: 0 };
  const end = all.findIndex((l, i) => i > 0 && /^(---|\.\.\.)[ \t]*$/.test(l));
  if (end < 0) {
    return { ok: false, field: 'front matter', reason: 'YAML front matter opened on line 1 is never closed with ---' };
  }
  const doc = parseDocument(all.slice(1, end).join('\n'), { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = error.linePos ? error.linePos[0].line + 1 : undefined;
    const where = line ? `line ${line}` : 'front matter';
    return { ok: false, field: where, reason: `front matter is not valid YAML (${where}): ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    return { ok: false, field: 'front matter', reason: `front matter cannot be read: ${e instanceof Error ? e.message.split('\n')[0] : e}` };
  }
  if (value === null || value === undefined) return { ok: true, frontMatter: {}, bodyStart: end + 1 };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, field: 'front matter', reason: 'front matter must be a YAML mapping of fields' };
  }
  return { ok: true, frontMatter: value as Record<string, unknown>, bodyStart: end + 1 };
}

/** Parses Markdown evidence; fails only on broken front matter. @internal */
export function parseMarkdown(
  text: string,
): { ok: true; doc: ParsedMarkdown } | { ok: false; reason: string; field: string } {
  const all = text.split(/\r\n|\r|\n/);
  const split = splitFrontMatter(all);
  if (!split.ok) return split;
  const lines: MarkdownLine[] = [];
  const headings: MarkdownHeading[] = [];
  const checkboxes: MarkdownCheckbox[] = [];
  let fence: string | undefined;
  let inComment = false;
  for (let i = split.bodyStart; i < all.length; i++) {
    const raw = all[i];
    const line = i + 1;
    if (fence !== undefined) {
      const close = FENCE.exec(raw);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length && raw.trim() === close[1]) {
        fence = undefined;
      }
      lines.push({ line, text: raw, inFence: true, blank: false });
      continue;
    }
    // Drop HTML comments, which may span lines.
    let visible = '';
    let rest = raw;
    while (rest.length > 0) {
      if (inComment) {
        const end = rest.indexOf('-->');
        if (end < 0) rest = '';
        else {
          rest = rest.slice(end + 3);
          inComment = false;
        }
      } else {
        const start = rest.indexOf('<!--');
        if (start < 0) {
          visible += rest;
          rest = '';
        } else {
          visible += rest.slice(0, start);
          rest = rest.slice(start + 4);
          inComment = true;
        }
      }
    }
    const open = FENCE.exec(visible);
    if (open) {
      fence = open[1];
      lines.push({ line, text: raw, inFence: true, blank: false });
      continue;
    }
    lines.push({ line, text: visible, inFence: false, blank: visible.trim() === '' });
    const heading = atxHeading(visible);
    if (heading) {
      headings.push({ ...heading, line, index: lines.length - 1 });
      continue;
    }
    const box = CHECKBOX.exec(visible);
    if (box) checkboxes.push({ checked: box[1] !== ' ', text: (box[2] ?? '').trim(), line });
  }
  return { ok: true, doc: { frontMatter: split.frontMatter, lines, headings, checkboxes } };
}

/**
 * The non-blank lines of a heading's section: everything up to the next heading
 * of the same or a higher level. Sub-headings count as content.
 * @internal
 */
export function sectionContent(doc: ParsedMarkdown, heading: MarkdownHeading): MarkdownLine[] {
  const next = doc.headings.find(h => h.index > heading.index && h.level <= heading.level);
  const end = next ? next.index : doc.lines.length;
  return doc.lines.slice(heading.index + 1, end).filter(l => !l.blank);
}

/** Normalizes heading text for comparison: case, spacing and a trailing colon. @internal */
export function headingKey(text: string): string {
  let end = text.length;
  while (end > 0 && /[:\s]/.test(text[end - 1])) end--;
  return text.slice(0, end).replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Shortens text for a one-line reason. @internal */
export function clip(text: string, max = 60): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > max ? `${single.slice(0, max - 1)}…` : single;
}
