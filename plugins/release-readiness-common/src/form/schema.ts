/**
 * The one description of the Protocol 11 requirements form, in zod. From it
 * come the form's TypeScript types (`z.output`, in `types.ts`), the checker
 * with its field paths (`validate.ts`) and the JSON Schema of the form file,
 * which the Software Template's wizard pages are built from. Rules that relate
 * several fields (numbering, MUST steps, gate names, the approval prompt) are
 * code, in `validate.ts`.
 */
import { z } from 'zod';
import { EVIDENCE_DIR } from '../playbook/playbook';

/**
 * Surrounding blank space (such as the newline a YAML block scalar ends with)
 * is not content: text fields trim (`z.string().trim()`); a fixed choice is
 * compared after trimming too.
 */
const trimmed = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value: unknown) => (typeof value === 'string' ? value.trim() : value),
    schema,
  );

/**
 * Non-blank text, trimmed: once trimmed, one character is enough. The JSON
 * Schema's `pattern` tells the wizard, which does not trim, that blank text
 * is refused.
 */
const nonBlank = () => z.string().trim().min(1);

const text = (title: string, description: string) =>
  nonBlank().meta({ title, description, pattern: '\\S' });

const optionalText = (title: string, description: string) =>
  z.string().trim().default('').meta({ title, description });

const optionalList = <T extends z.ZodType>(
  item: T,
  title: string,
  description: string,
) =>
  z
    .array(item)
    .default(() => [])
    .meta({ title, description });

/** A mapping of named fields and no others. */
const section = <S extends z.ZodRawShape>(
  title: string,
  description: string,
  shape: S,
) =>
  z
    .strictObject(shape, {
      error: issue =>
        issue.code === 'unrecognized_keys'
          ? `is not a field of ${title.toLowerCase()}`
          : undefined,
    })
    .meta({ title, description });

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

const step = section('Step', 'One action of the phase.', {
  // 0 stands for "not numbered": the checker numbers steps by position.
  step_number: z.int().min(1).default(0).meta({
    title: 'Step number',
    description: 'Position of the step in its phase, counted from 1.',
  }),
  action_type: trimmed(z.enum(['MUST', 'GUIDELINE'])).meta({
    title: 'Action type',
    description: 'MUST for a mandatory action, GUIDELINE for an advisory one.',
  }),
  action_title: text(
    'Title',
    'Short name of the action, shown as the step heading.',
  ),
  instructions: text('Instructions', 'What the release manager does.'),
  communication_template: text(
    'Communication',
    'What is announced when the step starts.',
  ),
  halt_condition: optionalText(
    'Halt condition',
    'When to stop and wait; leave empty when the step has none of its own.',
  ),
});

const evidence = section('Evidence', 'One evidence file the phase produces.', {
  evidence_item: text('Evidence', 'What the file holds.'),
  storage_location: nonBlank()
    .superRefine((location, ctx) => {
      const problem = evidenceLocationProblem(location);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({
      pattern: '\\S',
      title: 'Storage location',
      description:
        'Path of the file in the repository, under .artifacts/deployment/.',
    }),
});

const gate = section('Quality gate', 'The gate that closes the phase.', {
  gate_name: text('Gate name', 'Name of the gate, as the playbook names it.'),
  criteria: text('Criteria', 'What must be true for the gate to pass.'),
  failure_handling: text('Failure handling', 'What to do when the gate fails.'),
});

const phase = section('Phase', 'One of the three phases of the release.', {
  phase_number: z
    .int()
    .min(1)
    .meta({ title: 'Phase number', description: '1, 2 or 3, in order.' }),
  phase_name: text('Phase name', 'Name of the phase.'),
  objective: optionalText('Objective', 'What the phase achieves.'),
  steps: z.array(step).min(1).meta({
    title: 'Steps',
    description: 'The actions of the phase, at least one of them MUST.',
  }),
  evidence_collection: z.array(evidence).meta({
    title: 'Evidence collection',
    description: 'Evidence files the phase produces.',
  }),
  quality_gate: gate,
});

const PHASE_COUNT_MESSAGE =
  'Protocol 11 has exactly three phases (Release Authorization, Production Deployment, Stabilization & Handoff)';

/**
 * The Protocol 11 requirements form, described once in zod: field by field as
 * in `protocol-input-form-11-deployment.yaml` (snake_case keys), with titles
 * and descriptions for the wizard. Parsing trims surrounding blank space from
 * text and fills optional fields with empty values. Use
 * {@link validateProtocol11Form} to check a form: it also reads a key without
 * a value (`key:` in YAML, so `null`) as absent and checks the rules across
 * fields, which are code.
 * @public
 */
export const protocol11FormSchema = section(
  'Protocol 11 requirements form',
  'Protocol 11 – Production Deployment & Release Management: the requirements a protocol document is generated from.',
  {
    protocol_number: trimmed(z.enum(['11'])).meta({
      title: 'Protocol number',
      description: 'Always "11".',
    }),
    protocol_name: optionalText('Protocol name', 'Slug of the protocol.'),
    domain_compliance: optionalText(
      'Compliance domain',
      'The domain the document complies with, shown in its title.',
    ),
    purpose: optionalText('Purpose', 'The mission of the protocol.'),
    ai_role: text('Role', 'The persona that runs the protocol.'),
    primary_guardrail: text(
      'Critical guardrail',
      'The rule that must never be broken, shown bold with [CRITICAL].',
    ),
    prerequisites: optionalList(
      section(
        'Prerequisite',
        'A protocol and the artifacts it must have produced.',
        {
          protocol: text(
            'Protocol',
            'Protocol id, such as 10-pre-deployment-staging.',
          ),
          required_artifacts: text(
            'Required artifacts',
            'Comma-separated artifact names.',
          ),
        },
      ),
      'Prerequisites',
      'Protocols whose artifacts must exist first.',
    ),
    phase_in_workflow: optionalText(
      'Position in workflow',
      'Where the protocol sits among the others.',
    ),
    phases: z
      .array(phase)
      .length(3, {
        error: issue =>
          `${PHASE_COUNT_MESSAGE}; this form has ${
            Array.isArray(issue.input) ? issue.input.length : 0
          }`,
      })
      .meta({
        title: 'Phases',
        description: 'Exactly three phases, numbered 1 to 3.',
      }),
    inputs_from: optionalList(
      section('Input', 'An upstream protocol and what it provides.', {
        protocol: text(
          'Protocol',
          'Protocol id, such as 10-pre-deployment-staging.',
        ),
        artifacts_consumed: text(
          'Artifacts consumed',
          'Comma-separated artifact names.',
        ),
        usage: optionalText('Usage', 'What the artifacts are used for.'),
      }),
      'Inputs from',
      'Protocols whose outputs this protocol consumes.',
    ),
    outputs_to: optionalList(
      section('Output', 'A downstream protocol and what it receives.', {
        protocol: text(
          'Protocol',
          'Protocol id, such as 12-post-deployment-monitoring-observability.',
        ),
        artifacts_provided: text(
          'Artifacts provided',
          'Comma-separated artifact names.',
        ),
        purpose: optionalText('Purpose', 'What the artifacts enable.'),
      }),
      'Outputs to',
      'Protocols that consume this protocol’s outputs.',
    ),
    automation_hooks: optionalList(
      section(
        'Automation hook',
        'A script, when it runs and what it produces.',
        {
          hook_name: text(
            'Script',
            'File name of the script, such as release_gatekeeper.py.',
          ),
          trigger_point: optionalText('Trigger point', 'When the script runs.'),
          command: text('Command', 'The command line that runs the script.'),
          expected_output: optionalText(
            'Expected output',
            'What the script produces.',
          ),
        },
      ),
      'Automation hooks',
      'Scripts run during the release.',
    ),
    communication_protocols: section(
      'Communication protocols',
      'Announcements, prompts and error messages.',
      {
        status_announcements: optionalList(
          text('Announcement', 'One status announcement.'),
          'Status announcements',
          'Messages announcing each phase.',
        ),
        validation_prompts: z
          .array(text('Prompt', 'One validation or approval prompt.'))
          .min(1)
          .meta({
            title: 'Validation prompts',
            description:
              'Questions put to approvers; one must start with [APPROVAL REQUEST].',
          }),
        error_messages: optionalList(
          section('Error', 'An error code and its message.', {
            code: text('Code', 'Error code, such as MissingApproval.'),
            message: text(
              'Message',
              'What is announced when the error happens.',
            ),
          }),
          'Error messages',
          'Named errors and their messages.',
        ),
      },
    ),
  },
);

/** A JSON Schema (draft-07) document. @public */
export type JsonSchema = { [key: string]: unknown };

/** Keys of a JSON Schema node in the order the template has always listed them. */
const KEY_ORDER = [
  '$schema',
  '$id',
  'type',
  'title',
  'description',
  'enum',
  'minLength',
  'pattern',
  'minimum',
  'items',
  'minItems',
  'maxItems',
  'required',
  'additionalProperties',
  'properties',
];

/**
 * A node of zod's JSON Schema as the wizard takes it: keys in a stable order;
 * without `default`s (the wizard's defaults are the canonical form's values)
 * and without the safe-integer bound zod adds to whole numbers.
 */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node as JsonSchema).filter(
    ([key, value]) =>
      key !== 'default' &&
      !(key === 'maximum' && value === Number.MAX_SAFE_INTEGER),
  );
  const rank = (key: string) => {
    const i = KEY_ORDER.indexOf(key);
    return i < 0 ? KEY_ORDER.length : i;
  };
  entries.sort(([a], [b]) => rank(a) - rank(b));
  return Object.fromEntries(
    entries.map(([key, value]) => [
      key,
      key === 'properties'
        ? Object.fromEntries(
            Object.entries(value as JsonSchema).map(([k, v]) => [k, tidy(v)]),
          )
        : tidy(value),
    ]),
  );
}

/**
 * The JSON Schema (draft-07) of the Protocol 11 form file, generated from
 * {@link protocol11FormSchema} by zod (`z.toJSONSchema`, input side: optional
 * fields are not `required`). The Software Template's parameters are built
 * from it. Rules across fields are not in it.
 * @public
 */
export const protocol11FormJsonSchema: JsonSchema = tidy({
  ...z.toJSONSchema(protocol11FormSchema, {
    target: 'draft-07',
    io: 'input',
  }),
  $id: 'protocol-input-form-11-deployment',
}) as JsonSchema;
