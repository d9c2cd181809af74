import {
  blockText,
  inlineText,
  MarkdownBlock as Node,
  MarkdownInline,
  parseMarkdownTree,
} from '../text/markdown';
import { stripByteOrderMark } from '../text/decode';

export type { MarkdownBlock as Node } from '../text/markdown';

/**
 * The structure of a Protocol 11 document, read from its CommonMark syntax tree
 * (the engine's one Markdown reader, {@link parseMarkdownTree}).
 * Structure (sections, steps, items, lists, fences) comes from the tree; the text
 * of a field is the source of the block that holds it, so inline Markdown is
 * compared exactly as written.
 */

/** A `## N. TITLE` section and the blocks under it. */
export interface DocSection {
  number?: number;
  title: string;
  blocks: Node[];
}

/** A labelled bullet (`* **Action:** …`) of a step item. */
export interface DocBullet {
  label: string;
  /** Source text after the label, container prefixes removed. */
  value: string;
  node: Node;
}

/** One `[MUST]` / `[GUIDELINE]` item of a workflow step. */
export interface DocItem {
  actionType?: string;
  /** Source text of the title, between the action type and the closing `:**`. */
  title: string;
  bullets: DocBullet[];
  /** Text of the communication quote, without its quotation marks. */
  communication?: string;
}

/** A `### STEP N: NAME` section of the workflow. */
export interface DocStep {
  number?: number;
  name: string;
  items: DocItem[];
  evidence?: string[];
  gate?: { name: string; bullets: DocBullet[] };
}

/** A document read into its parts. */
export interface ParsedDocument {
  title?: string;
  sections: DocSection[];
  steps: DocStep[];
  root: Node;
  /** Source of a block node as written, container prefixes removed. */
  sourceOf(node: Node): string;
}

/** Plain text of a node: literals of its text and code descendants. */
export function textOf(node: Node): string {
  return blockText(node);
}

/** Children of a node as an array. */
export function childrenOf(node: Node): Node[] {
  return node.children;
}

/**
 * Source of a heading's or paragraph's text as written: the parser keeps it
 * with container prefixes (indentation and `>` markers) and the indentation of
 * continuation lines removed. Other blocks have their literal, if any.
 */
export class SourceText {
  of(node: Node): string {
    return node.source ?? node.literal ?? '';
  }
}

/** Label of a paragraph that opens with a strong run, such as "Action:". */
export function strongLabel(paragraph: Node): string | undefined {
  const first = paragraph.inline?.[0];
  if (!first || first.type !== 'strong') return undefined;
  return inlineText(first.children).trim();
}

function firstCode(
  nodes: MarkdownInline[] | undefined,
): MarkdownInline | undefined {
  for (const n of nodes ?? []) {
    if (n.type === 'code') return n;
    const inner = firstCode(n.children);
    if (inner) return inner;
  }
  return undefined;
}

function readBullets(list: Node | undefined, src: SourceText): DocBullet[] {
  if (!list || list.type !== 'list') return [];
  return childrenOf(list).flatMap(item => {
    const para = item.children[0];
    if (!para || para.type !== 'paragraph') return [];
    const label = strongLabel(para);
    if (!label) return [];
    const source = src.of(para);
    const m = /^\*\*[^\n]*?:\*\*[ \t]?/.exec(source);
    return [
      {
        label: label.replace(/:$/, ''),
        value: m ? source.slice(m[0].length) : source,
        node: item,
      },
    ];
  });
}

function readItem(item: Node, src: SourceText): DocItem {
  const para = item.children[0];
  const result: DocItem = { title: '', bullets: [] };
  if (!para || para.type !== 'paragraph') return result;
  const code = firstCode(para.inline);
  const type =
    code?.literal && /^\[(MUST|GUIDELINE)\]$/.exec(code.literal.trim());
  result.actionType = type ? type[1] : undefined;
  const source = src.of(para);
  const m = /^\*\*`\[[A-Z]+\]` ([\s\S]*?):\*\*$/.exec(source);
  result.title = m ? m[1] : source;
  const list = childrenOf(item).find(c => c.type === 'list');
  result.bullets = readBullets(list, src);
  const comm = result.bullets.find(b => /^communication$/i.test(b.label));
  const quote =
    comm &&
    childrenOf(comm.node).find(
      c => c.type === 'block_quote' || c.type === 'code_block',
    );
  if (quote) {
    const text =
      quote.type === 'block_quote' && quote.children[0]
        ? src.of(quote.children[0])
        : (quote.literal ?? '');
    const q = /^"([\s\S]*)"$/.exec(text.trim());
    result.communication = q ? q[1] : text.trim();
  }
  return result;
}

function readStep(heading: Node, blocks: Node[], src: SourceText): DocStep {
  const text = textOf(heading);
  const m = /^STEP\s+(\d+)\s*:\s*([\s\S]*)$/i.exec(text.trim());
  const step: DocStep = {
    number: m ? Number(m[1]) : undefined,
    name: m ? m[2] : text,
    items: [],
  };
  blocks.forEach((block, i) => {
    if (block.type === 'list' && block.ordered) {
      step.items.push(...childrenOf(block).map(item => readItem(item, src)));
    }
    if (block.type !== 'paragraph') return;
    const label = strongLabel(block) ?? '';
    const next = blocks[i + 1];
    if (/^Evidence Collection:?$/i.test(label)) {
      const list = next && next.type === 'list' ? next : undefined;
      step.evidence = list
        ? childrenOf(list).map(li =>
            li.children[0] ? src.of(li.children[0]) : '',
          )
        : [];
    }
    const gate = /^\*\*Quality Gate:\s*([\s\S]*)\*\*$/.exec(src.of(block));
    if (gate) {
      step.gate = { name: gate[1].trim(), bullets: readBullets(next, src) };
    }
  });
  return step;
}

/** Splits blocks at headings of a level. */
function splitAt(
  blocks: Node[],
  level: number,
): { heading?: Node; blocks: Node[] }[] {
  const parts: { heading?: Node; blocks: Node[] }[] = [{ blocks: [] }];
  for (const block of blocks) {
    if (block.type === 'heading' && block.level === level)
      parts.push({ heading: block, blocks: [] });
    else parts[parts.length - 1].blocks.push(block);
  }
  return parts;
}

/** Parses a Protocol 11 document. @internal */
export function parseProtocolDocument(markdown: string): ParsedDocument {
  const root = parseMarkdownTree(stripByteOrderMark(markdown));
  const src = new SourceText();
  const blocks = childrenOf(root);
  const h1 = blocks.find(b => b.type === 'heading' && b.level === 1);
  const sections = splitAt(blocks, 2)
    .filter(part => part.heading)
    .map(part => {
      const text = textOf(part.heading!).trim();
      const m = /^(\d+)\.\s*([\s\S]*)$/.exec(text);
      return {
        number: m ? Number(m[1]) : undefined,
        title: m ? m[2] : text,
        blocks: part.blocks,
      };
    });
  const workflow = sections.find(s => /WORKFLOW/i.test(s.title));
  const steps = workflow
    ? splitAt(workflow.blocks, 3)
        .filter(
          part => part.heading && /^STEP\b/i.test(textOf(part.heading).trim()),
        )
        .map(part => readStep(part.heading!, part.blocks, src))
    : [];
  return {
    title: h1 ? textOf(h1).trim() : undefined,
    sections,
    steps,
    root,
    sourceOf: node => src.of(node),
  };
}
