import fc from 'fast-check';
import { validateProtocol11Form } from '../form/validate';
import { PLAYBOOK_GATES } from '../playbook/playbook';
import { expectedStructure, structureOf } from '../testUtils/structure';
import { renderProtocol11Document } from './render';
import { validateProtocol11Document } from './validate';

/** Fragments that try to create or hide structure when they land in a field. */
const HOSTILE = [
  '\n### STEP 4: injected',
  '\n## 8. INJECTED',
  '\n- [ ] injected',
  '- [ ]',
  '```',
  '\n```\n',
  '~~~',
  '**Quality Gate: Injected**',
  '\n**Gate 4: Injected**\n',
  '<div>',
  '\n<div>\n',
  '<!--',
  '\n<!--\n',
  '-->',
  '\n\n',
  '\r\n',
  '#',
  ' #',
  '\\',
  '*',
  '**',
  '_',
  '`',
  '`[MUST]`',
  '[GUIDELINE]',
  '\n1. ',
  '\n> ',
  '\n---\n',
  '\n===',
  '|',
  '[ref]: /x',
  '<script>alert(1)</script>',
  '&amp;',
  '\t',
  '\n    indented',
  ':**',
  '"',
];

const text = fc
  .array(
    fc.oneof(
      fc.constantFrom(...HOSTILE),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    ),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map(parts => parts.join(''))
  .filter(t => t.trim() !== '');

const maybeText = fc.oneof(text, fc.constant(''));

const location = fc
  .array(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,12}$/), {
    minLength: 1,
    maxLength: 2,
  })
  .chain(parts =>
    fc
      .constantFrom('.md', '.json', '.ndjson')
      .map(ext => `.artifacts/deployment/${parts.join('/')}${ext}`),
  );

const step = fc.record({
  action_type: fc.constantFrom('MUST', 'GUIDELINE'),
  action_title: text,
  instructions: text,
  communication_template: text,
  halt_condition: maybeText,
});

const phase = (p: number) =>
  fc.record({
    phase_number: fc.constant(p + 1),
    phase_name: text,
    objective: maybeText,
    steps: fc
      .tuple(step, fc.array(step, { maxLength: 4 }))
      .map(([first, rest]) => [{ ...first, action_type: 'MUST' }, ...rest]),
    evidence_collection: fc.array(
      fc.record({ evidence_item: text, storage_location: location }),
      { maxLength: 4 },
    ),
    quality_gate: fc.record({
      gate_name: fc
        .tuple(maybeText, maybeText)
        .map(([a, b]) => `${a} ${PLAYBOOK_GATES[p]} ${b}`),
      criteria: text,
      failure_handling: text,
    }),
  });

const form = fc.record({
  protocol_number: fc.constant('11'),
  protocol_name: maybeText,
  domain_compliance: maybeText,
  purpose: maybeText,
  ai_role: text,
  primary_guardrail: text,
  prerequisites: fc.array(
    fc.record({ protocol: text, required_artifacts: text }),
    { maxLength: 3 },
  ),
  phase_in_workflow: maybeText,
  phases: fc.tuple(phase(0), phase(1), phase(2)),
  inputs_from: fc.array(
    fc.record({ protocol: text, artifacts_consumed: text, usage: maybeText }),
    { maxLength: 3 },
  ),
  outputs_to: fc.array(
    fc.record({ protocol: text, artifacts_provided: text, purpose: maybeText }),
    { maxLength: 3 },
  ),
  automation_hooks: fc.array(
    fc.record({
      hook_name: text,
      trigger_point: maybeText,
      command: text,
      expected_output: maybeText,
    }),
    { maxLength: 3 },
  ),
  communication_protocols: fc.record({
    status_announcements: fc.array(text, { maxLength: 4 }),
    validation_prompts: fc
      .tuple(fc.array(text, { maxLength: 3 }), text)
      .map(([others, approval]) => [
        ...others,
        `[APPROVAL REQUEST] ${approval}`,
      ]),
    error_messages: fc.array(fc.record({ code: text, message: text }), {
      maxLength: 3,
    }),
  }),
});

describe('documents generated from any valid form with hostile text in every field', () => {
  it('pass the validator, keep exactly three steps and gates, and carry every MUST text verbatim', () => {
    fc.assert(
      fc.property(form, value => {
        const result = validateProtocol11Form(value);
        expect(result.issues).toEqual([]);
        if (!result.ok) return;
        const valid = result.form;
        const doc = renderProtocol11Document(valid);

        const report = validateProtocol11Document(doc, { form: valid });
        expect(report.checks.filter(c => !c.passed)).toEqual([]);

        const hooks =
          3 +
          valid.automation_hooks.filter(
            h =>
              ![
                'release_gatekeeper.py',
                'deployment_executor.py',
                'stabilization_monitor.py',
              ].includes(h.hook_name),
          ).length;
        expect(structureOf(doc)).toEqual(expectedStructure(hooks));

        for (const p of valid.phases) {
          for (const s of p.steps.filter(x => x.action_type === 'MUST')) {
            // Single-line fields appear verbatim.
            for (const field of [
              s.action_title,
              s.instructions,
              s.communication_template,
              s.halt_condition,
            ].filter(f => !/[\r\n]/.test(f))) {
              expect(doc).toContain(field);
            }
          }
        }
        expect(renderProtocol11Document(valid)).toBe(doc);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });
});
