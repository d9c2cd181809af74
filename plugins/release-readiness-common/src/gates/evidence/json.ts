/**
 * JSON evidence: read with Microsoft's `jsonc-parser` in strict JSON mode (so
 * syntax errors and duplicate keys come with their line and column), then
 * checked by Ajv against the very JSON Schema the contract publishes, with
 * ajv-formats in its full mode (date-times must be real calendar
 * date-times). Problems name their field path, such as
 * `approvals[2].decision`.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import { printParseErrorCode, visit } from 'jsonc-parser';

/**
 * A JSON Schema (draft-07) object. The evidence schemas use a small set of
 * keywords, but any draft-07 keyword a team adds is honoured: the schemas are
 * checked by Ajv.
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
  additionalProperties?: boolean | EvidenceJsonSchema;
  items?: EvidenceJsonSchema;
  enum?: readonly unknown[];
  minItems?: number;
  minLength?: number;
  minimum?: number;
  pattern?: string;
  format?: string;
  /** Any other draft-07 keyword. */
  [keyword: string]: unknown;
}

/** The draft-07 meta-schema URI every evidence schema declares. @public */
export const JSON_SCHEMA_DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** A string that must hold more than white space. @internal */
export const NON_BLANK = {
  type: 'string',
  minLength: 1,
  pattern: '\\S',
} as const;

/** One way a value breaks its schema, at a field path such as `approvals[2].decision`. @public */
export interface SchemaIssue {
  path: string;
  message: string;
}

/**
 * Deepest nesting of JSON arrays and objects accepted; deeper input is an
 * error with its line (never a stack overflow).
 * @public
 */
export const JSON_MAX_DEPTH = 64;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a key or index to a field path. @internal */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENTIFIER.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

const dateTimeFormat = fullFormats['date-time'] as {
  validate: (s: string) => boolean;
};
const dateFormat = fullFormats.date as { validate: (s: string) => boolean };

/**
 * True for an RFC 3339 date-time with seconds and a time zone that names a
 * real calendar instant (no 30 February, no hour 24): ajv-formats' full
 * `date-time` format, the rule every date-time of the evidence contract follows.
 * @public
 */
export function isCalendarDateTime(value: unknown): boolean {
  return typeof value === 'string' && dateTimeFormat.validate(value);
}

/** True for an RFC 3339 full date (`2024-05-01`) that exists in the calendar. @public */
export function isCalendarDate(value: unknown): boolean {
  return typeof value === 'string' && dateFormat.validate(value);
}

let ajv: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: EvidenceJsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    if (!ajv) {
      // strict: false lets teams annotate schemas with their own keywords; every
      // draft-07 keyword is enforced. verbose: the failing data, for messages.
      ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
      addFormats(ajv, { mode: 'full' });
    }
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A JSON Pointer (`/approvals/2/decision`) as a field path (`approvals[2].decision`). */
function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>(
      (path, seg) =>
        joinPath(path, /^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : seg),
      '',
    );
}

function describeError(e: ErrorObject): SchemaIssue {
  const base = pointerToPath(e.instancePath);
  const at = base || '(root)';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return {
        path: joinPath(base, String(p.missingProperty)),
        message: 'is required',
      };
    case 'additionalProperties':
      return {
        path: joinPath(base, String(p.additionalProperty)),
        message: 'is not an allowed field',
      };
    case 'type': {
      const type = String(p.type);
      const article = /^[aeiou]/.test(type) ? 'an' : 'a';
      return {
        path: at,
        message: `must be ${article} ${type}, not ${typeName(e.data)}`,
      };
    }
    case 'enum':
      return {
        path: at,
        message: `must be one of ${(p.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}, not ${JSON.stringify(e.data)}`,
      };
    case 'minLength':
      return {
        path: at,
        message: `must have at least ${p.limit} character(s)`,
      };
    case 'pattern':
      return {
        path: at,
        message:
          p.pattern === NON_BLANK.pattern
            ? 'must not be blank'
            : `must match ${p.pattern}`,
      };
    case 'minItems':
      return { path: at, message: `must have at least ${p.limit} item(s)` };
    case 'minimum':
      return { path: at, message: `must be at least ${p.limit}` };
    case 'format':
      if (p.format === 'date-time') {
        return {
          path: at,
          message: `must be a real calendar date-time in ISO 8601 / RFC 3339 form with seconds and a time zone, such as 2024-05-01T10:00:00Z, not ${JSON.stringify(String(e.data).slice(0, 40))}`,
        };
      }
      return {
        path: at,
        message: `must be a valid ${p.format}, not ${JSON.stringify(String(e.data).slice(0, 40))}`,
      };
    default:
      return {
        path: at,
        message: e.message ?? `breaks the schema's ${e.keyword} rule`,
      };
  }
}

/**
 * Checks a value against a JSON Schema (draft-07) with Ajv and ajv-formats
 * (full mode), and lists every problem with its field path, in the order Ajv
 * reports them. Every draft-07 keyword of the schema is enforced.
 * @public
 */
export function checkJsonSchema(
  value: unknown,
  schema: EvidenceJsonSchema,
): SchemaIssue[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  const issues = (validate.errors ?? []).map(describeError);
  // NON_BLANK on "" breaks both minLength and pattern: say it once.
  const seen = new Set<string>();
  return issues.filter(i => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return !(
      i.message === 'must not be blank' &&
      issues.some(
        o => o.path === i.path && o.message.startsWith('must have at least'),
      )
    );
  });
}

/** The outcome of parsing JSON text. @internal */
export type JsonParse =
  { ok: true; value: unknown } | { ok: false; reason: string; field?: string };

/** jsonc-parser's error codes, by name, in words. */
const SYNTAX: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected content after the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'incomplete number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'control character in a string',
};

class StopVisit {
  constructor(readonly outcome: JsonParse) {}
}

/** Where a key was first seen in its object. */
interface OpenObject {
  keys: Map<string, number>;
}

/**
 * Parses JSON text strictly: a syntax error, a duplicate key in any object
 * (which `JSON.parse` would silently resolve to the last value) and nesting
 * deeper than {@link JSON_MAX_DEPTH} are refused with their line and column.
 * @internal
 */
export function parseJson(
  text: string,
  where: { line?: number } = {},
): JsonParse {
  if (text.trim() === '')
    return { ok: false, reason: 'not valid JSON: file is empty' };
  const lineBase = (where.line ?? 1) - 1;
  const pos = (line: number, character: number) =>
    `line ${line + 1 + lineBase}, column ${character + 1}`;
  const objects: OpenObject[] = [];
  let depth = 0;
  const deeper = (line: number, character: number) => {
    depth++;
    if (depth > JSON_MAX_DEPTH) {
      const field = pos(line, character);
      throw new StopVisit({
        ok: false,
        field,
        reason: `JSON nested more than ${JSON_MAX_DEPTH} levels deep at ${field}`,
      });
    }
  };
  try {
    visit(
      text,
      {
        onObjectBegin(_o, _l, line, character) {
          deeper(line, character);
          objects.push({ keys: new Map() });
        },
        onObjectEnd() {
          depth--;
          objects.pop();
        },
        onArrayBegin(_o, _l, line, character) {
          deeper(line, character);
        },
        onArrayEnd() {
          depth--;
        },
        onObjectProperty(
          property,
          _offset,
          _length,
          line,
          character,
          pathSupplier,
        ) {
          const open = objects[objects.length - 1];
          const first = open.keys.get(property);
          if (first !== undefined) {
            const path = pathSupplier().reduce<string>(
              (p, seg) => joinPath(p, seg),
              '',
            );
            const field = joinPath(path, property);
            throw new StopVisit({
              ok: false,
              field,
              reason: `duplicate key "${property}" in ${path || 'the top-level object'} at ${pos(line, character)} (first at line ${first + 1 + lineBase}): JSON readers disagree on which value counts, so the file is refused`,
            });
          }
          open.keys.set(property, line);
        },
        onError(error, _offset, _length, line, character) {
          const field = pos(line, character);
          throw new StopVisit({
            ok: false,
            field,
            reason: `not valid JSON at ${field}: ${SYNTAX[printParseErrorCode(error)] ?? 'syntax error'}`,
          });
        },
      },
      {
        disallowComments: true,
        allowTrailingComma: false,
        allowEmptyContent: false,
      },
    );
  } catch (e) {
    if (e instanceof StopVisit) return e.outcome;
    throw e;
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return {
      ok: false,
      reason: `not valid JSON: ${e instanceof Error ? e.message.split('\n')[0].slice(0, 120) : e}`,
    };
  }
}

/** Checks a parsed value against its schema; the first problem becomes the reason. @internal */
export function checkWithSchema(
  value: unknown,
  schema: EvidenceJsonSchema,
  prefix = '',
):
  { ok: true; value: unknown } | { ok: false; reason: string; field?: string } {
  const issues = checkJsonSchema(value, schema);
  if (issues.length === 0) return { ok: true, value };
  const [first] = issues;
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : '';
  return {
    ok: false,
    field: first.path,
    reason: `${prefix}${first.path} ${first.message}${more}`,
  };
}

/** Parses JSON and checks it against its schema; the first problem becomes the reason. @internal */
export function parseJsonWithSchema(
  text: string,
  schema: EvidenceJsonSchema,
):
  { ok: true; value: unknown } | { ok: false; reason: string; field?: string } {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  return checkWithSchema(parsed.value, schema);
}
