import { InputError } from '@backstage/errors';
import { isMap } from 'yaml';
import type { z } from 'zod';
import { stripByteOrderMark } from '../text/decode';
import { readYaml } from '../text/yaml';
import { APPROVAL_REQUEST_MARKER, PLAYBOOK_GATES } from '../playbook/playbook';
import { protocol11FormSchema } from './schema';
import { Protocol11Form, Protocol11FormIssue } from './types';

/** The outcome of checking a form. @public */
export type Protocol11FormResult =
  | { ok: true; form: Protocol11Form; issues: [] }
  | { ok: false; issues: Protocol11FormIssue[] };

type PathPart = string | number;

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

/** The form's messages in words, by zod issue; rules of the description keep their own. */
function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return 'is required';
      const expected: Record<string, string> = {
        string: 'a string',
        int: 'a whole number',
        number: 'a whole number',
        array: 'a list',
        object: 'a mapping',
      };
      return `must be ${expected[issue.expected] ?? issue.expected}, not ${describe(input)}`;
    }
    case 'invalid_value':
      return typeof input === 'string'
        ? `must be ${issue.values.map(v => `"${String(v)}"`).join(' or ')}, not "${input}"`
        : `must be a string, not ${describe(input)}`;
    case 'invalid_format':
      return 'must not be blank';
    case 'too_small':
      if (issue.origin === 'string') return 'must not be blank';
      if (issue.origin === 'array')
        return `must have at least ${issue.minimum} item(s), has ${
          Array.isArray(input) ? input.length : 0
        }`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `must have at most ${issue.maximum} item(s), has ${
            Array.isArray(input) ? input.length : 0
          }`
        : `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

/** The problems zod found, one per field: an unknown key is named by its own path. */
function shapeIssues(error: z.ZodError): Protocol11FormIssue[] {
  return error.issues.flatMap(issue =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map(key => ({
          path: formatPath([...issue.path, key]),
          message: issue.message,
        }))
      : [
          {
            path: formatPath(issue.path),
            message: issue.message,
          },
        ],
  );
}

/**
 * The value with every mapping entry whose value is `null` left out: a key
 * written without a value (`key:` in YAML) counts as absent, so it is
 * required or takes its default. Copies only what changes.
 */
function withoutNullFields(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = withoutNullFields(item);
      if (next !== item) (out ??= value.slice())[i] = next;
    });
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (item === null) {
      out ??= { ...record };
      delete out[key];
      continue;
    }
    const next = withoutNullFields(item);
    if (next !== item) (out ??= { ...record })[key] = next;
  }
  return out ?? value;
}

const normalizeName = (name: string) =>
  name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Rules across fields, beyond the one description: numbering, MUST steps,
 * gate names, the approval prompt. Run on a form whose every field has its
 * shape; fills in step numbers a form leaves out.
 */
function checkRules(form: Protocol11Form, issues: Protocol11FormIssue[]) {
  const add = (path: string, message: string) => issues.push({ path, message });

  const seenGates = new Map<string, number>();
  form.phases.forEach((phase, p) => {
    const at = `phases[${p}]`;
    if (phase.phase_number !== p + 1) {
      add(
        `${at}.phase_number`,
        `must be ${p + 1} (phases are numbered 1 to 3 in order)`,
      );
    }
    if (!phase.steps.some(step => step.action_type === 'MUST')) {
      add(
        `${at}.steps`,
        'must have at least one step whose action_type is MUST',
      );
    }
    phase.steps.forEach((step, s) => {
      if (step.step_number !== 0 && step.step_number !== s + 1) {
        add(
          `${at}.steps[${s}].step_number`,
          `must be ${s + 1} (steps are numbered from 1 in order)`,
        );
      }
      step.step_number = s + 1;
    });
    const gate = phase.quality_gate.gate_name;
    if (gate.trim() !== '') {
      const expected = PLAYBOOK_GATES[p];
      if (expected && !normalizeName(gate).includes(normalizeName(expected))) {
        add(
          `${at}.quality_gate.gate_name`,
          `must name the playbook's phase ${p + 1} gate, "${expected}"`,
        );
      }
      const key = normalizeName(gate);
      const first = seenGates.get(key);
      if (first !== undefined) {
        add(
          `${at}.quality_gate.gate_name`,
          `duplicates the gate name of phases[${first}]`,
        );
      } else {
        seenGates.set(key, p);
      }
    }
  });
  const prompts = form.communication_protocols.validation_prompts;
  if (
    prompts.length > 0 &&
    !prompts.some(p => p.trimStart().startsWith(APPROVAL_REQUEST_MARKER))
  ) {
    add(
      'communication_protocols.validation_prompts',
      `must include a prompt that starts with ${APPROVAL_REQUEST_MARKER}`,
    );
  }
}

/**
 * Checks a form value (as parsed from YAML or JSON) against the Protocol 11
 * form model: first every field against the form's one description
 * ({@link protocol11FormSchema}, every problem at once), then, once every
 * field has its shape, the rules across fields. Returns the complete form with
 * defaults filled in, or one issue per problem, each naming its field by path
 * (`phases[1].steps[0].action_type`). Never throws on content.
 * @public
 */
export function validateProtocol11Form(value: unknown): Protocol11FormResult {
  const issues: Protocol11FormIssue[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      issues: [
        {
          path: '',
          message: `the form must be a mapping of fields, not ${describe(value)}`,
        },
      ],
    };
  }
  const parsed = protocol11FormSchema.safeParse(withoutNullFields(value), {
    error: issueMessage,
  });
  if (!parsed.success) return { ok: false, issues: shapeIssues(parsed.error) };
  const form = parsed.data;
  checkRules(form, issues);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, form, issues: [] };
}

function pathParts(path: string): PathPart[] {
  const parts: PathPart[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    parts.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  }
  return parts;
}

/**
 * Longest form text accepted, in characters (1 MiB of ASCII); longer text is
 * a form problem with its line, like any other.
 * @public
 */
export const PROTOCOL11_FORM_MAX_CHARS = 1024 * 1024;

/**
 * Parses a form from YAML text and checks it. Syntax errors carry their line and
 * column; problems with fields carry the field's path and, where it is in the
 * file, its line and column. A leading byte order mark is ignored; duplicate
 * keys, nesting deeper than `YAML_MAX_DEPTH`, alias expansion beyond
 * `YAML_MAX_ALIAS_COUNT` and text over {@link PROTOCOL11_FORM_MAX_CHARS}
 * are problems with a line like any syntax error. Never throws on content.
 * @public
 */
export function parseProtocol11Form(yamlText: string): Protocol11FormResult {
  const text = stripByteOrderMark(yamlText);
  if (text.length > PROTOCOL11_FORM_MAX_CHARS) {
    const line = text.slice(0, PROTOCOL11_FORM_MAX_CHARS).split('\n').length;
    return {
      ok: false,
      issues: [
        {
          path: '',
          line,
          column: 1,
          message: `the form is ${text.length} characters long, over the ${PROTOCOL11_FORM_MAX_CHARS}-character limit (reached at line ${line})`,
        },
      ],
    };
  }
  const read = readYaml(text);
  if (!read.ok) {
    return {
      ok: false,
      issues: read.problems.map(p => ({
        path: '',
        line: p.line,
        column: p.column,
        message: p.message,
      })),
    };
  }
  const { doc, lineCounter } = read;
  if (doc.contents !== null && !isMap(doc.contents)) {
    return {
      ok: false,
      issues: [
        {
          path: '',
          message: `the form must be a mapping of fields, not ${describe(read.value)}`,
        },
      ],
    };
  }
  const result = validateProtocol11Form(read.value ?? {});
  if (result.ok) return result;
  return {
    ok: false,
    issues: result.issues.map(issue => {
      if (!issue.path) return issue;
      const parts = pathParts(issue.path);
      // The nearest node that exists in the file: the field itself or its parent.
      for (let n = parts.length; n > 0; n--) {
        const node = doc.getIn(parts.slice(0, n), true) as
          { range?: [number, number, number] } | undefined;
        if (node && node.range) {
          const pos = lineCounter.linePos(node.range[0]);
          return { ...issue, line: pos.line, column: pos.col };
        }
      }
      return issue;
    }),
  };
}

/** Formats one issue as `path: message`. @public */
export function formatFormIssue(issue: Protocol11FormIssue): string {
  const where = issue.path || 'form';
  const pos =
    issue.line && issue.path
      ? ` (line ${issue.line}, column ${issue.column})`
      : '';
  return issue.path || !issue.line
    ? `${where}: ${issue.message}${pos}`
    : issue.message;
}

/**
 * Checks a form value and returns the complete form, or throws an `InputError`
 * whose message lists every problem by field path.
 * @public
 */
export function assertProtocol11Form(value: unknown): Protocol11Form {
  const result = validateProtocol11Form(value);
  if (!result.ok) throw formIssuesError(result.issues);
  return result.form;
}

/** An `InputError` listing every issue, one per line. @public */
export function formIssuesError(issues: Protocol11FormIssue[]): InputError {
  return new InputError(
    `Invalid Protocol 11 form:\n${issues.map(i => `- ${formatFormIssue(i)}`).join('\n')}`,
  );
}
