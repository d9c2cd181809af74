/**
 * Writing a form as YAML that every YAML reader reads back as the same
 * values: YAML 1.2 readers (the `yaml` package, js-yaml 4) and YAML 1.1
 * readers alike (PyYAML, SnakeYAML, go-yaml v2), which read plain `yes`, `no`,
 * `on`, `off`, `y`, `n`, `1:30` (sexagesimal), `0777` (octal), `2024-05-01`
 * (timestamp) and the like as booleans, numbers or dates.
 */
import { Document, isScalar, parse, visit } from 'yaml';

/** How a plain scalar reads in one YAML version; undefined when it does not parse alone. */
function readsAs(text: string, version: '1.1' | '1.2'): unknown {
  try {
    return parse(text, { version });
  } catch {
    return undefined;
  }
}

/**
 * True when a string written as a plain scalar could read back as something
 * else (a boolean, number, null, date, or another string) in YAML 1.1 or 1.2.
 * The maintained `yaml` package is the oracle: it implements both versions'
 * resolution rules.
 */
function ambiguousPlain(value: string): boolean {
  if (value.includes('\n')) return false; // written as a block scalar: a string in every version
  if (value === '<<') return true; // a merge key in YAML 1.1 mappings
  return readsAs(value, '1.1') !== value || readsAs(value, '1.2') !== value;
}

/**
 * Serializes a value (a form) as YAML 1.2 text whose every string is quoted
 * when a YAML 1.1 or 1.2 reader could take its plain form for another value,
 * so the file reads back identically everywhere. Long lines are not folded.
 * @public
 */
export function stringifyPortableYaml(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Scalar(_key, node) {
      if (
        isScalar(node) &&
        typeof node.value === 'string' &&
        ambiguousPlain(node.value)
      )
        node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}
