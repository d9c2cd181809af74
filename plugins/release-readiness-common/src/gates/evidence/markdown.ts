/**
 * Markdown evidence: optional YAML front matter, then the body read by the
 * engine's one CommonMark + GFM reader ({@link parseMarkdownTree}). Headings
 * are every CommonMark heading (ATX or setext, also inside block quotes and
 * list items); checkboxes are GitHub's task-list items wherever GitHub renders
 * one (lists in block quotes, nested lists), never inside code, HTML blocks or
 * comments.
 */
import {
  allBlocks,
  inlineText,
  isCommentOnly,
  MarkdownBlock,
  MarkdownLimitError,
  parseMarkdownTree,
  taskItems,
} from '../../text/markdown';
import { stripByteOrderMark } from '../../text/decode';
import { readYaml } from '../../text/yaml';

/** A heading of the body. @internal */
export interface MarkdownHeading {
  level: number;
  /** Plain text of the heading, inline Markdown read. */
  text: string;
  /** 1-based line number in the file. */
  line: number;
  /** Position of the heading in {@link ParsedMarkdown.blocks}. */
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
  /** Every block of the body in document order, containers before their content. */
  blocks: MarkdownBlock[];
  headings: MarkdownHeading[];
  checkboxes: MarkdownCheckbox[];
}

type Failure = { ok: false; reason: string; field: string };

function splitFrontMatter(
  all: string[],
):
  | { ok: true; frontMatter?: Record<string, unknown>; bodyStart: number }
  | Failure {
  if (all[0]?.trimEnd() !== '---') return { ok: true, bodyStart: 0 };
  const end = all.findIndex((l, i) => i > 0 && /^(---|\.\.\.)[ \t]*$/.test(l));
  if (end < 0) {
    return {
      ok: false,
      field: 'front matter',
      reason: 'YAML front matter opened on line 1 is never closed with ---',
    };
  }
  const read = readYaml(all.slice(1, end).join('\n'), 2);
  if (!read.ok) {
    const [first] = read.problems;
    return {
      ok: false,
      field: `line ${first.line}`,
      reason: `front matter: ${first.message}`,
    };
  }
  const value = read.value;
  if (value === null || value === undefined)
    return { ok: true, frontMatter: {}, bodyStart: end + 1 };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      field: 'front matter',
      reason: 'front matter must be a YAML mapping of fields',
    };
  }
  return {
    ok: true,
    frontMatter: value as Record<string, unknown>,
    bodyStart: end + 1,
  };
}

/** Parses Markdown evidence; fails only on broken front matter or nesting over the limit. @internal */
export function parseMarkdown(
  text: string,
): { ok: true; doc: ParsedMarkdown } | Failure {
  const all = stripByteOrderMark(text).split(/\r\n|\r|\n/);
  const split = splitFrontMatter(all);
  if (!split.ok) return split;
  let tree: MarkdownBlock;
  try {
    tree = parseMarkdownTree(
      all.slice(split.bodyStart).join('\n'),
      split.bodyStart + 1,
    );
  } catch (e) {
    if (e instanceof MarkdownLimitError)
      return { ok: false, field: `line ${e.line}`, reason: e.message };
    throw e;
  }
  const blocks = allBlocks(tree);
  const headings: MarkdownHeading[] = [];
  blocks.forEach((b, index) => {
    if (b.type === 'heading')
      headings.push({
        level: b.level!,
        text: inlineText(b.inline).trim(),
        line: b.line,
        index,
      });
  });
  return {
    ok: true,
    doc: {
      frontMatter: split.frontMatter,
      blocks,
      headings,
      checkboxes: taskItems(tree),
    },
  };
}

const CONTAINERS = new Set([
  'list',
  'item',
  'block_quote',
  'table_part',
  'document',
]);

/**
 * The content blocks of a heading's section: every block after it up to the
 * next heading of the same or a higher level. Sub-headings count as content;
 * HTML comments, empty containers and blank lines do not.
 * @internal
 */
export function sectionContent(
  doc: ParsedMarkdown,
  heading: MarkdownHeading,
): MarkdownBlock[] {
  const next = doc.headings.find(
    h => h.index > heading.index && h.level <= heading.level,
  );
  const end = next ? next.index : doc.blocks.length;
  return doc.blocks
    .slice(heading.index + 1, end)
    .filter(b => !CONTAINERS.has(b.type) && !isCommentOnly(b));
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
