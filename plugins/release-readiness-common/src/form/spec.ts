/**
 * One description of the form's shape, used both to check a form and to export
 * its JSON Schema, so the two can never disagree.
 */

/** @internal */
export type FieldSpec = StringSpec | IntegerSpec | ObjectSpec | ArraySpec;

interface BaseSpec {
  title: string;
  description: string;
}

/** @internal */
export interface StringSpec extends BaseSpec {
  kind: 'string';
  /** Blank (empty or whitespace-only) values are refused. */
  nonBlank?: boolean;
  enum?: readonly string[];
}

/** @internal */
export interface IntegerSpec extends BaseSpec {
  kind: 'integer';
  minimum?: number;
}

/** @internal */
export interface ObjectSpec extends BaseSpec {
  kind: 'object';
  properties: Record<string, FieldSpec>;
  /** Keys that must be present; the others default to empty values. */
  required: readonly string[];
}

/** @internal */
export interface ArraySpec extends BaseSpec {
  kind: 'array';
  items: FieldSpec;
  minItems?: number;
  maxItems?: number;
  /** Message used instead of the generic one when the count is wrong. */
  countMessage?: string;
}

const text = (title: string, description: string): StringSpec => ({
  kind: 'string',
  title,
  description,
  nonBlank: true,
});

const optionalText = (title: string, description: string): StringSpec => ({
  kind: 'string',
  title,
  description,
});

const stepSpec: ObjectSpec = {
  kind: 'object',
  title: 'Step',
  description: 'One action of the phase.',
  required: [
    'action_type',
    'action_title',
    'instructions',
    'communication_template',
  ],
  properties: {
    step_number: {
      kind: 'integer',
      title: 'Step number',
      description: 'Position of the step in its phase, counted from 1.',
      minimum: 1,
    },
    action_type: {
      kind: 'string',
      title: 'Action type',
      description:
        'MUST for a mandatory action, GUIDELINE for an advisory one.',
      enum: ['MUST', 'GUIDELINE'],
    },
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
  },
};

const evidenceSpec: ObjectSpec = {
  kind: 'object',
  title: 'Evidence',
  description: 'One evidence file the phase produces.',
  required: ['evidence_item', 'storage_location'],
  properties: {
    evidence_item: text('Evidence', 'What the file holds.'),
    storage_location: text(
      'Storage location',
      'Path of the file in the repository, under .artifacts/deployment/.',
    ),
  },
};

const gateSpec: ObjectSpec = {
  kind: 'object',
  title: 'Quality gate',
  description: 'The gate that closes the phase.',
  required: ['gate_name', 'criteria', 'failure_handling'],
  properties: {
    gate_name: text('Gate name', 'Name of the gate, as the playbook names it.'),
    criteria: text('Criteria', 'What must be true for the gate to pass.'),
    failure_handling: text(
      'Failure handling',
      'What to do when the gate fails.',
    ),
  },
};

const phaseSpec: ObjectSpec = {
  kind: 'object',
  title: 'Phase',
  description: 'One of the three phases of the release.',
  required: [
    'phase_number',
    'phase_name',
    'steps',
    'evidence_collection',
    'quality_gate',
  ],
  properties: {
    phase_number: {
      kind: 'integer',
      title: 'Phase number',
      description: '1, 2 or 3, in order.',
      minimum: 1,
    },
    phase_name: text('Phase name', 'Name of the phase.'),
    objective: optionalText('Objective', 'What the phase achieves.'),
    steps: {
      kind: 'array',
      title: 'Steps',
      description: 'The actions of the phase, at least one of them MUST.',
      items: stepSpec,
      minItems: 1,
    },
    evidence_collection: {
      kind: 'array',
      title: 'Evidence collection',
      description: 'Evidence files the phase produces.',
      items: evidenceSpec,
    },
    quality_gate: gateSpec,
  },
};

/** The whole form. @internal */
export const protocol11FormSpec: ObjectSpec = {
  kind: 'object',
  title: 'Protocol 11 requirements form',
  description:
    'Protocol 11 – Production Deployment & Release Management: the requirements a protocol document is generated from.',
  required: [
    'protocol_number',
    'ai_role',
    'primary_guardrail',
    'phases',
    'communication_protocols',
  ],
  properties: {
    protocol_number: {
      kind: 'string',
      title: 'Protocol number',
      description: 'Always "11".',
      enum: ['11'],
    },
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
    prerequisites: {
      kind: 'array',
      title: 'Prerequisites',
      description: 'Protocols whose artifacts must exist first.',
      items: {
        kind: 'object',
        title: 'Prerequisite',
        description: 'A protocol and the artifacts it must have produced.',
        required: ['protocol', 'required_artifacts'],
        properties: {
          protocol: text(
            'Protocol',
            'Protocol id, such as 10-pre-deployment-staging.',
          ),
          required_artifacts: text(
            'Required artifacts',
            'Comma-separated artifact names.',
          ),
        },
      },
    },
    phase_in_workflow: optionalText(
      'Position in workflow',
      'Where the protocol sits among the others.',
    ),
    phases: {
      kind: 'array',
      title: 'Phases',
      description: 'Exactly three phases, numbered 1 to 3.',
      items: phaseSpec,
      minItems: 3,
      maxItems: 3,
      countMessage:
        'Protocol 11 has exactly three phases (Release Authorization, Production Deployment, Stabilization & Handoff)',
    },
    inputs_from: {
      kind: 'array',
      title: 'Inputs from',
      description: 'Protocols whose outputs this protocol consumes.',
      items: {
        kind: 'object',
        title: 'Input',
        description: 'An upstream protocol and what it provides.',
        required: ['protocol', 'artifacts_consumed'],
        properties: {
          protocol: text(
            'Protocol',
            'Protocol id, such as 10-pre-deployment-staging.',
          ),
          artifacts_consumed: text(
            'Artifacts consumed',
            'Comma-separated artifact names.',
          ),
          usage: optionalText('Usage', 'What the artifacts are used for.'),
        },
      },
    },
    outputs_to: {
      kind: 'array',
      title: 'Outputs to',
      description: 'Protocols that consume this protocol’s outputs.',
      items: {
        kind: 'object',
        title: 'Output',
        description: 'A downstream protocol and what it receives.',
        required: ['protocol', 'artifacts_provided'],
        properties: {
          protocol: text(
            'Protocol',
            'Protocol id, such as 12-post-deployment-monitoring-observability.',
          ),
          artifacts_provided: text(
            'Artifacts provided',
            'Comma-separated artifact names.',
          ),
          purpose: optionalText('Purpose', 'What the artifacts enable.'),
        },
      },
    },
    automation_hooks: {
      kind: 'array',
      title: 'Automation hooks',
      description: 'Scripts run during the release.',
      items: {
        kind: 'object',
        title: 'Automation hook',
        description: 'A script, when it runs and what it produces.',
        required: ['hook_name', 'command'],
        properties: {
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
      },
    },
    communication_protocols: {
      kind: 'object',
      title: 'Communication protocols',
      description: 'Announcements, prompts and error messages.',
      required: ['validation_prompts'],
      properties: {
        status_announcements: {
          kind: 'array',
          title: 'Status announcements',
          description: 'Messages announcing each phase.',
          items: text('Announcement', 'One status announcement.'),
        },
        validation_prompts: {
          kind: 'array',
          title: 'Validation prompts',
          description:
            'Questions put to approvers; one must start with [APPROVAL REQUEST].',
          items: text('Prompt', 'One validation or approval prompt.'),
          minItems: 1,
        },
        error_messages: {
          kind: 'array',
          title: 'Error messages',
          description: 'Named errors and their messages.',
          items: {
            kind: 'object',
            title: 'Error',
            description: 'An error code and its message.',
            required: ['code', 'message'],
            properties: {
              code: text('Code', 'Error code, such as MissingApproval.'),
              message: text(
                'Message',
                'What is announced when the error happens.',
              ),
            },
          },
        },
      },
    },
  },
};

/** A JSON Schema (draft-07) document. @public */
export type JsonSchema = { [key: string]: unknown };

function toJsonSchema(spec: FieldSpec): JsonSchema {
  const common = { title: spec.title, description: spec.description };
  switch (spec.kind) {
    case 'string':
      return {
        type: 'string',
        ...common,
        ...(spec.enum ? { enum: [...spec.enum] } : {}),
        ...(spec.nonBlank ? { minLength: 1, pattern: '\\S' } : {}),
      };
    case 'integer':
      return {
        type: 'integer',
        ...common,
        ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}),
      };
    case 'array':
      return {
        type: 'array',
        ...common,
        items: toJsonSchema(spec.items),
        ...(spec.minItems !== undefined ? { minItems: spec.minItems } : {}),
        ...(spec.maxItems !== undefined ? { maxItems: spec.maxItems } : {}),
      };
    case 'object':
      return {
        type: 'object',
        ...common,
        required: [...spec.required],
        additionalProperties: false,
        properties: Object.fromEntries(
          Object.entries(spec.properties).map(([k, v]) => [k, toJsonSchema(v)]),
        ),
      };
    default:
      throw new Error('unreachable');
  }
}

/**
 * The JSON Schema of the Protocol 11 form file. The Software Template's
 * parameters are built from it.
 * @public
 */
export const protocol11FormJsonSchema: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'protocol-input-form-11-deployment',
  ...toJsonSchema(protocol11FormSpec),
};
