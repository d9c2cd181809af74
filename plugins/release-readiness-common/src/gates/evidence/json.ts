/**
 * JSON evidence: parsing that reports line and column, and a checker for the
 * small draft-07 subset the evidence schemas use, reporting exact field paths.
 */

/**
 * A JSON Schema (draft-07) object, limited to the keywords the evidence
 * schemas use.
 * @public
 */
export interface EvidenceJsonSchema {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  properties?: Record<string, EvidenceJsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  items?: EvidenceJsonSchema;
  enum?: readonly string[];
  minItems?: number;
  minLength?: number;
  minimum?: number;
  pattern?: string;
  format?: 'date-time';
}

/** The draft-07 meta-schema URI every evidence schema declares. @public */
export const JSON_SCHEMA_DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** A string that must hold more than white space. @internal */
export const NON_BLANK = { type: 'string', minLength: 1, pattern: '\\S' } as const;

/** One way a value breaks its schema, at a field path such as `approvals[2].decision`. @public */
export interface SchemaIssue {
  path: string;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a key or index to a field path. @internal */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENTIFIER.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** True for an RFC 3339 date-time with seconds and a time zone. @internal */
export function isDateTime(value: unknown): boolean {
  return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function typeMatches(value: unknown, type: NonNullable<EvidenceJsonSchema['type']>): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

/**
 * Checks a value against a schema and lists every problem with its field path.
 * Supports `type`, `properties`, `required`, `additionalProperties: false`,
 * `items`, `enum`, `minItems`, `minLength`, `minimum`, `pattern` and
 * `format: date-time`.
 * @public
 */
export function checkJsonSchema(value: unknown, schema: EvidenceJsonSchema, path = ''): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const at = path || '(root)';
  if (schema.type && !typeMatches(value, schema.type)) {
    const article = /^[aeiou]/.test(schema.type) ? 'an' : 'a';
    return [{ path: at, message: `must be ${article} ${schema.type}, not ${typeName(value)}` }];
  }
  if (schema.enum && !schema.enum.includes(value as string)) {
    issues.push({
      path: at,
      message: `must be one of ${schema.enum.map(e => JSON.stringify(e)).join(', ')}, not ${JSON.stringify(value)}`,
    });
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      issues.push({ path: at, message: `must have at least ${schema.minLength} character(s)` });
    } else if (schema.pattern && !new RegExp(schema.pattern).test(value)) {
      const message = schema.pattern === NON_BLANK.pattern ? 'must not be blank' : `must match ${schema.pattern}`;
      issues.push({ path: at, message });
    }
    if (schema.format === 'date-time' && !isDateTime(value)) {
      issues.push({ path: at, message: `must be an ISO 8601 date-time such as 2024-05-01T10:00:00Z, not ${JSON.stringify(value.slice(0, 40))}` });
    }
  }
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) {
    issues.push({ path: at, message: `must be at least ${schema.minimum}` });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      issues.push({ path: at, message: `must have at least ${schema.minItems} item(s)` });
    }
    if (schema.items) {
      value.forEach((item, i) => issues.push(...checkJsonSchema(item, schema.items!, joinPath(path, i))));
    }
  }
  if (typeMatches(value, 'object')) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) {
        issues.push({ path: joinPath(path, key), message: 'is required' });
      }
    }
    for (const [key, child] of Object.entries(record)) {
      const sub = schema.properties && Object.prototype.hasOwnProperty.call(schema.properties, key)
        ? schema.properties[key]
        : undefined;
      if (sub) issues.push(...checkJsonSchema(child, sub, joinPath(path, key)));
      else if (schema.additionalProperties === false) {
        issues.push({ path: joinPath(path, key), message: 'is not an allowed field' });
      }
    }
  }
  return issues;
}

/** The outcome of parsing JSON text. @internal */
export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string; field?: string };

const TOKEN = {
  ws: /[ \t\n\r]*/y,
  // eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters (RFC 8259, section 7)
  string: /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y,
  number: /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y,
  literal: /true|false|null/y,
};

/** Offset of the first syntax error in JSON text (JSON.parse does not always say). */
function jsonErrorOffset(text: string): number {
  let at = 0;
  const eat = (re: RegExp): boolean => {
    re.lastIndex = at;
    const ok = re.test(text);
    if (ok) at = re.lastIndex;
    return ok;
  };
  const ws = () => eat(TOKEN.ws);
  const punct = (c: string): boolean => {
    ws();
    if (text[at] !== c) return false;
    at++;
    return true;
  };
  const value = (depth: number): boolean => {
    ws();
    if (depth > 512) return false;
    const c = text[at];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      at++;
      if (punct(close)) return true;
      do {
        if (c === '{') {
          ws();
          if (!eat(TOKEN.string) || !punct(':')) return false;
        }
        if (!value(depth + 1)) return false;
      } while (punct(','));
      return punct(close);
    }
    return eat(TOKEN.string) || eat(TOKEN.number) || eat(TOKEN.literal);
  };
  if (value(0)) ws();
  return at;
}

function lineOf(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return `line ${line}, column ${position - before.lastIndexOf('\n')}`;
}

/** Parses JSON text, turning a syntax error into a one-line reason with its line. @internal */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    if (text.trim() === '') return { ok: false, reason: 'not valid JSON: file is empty' };
    const message = e instanceof Error ? e.message : String(e);
    const field = lineOf(text, jsonErrorOffset(text));
    const detail = message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '').split('\n')[0].slice(0, 120);
    return { ok: false, reason: `not valid JSON at ${field}: ${detail}`, field };
  }
}

/** Parses JSON and checks it against its schema; the first problem becomes the reason. @internal */
export function parseJsonWithSchema(
  text: string,
  schema: EvidenceJsonSchema,
): { ok: true; value: unknown } | { ok: false; reason: string; field?: string } {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const issues = checkJsonSchema(parsed.value, schema);
  if (issues.length === 0) return parsed;
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : '';
  return { ok: false, field: first.path, reason: `${first.path} ${first.message}${more}` };
}
