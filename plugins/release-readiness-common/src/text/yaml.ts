/**
 * The one YAML reader of forms and front matter: the `yaml` package with
 * duplicate keys refused and resource limits turned into ordinary problems
 * with a line (never a thrown "Excessive alias count" or a stack overflow).
 */
import {
  CST,
  Document,
  isAlias,
  LineCounter,
  parseDocument,
  Parser,
  visit,
} from 'yaml';

/** Deepest nesting of YAML collections accepted. @public */
export const YAML_MAX_DEPTH = 64;

/**
 * Most alias expansions accepted, as the `yaml` package counts them
 * (`maxAliasCount`): enough for any hand-written form, far too few for an
 * "alias bomb" (anchors that each repeat the previous one many times).
 * @public
 */
export const YAML_MAX_ALIAS_COUNT = 100;

/** One problem of a YAML text, at a 1-based line and column. @public */
export interface YamlProblem {
  line: number;
  column: number;
  message: string;
}

/** A read YAML text: its document (for node positions) and value, or its problems. @public */
export type YamlRead =
  | { ok: true; doc: Document.Parsed; value: unknown; lineCounter: LineCounter }
  | { ok: false; problems: YamlProblem[] };

type CstNode = CST.Token | undefined;

/** The first CST node nested deeper than the limit, walked without recursion. */
function tooDeep(text: string): number | undefined {
  const stack: { node: CstNode; depth: number }[] = [];
  for (const token of new Parser().parse(text))
    stack.push({ node: token, depth: 0 });
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!node) continue;
    if (node.type === 'document') {
      stack.push({ node: node.value, depth });
      continue;
    }
    if (
      node.type === 'block-map' ||
      node.type === 'block-seq' ||
      node.type === 'flow-collection'
    ) {
      if (depth >= YAML_MAX_DEPTH) return node.offset;
      for (const item of node.items as { key?: CstNode; value?: CstNode }[]) {
        stack.push({ node: item.key ?? undefined, depth: depth + 1 });
        stack.push({ node: item.value ?? undefined, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * Reads YAML text (one document) under the engine's rules and limits:
 * duplicate keys, nesting deeper than {@link YAML_MAX_DEPTH} and alias
 * expansion beyond {@link YAML_MAX_ALIAS_COUNT} are problems with a line and
 * column, like any syntax error. `firstLine` is the file line of the text's
 * first line (for front matter). Never throws on content.
 * @public
 */
export function readYaml(text: string, firstLine = 1): YamlRead {
  const lineCounter = new LineCounter();
  const at = (offset: number, message: string): YamlProblem => {
    const pos = lineCounter.linePos(offset);
    const line = pos.line + firstLine - 1;
    return {
      line,
      column: pos.col,
      message: message
        .replace(/\{line\}/g, String(line))
        .replace(/\{column\}/g, String(pos.col)),
    };
  };
  const deep = tooDeep(text);
  if (deep !== undefined) {
    // Count lines without composing the too-deep document.
    const lines = new LineCounter();
    lines.addNewLine(0);
    for (
      let i = text.indexOf('\n');
      i >= 0 && i < deep;
      i = text.indexOf('\n', i + 1)
    )
      lines.addNewLine(i + 1);
    const pos = lines.linePos(deep);
    const line = pos.line + firstLine - 1;
    return {
      ok: false,
      problems: [
        {
          line,
          column: pos.col,
          message: `YAML nested more than ${YAML_MAX_DEPTH} levels deep at line ${line}, column ${pos.col}`,
        },
      ],
    };
  }
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map(error =>
        at(
          error.pos[0],
          `YAML syntax error at line {line}, column {column}: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        ),
      ),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT });
  } catch (e) {
    let first: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        if (isAlias(node) && node.range) first = node.range[0];
        return visit.BREAK;
      },
    });
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return {
      ok: false,
      problems: [
        at(
          first ?? 0,
          `YAML aliases at line {line}, column {column} expand to too many values (over ${YAML_MAX_ALIAS_COUNT}; an "alias bomb"): ${detail}`,
        ),
      ],
    };
  }
  return { ok: true, doc, value, lineCounter };
}
