import { InputError } from '@backstage/errors';
import { isMap } from 'yaml';
import { stripByteOrderMark } from '../text/decode';
import { readYaml } from '../text/yaml';
import {
  APPROVAL_REQUEST_MARKER,
  EVIDENCE_DIR,
  PLAYBOOK_GATES,
} from '../playbook/playbook';
import { FieldSpec, protocol11FormSpec } from './spec';
import { Protocol11Form, Protocol11FormIssue } from './types';

/** The outcome of checking a form. @public */
export type Protocol11FormResult =
  | { ok: true; form: Protocol11Form; issues: [] }
  | { ok: false; issues: Protocol11FormIssue[] };

type PathPart = string | number;

function formatPath(path: PathPart[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
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

/** Checks a value against its spec and returns a copy with defaults filled in. */
function checkShape(
  value: unknown,
  spec: FieldSpec,
  path: PathPart[],
  issues: Protocol11FormIssue[],
): unknown {
  const at = formatPath(path);
  const problem = (message: string) => issues.push({ path: at, message });
  switch (spec.kind) {
    case 'string': {
      if (typeof value !== 'string') {
        problem(`must be a string, not ${describe(value)}`);
        return '';
      }
      // Surrounding blank space (such as the newline a YAML block scalar ends with) is not content.
      const text = value.trim();
      if (spec.enum && !spec.enum.includes(text)) {
        problem(
          `must be ${spec.enum.map(e => `"${e}"`).join(' or ')}, not "${text}"`,
        );
      } else if (spec.nonBlank && text === '') {
        problem('must not be blank');
      }
      return text;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        problem(`must be a whole number, not ${describe(value)}`);
        return 0;
      }
      if (spec.minimum !== undefined && value < spec.minimum) {
        problem(`must be at least ${spec.minimum}`);
      }
      return value;
    }
    case 'array': {
      if (!Array.isArray(value)) {
        problem(`must be a list, not ${describe(value)}`);
        return [];
      }
      const tooFew =
        spec.minItems !== undefined && value.length < spec.minItems;
      const tooMany =
        spec.maxItems !== undefined && value.length > spec.maxItems;
      if ((tooFew || tooMany) && spec.countMessage) {
        problem(`${spec.countMessage}; this form has ${value.length}`);
      } else if (tooFew) {
        problem(
          `must have at least ${spec.minItems} item(s), has ${value.length}`,
        );
      } else if (tooMany) {
        problem(
          `must have at most ${spec.maxItems} item(s), has ${value.length}`,
        );
      }
      return value.map((item, i) =>
        checkShape(item, spec.items, [...path, i], issues),
      );
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problem(`must be a mapping, not ${describe(value)}`);
        return emptyOf(spec);
      }
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(record)) {
        if (!(key in spec.properties)) {
          issues.push({
            path: formatPath([...path, key]),
            message: `is not a field of ${spec.title.toLowerCase()}`,
          });
        }
      }
      for (const [key, child] of Object.entries(spec.properties)) {
        const present =
          key in record && record[key] !== undefined && record[key] !== null;
        if (!present) {
          if (spec.required.includes(key)) {
            issues.push({
              path: formatPath([...path, key]),
              message: 'is required',
            });
          }
          out[key] = emptyOf(child);
          continue;
        }
        out[key] = checkShape(record[key], child, [...path, key], issues);
      }
      return out;
    }
    default:
      return undefined;
  }
}

function emptyOf(spec: FieldSpec): unknown {
  switch (spec.kind) {
    case 'string':
      return '';
    case 'integer':
      return 0;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries(
        Object.entries(spec.properties).map(([k, v]) => [k, emptyOf(v)]),
      );
    default:
      return undefined;
  }
}

const PATH_CHARS = /^[A-Za-z0-9._\-/]+$/;

/** Why an evidence location is refused, or undefined when it is fine. */
export function evidenceLocationProblem(location: string): string | undefined {
  if (location.startsWith('/') || /^[A-Za-z]:[\\/]/.test(location)) {
    return `must be a relative path under ${EVIDENCE_DIR}, not an absolute one`;
  }
  if (location.includes('\\')) return 'must use forward slashes';
  if (location.split('/').some(segment => segment === '..')) {
    return 'must not contain ".."';
  }
  if (!PATH_CHARS.test(location)) {
    return 'may only contain letters, digits, ".", "_", "-" and "/"';
  }
  if (
    !location.startsWith(EVIDENCE_DIR) ||
    location.length === EVIDENCE_DIR.length
  ) {
    return `must be a file under ${EVIDENCE_DIR}`;
  }
  if (location.split('/').some(segment => segment === '' || segment === '.')) {
    return 'must not contain empty or "." segments';
  }
  return undefined;
}

const normalizeName = (name: string) =>
  name.trim().replace(/\s+/g, ' ').toLowerCase();

/** Rules that go beyond the shape: numbering, MUST steps, evidence paths, gates, prompts. */
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
    phase.evidence_collection.forEach((evidence, e) => {
      const problem = evidenceLocationProblem(evidence.storage_location);
      if (problem && evidence.storage_location.trim() !== '') {
        add(`${at}.evidence_collection[${e}].storage_location`, problem);
      }
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
 * form model. Returns the complete form with defaults filled in, or one issue
 * per problem, each naming its field by path.
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
  const form = checkShape(
    value,
    protocol11FormSpec,
    [],
    issues,
  ) as Protocol11Form;
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
