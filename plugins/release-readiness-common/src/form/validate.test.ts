import Ajv from 'ajv';
import { parse, stringify } from 'yaml';
import { canonicalFormYaml, readReference } from '../testUtils/reference';
import { protocol11FormJsonSchema } from './schema';
import {
  assertProtocol11Form,
  formatFormIssue,
  parseProtocol11Form,
  validateProtocol11Form,
} from './validate';

const canonical = () => parse(canonicalFormYaml());

/** Validates the canonical form after `mutate` and returns the issues as `path: message`. */
function issuesAfter(mutate: (form: any) => void): string[] {
  const form = canonical();
  mutate(form);
  const result = validateProtocol11Form(form);
  return result.ok ? [] : result.issues.map(i => `${i.path}: ${i.message}`);
}

describe('the Protocol 11 form model', () => {
  it('accepts the canonical form as it is', () => {
    const result = parseProtocol11Form(canonicalFormYaml());
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.form.phases).toHaveLength(3);
    expect(result.form.automation_hooks.map(h => h.hook_name)).toEqual([
      'release_gatekeeper.py',
      'deployment_executor.py',
      'stabilization_monitor.py',
    ]);
    expect(result.form.communication_protocols.error_messages).toHaveLength(3);
    expect(result.form).toEqual(canonical());
  });

  it('fills defaults for optional fields that a form leaves out', () => {
    const form = canonical();
    delete form.prerequisites;
    delete form.phases[0].steps[0].halt_condition;
    delete form.phases[0].steps[0].step_number;
    const result = validateProtocol11Form(form);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.form.prerequisites).toEqual([]);
    expect(result.form.phases[0].steps[0].halt_condition).toBe('');
    expect(result.form.phases[0].steps[0].step_number).toBe(1);
  });

  it('reads a key written without a value as absent: its default, or required', () => {
    const yaml = canonicalFormYaml()
      .replace(/^(\s+)halt_condition: .*$/m, '$1halt_condition:')
      .replace(/^ai_role: .*$/m, 'ai_role:');
    expect(yaml).toMatch(/^\s+halt_condition:$/m);
    const result = parseProtocol11Form(yaml);
    expect(result.issues.map(i => `${i.path}: ${i.message}`)).toEqual([
      'ai_role: is required',
    ]);
    const form = canonical();
    form.phases[0].steps[0].halt_condition = null;
    const filled = validateProtocol11Form(form);
    expect(filled.ok && filled.form.phases[0].steps[0].halt_condition).toBe('');
    expect(form.phases[0].steps[0].halt_condition).toBeNull();
  });

  it.each([
    [
      'protocol_number other than "11"',
      (f: any) => (f.protocol_number = '12'),
      'protocol_number: must be "11", not "12"',
    ],
    [
      'protocol_number as a number',
      (f: any) => (f.protocol_number = 11),
      'protocol_number: must be a string, not a number',
    ],
    [
      'two phases',
      (f: any) => f.phases.pop(),
      'phases: Protocol 11 has exactly three phases',
    ],
    [
      'four phases',
      (f: any) => f.phases.push(f.phases[2]),
      'phases: Protocol 11 has exactly three phases',
    ],
    [
      'phases out of order',
      (f: any) => (f.phases[1].phase_number = 3),
      'phases[1].phase_number: must be 2',
    ],
    [
      'a phase without a MUST step',
      (f: any) =>
        f.phases[2].steps.forEach((s: any) => (s.action_type = 'GUIDELINE')),
      'phases[2].steps: must have at least one step whose action_type is MUST',
    ],
    [
      'an unknown action_type',
      (f: any) => (f.phases[1].steps[2].action_type = 'SHOULD'),
      'phases[1].steps[2].action_type: must be "MUST" or "GUIDELINE", not "SHOULD"',
    ],
    [
      'a blank guardrail',
      (f: any) => (f.primary_guardrail = '   '),
      'primary_guardrail: must not be blank',
    ],
    [
      'a blank title',
      (f: any) => (f.phases[0].steps[1].action_title = ''),
      'phases[0].steps[1].action_title: must not be blank',
    ],
    [
      'a blank instruction',
      (f: any) => (f.phases[0].steps[1].instructions = '\n'),
      'phases[0].steps[1].instructions: must not be blank',
    ],
    [
      'a blank communication',
      (f: any) => (f.phases[2].steps[0].communication_template = ''),
      'phases[2].steps[0].communication_template: must not be blank',
    ],
    [
      'an absolute evidence location',
      (f: any) =>
        (f.phases[0].evidence_collection[0].storage_location = '/etc/passwd'),
      'phases[0].evidence_collection[0].storage_location: must be a relative path',
    ],
    [
      'an evidence location with ..',
      (f: any) =>
        (f.phases[0].evidence_collection[1].storage_location =
          '.artifacts/deployment/../secrets.json'),
      'phases[0].evidence_collection[1].storage_location: must not contain ".."',
    ],
    [
      'an evidence location outside .artifacts/deployment/',
      (f: any) =>
        (f.phases[1].evidence_collection[0].storage_location =
          '.artifacts/staging/report.json'),
      'phases[1].evidence_collection[0].storage_location: must be a file under .artifacts/deployment/',
    ],
    [
      'a gate without criteria',
      (f: any) => delete f.phases[1].quality_gate.criteria,
      'phases[1].quality_gate.criteria: is required',
    ],
    [
      'a gate without failure handling',
      (f: any) => (f.phases[1].quality_gate.failure_handling = ''),
      'phases[1].quality_gate.failure_handling: must not be blank',
    ],
    [
      'a phase without a gate',
      (f: any) => delete f.phases[2].quality_gate,
      'phases[2].quality_gate: is required',
    ],
    [
      'duplicate gate names',
      (f: any) =>
        (f.phases[1].quality_gate.gate_name =
          'Release Authorization and Production Deployment Gate') &&
        (f.phases[0].quality_gate.gate_name =
          'Release Authorization and Production Deployment Gate'),
      'phases[1].quality_gate.gate_name: duplicates the gate name of phases[0]',
    ],
    [
      'a gate that is not the playbook gate',
      (f: any) => (f.phases[0].quality_gate.gate_name = 'Go Gate'),
      'phases[0].quality_gate.gate_name: must name the playbook\'s phase 1 gate, "Release Authorization"',
    ],
    [
      'no [APPROVAL REQUEST] prompt',
      (f: any) =>
        (f.communication_protocols.validation_prompts = [
          '[VALIDATION REQUEST] ok?',
        ]),
      'communication_protocols.validation_prompts: must include a prompt that starts with [APPROVAL REQUEST]',
    ],
    [
      'steps that is not a list',
      (f: any) => (f.phases[0].steps = 'all of them'),
      'phases[0].steps: must be a list, not a string',
    ],
    [
      'a phase_number that is a string',
      (f: any) => (f.phases[0].phase_number = 'one'),
      'phases[0].phase_number: must be a whole number, not a string',
    ],
    [
      'an unknown field',
      (f: any) => (f.phases[0].steps[0].halt_conditon = 'typo'),
      'phases[0].steps[0].halt_conditon: is not a field of step',
    ],
    ['a missing role', (f: any) => delete f.ai_role, 'ai_role: is required'],
  ])('refuses %s, naming the field', (_name, mutate, expected) => {
    const issues = issuesAfter(mutate);
    expect(issues.some(i => i.startsWith(expected))).toBe(true);
  });

  it('reports every problem at once', () => {
    const issues = issuesAfter(f => {
      f.primary_guardrail = '';
      f.phases[1].steps[2].action_type = 'maybe';
      f.phases[2].evidence_collection[0].storage_location = '../x';
    });
    expect(issues).toHaveLength(3);
  });

  it('reports YAML syntax errors with line and column', () => {
    const result = parseProtocol11Form(
      'protocol_number: "11"\nphases:\n  - phase_number: 1\n   bad: [\n',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0].line).toBeGreaterThan(1);
    expect(result.issues[0].message).toMatch(
      /^YAML syntax error at line \d+, column \d+: /,
    );
  });

  it('reports the line of an invalid field in the YAML file', () => {
    const yaml = canonicalFormYaml().replace(
      'action_type: "GUIDELINE"',
      'action_type: "MAYBE"',
    );
    const result = parseProtocol11Form(yaml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues.find(
      i => i.path === 'phases[0].steps[2].action_type',
    );
    expect(issue?.line).toBe(
      yaml.split('\n').findIndex(l => l.includes('"MAYBE"')) + 1,
    );
    expect(formatFormIssue(issue!)).toMatch(
      /^phases\[0\]\.steps\[2\]\.action_type: must be .* \(line \d+, column \d+\)$/,
    );
  });

  it.each([
    ['a list', '- a\n- b\n', 'a list'],
    ['a string', 'just text\n', 'a string'],
    ['a number', '42\n', 'a number'],
  ])('treats a top-level %s as an error, not a crash', (_name, yaml, kind) => {
    const result = parseProtocol11Form(yaml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        path: '',
        message: `the form must be a mapping of fields, not ${kind}`,
      },
    ]);
  });

  it('refuses the upstream four-phase form, saying Protocol 11 has three phases', () => {
    const result = parseProtocol11Form(
      readReference('upstream-variants/form-four-phases.yaml'),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(formatFormIssue)).toContainEqual(
      expect.stringMatching(
        /^phases: Protocol 11 has exactly three phases .*; this form has 4/,
      ),
    );
  });

  it('throws an InputError listing every issue', () => {
    const form = canonical();
    form.primary_guardrail = '';
    expect(() => assertProtocol11Form(form)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(
          '- primary_guardrail: must not be blank',
        ),
      }),
    );
  });

  it('exports a JSON Schema that covers every field of the canonical form', () => {
    const schema = protocol11FormJsonSchema as any;
    const mismatches: string[] = [];
    const walk = (value: unknown, node: any, path: string) => {
      if (!node) mismatches.push(`${path}: not in the schema`);
      else if (Array.isArray(value))
        value.forEach((v, i) => walk(v, node.items, `${path}[${i}]`));
      else if (value && typeof value === 'object') {
        if (node.type !== 'object')
          mismatches.push(`${path}: ${node.type}, not object`);
        for (const [k, v] of Object.entries(value))
          walk(v, node.properties?.[k], `${path}.${k}`);
      } else {
        const type = typeof value === 'number' ? 'integer' : 'string';
        if (node.type !== type)
          mismatches.push(`${path}: ${node.type}, not ${type}`);
      }
    };
    walk(canonical(), schema, '');
    expect(mismatches).toEqual([]);
    expect(schema.properties.phases.minItems).toBe(3);
    expect(schema.properties.phases.maxItems).toBe(3);
    expect(
      schema.properties.phases.items.properties.steps.items.properties
        .action_type.enum,
    ).toEqual(['MUST', 'GUIDELINE']);
  });

  it.each([
    ['protocol_number', (f: any) => (f.protocol_number = '12')],
    ['protocol_number', (f: any) => (f.protocol_number = 11)],
    ['phases', (f: any) => f.phases.pop()],
    [
      'phases[1].steps[2].action_type',
      (f: any) => (f.phases[1].steps[2].action_type = 'SHOULD'),
    ],
    ['primary_guardrail', (f: any) => (f.primary_guardrail = '   ')],
    [
      'phases[0].steps[1].instructions',
      (f: any) => (f.phases[0].steps[1].instructions = '\n'),
    ],
    [
      'phases[1].quality_gate.criteria',
      (f: any) => delete f.phases[1].quality_gate.criteria,
    ],
    ['phases[0].steps', (f: any) => (f.phases[0].steps = 'all of them')],
    ['phases[0].phase_number', (f: any) => (f.phases[0].phase_number = 'one')],
    [
      'phases[0].steps[0].halt_conditon',
      (f: any) => (f.phases[0].steps[0].halt_conditon = 'typo'),
    ],
    ['ai_role', (f: any) => delete f.ai_role],
  ])(
    'the checker and the wizard schema, both from the one description, refuse the same bad %s',
    (path, mutate) => {
      const check = new Ajv({ allErrors: true }).compile(
        protocol11FormJsonSchema,
      );
      expect(check(canonical())).toBe(true);
      const form = canonical();
      mutate(form);
      expect(check(form)).toBe(false);
      const result = validateProtocol11Form(form);
      expect(result.ok).toBe(false);
      expect(result.issues.map(i => i.path)).toContain(path);
    },
  );

  it('accepts a form that went through YAML and back unchanged', () => {
    const result = parseProtocol11Form(stringify(canonical()));
    expect(result.ok).toBe(true);
  });
});
