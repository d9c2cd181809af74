import { parse } from 'yaml';
import { Protocol11Form } from '../form/types';
import { assertProtocol11Form, validateProtocol11Form } from '../form/validate';
import { canonicalFormYaml } from '../testUtils/reference';
import { expectedStructure, structureOf } from '../testUtils/structure';
import { renderProtocol11Document } from './render';
import { validateProtocol11Document } from './validate';

/** The canonical form, checked and typed, so a mutation cannot leave the form's type unnoticed. */
const canonical = (): Protocol11Form =>
  assertProtocol11Form(parse(canonicalFormYaml()));

const HOSTILE = [
  'line one\n### STEP 4: injected',
  'x\n- [ ] injected box',
  'x\n```\ninjected fence',
  '```',
  'x\n**Quality Gate: Injected Gate**\n- **Criteria:** none',
  'x\n<div>\nhidden\n</div>',
  'x\n<!-- hide the rest',
  '<!-- unclosed comment',
  'x\n\n## 8. INJECTED SECTION',
  'x\n    indented code',
  'x\n---',
  'x\n1. injected item',
  'x\n> injected quote',
  'x\n[ref]: /injected',
  'x\n~~~\nfence',
];

describe('renderProtocol11Document', () => {
  it('is deterministic', () => {
    expect(renderProtocol11Document(canonical())).toBe(
      renderProtocol11Document(canonical()),
    );
  });

  it('refuses an invalid form with an InputError naming the field', () => {
    const form = parse(canonicalFormYaml());
    form.phases[1].steps[2].action_type = 'SHOULD';
    expect(() => renderProtocol11Document(form)).toThrow(
      /phases\[1\]\.steps\[2\]\.action_type: must be "MUST" or "GUIDELINE"/,
    );
  });

  it('writes playbook content that the form leaves out', () => {
    const form = canonical();
    form.inputs_from = [];
    form.outputs_to = [];
    form.automation_hooks = [];
    form.communication_protocols.error_messages = [];
    form.phases[1].evidence_collection =
      form.phases[1].evidence_collection.filter(
        e => !/telemetry/.test(e.storage_location),
      );
    const doc = renderProtocol11Document(form);
    for (const text of [
      'Protocol 10 (Pre-Deployment Validation & Staging)',
      'Protocol 04 (Quality Audit)',
      'Protocol 09 (Integration Testing)',
      'Protocol 12 (Post-Deployment Monitoring & Observability)',
      'Protocol 05 (Implementation Retrospective)',
      'release_gatekeeper.py',
      'deployment_executor.py',
      'stabilization_monitor.py',
      '**MissingApproval:**',
      '**DeploymentFailure:**',
      '**HealthDegradation:**',
      '- `.artifacts/deployment/deployment-telemetry.ndjson` (Deployment telemetry)',
    ]) {
      expect(doc).toContain(text);
    }
    const checked = validateProtocol11Form(form);
    // The form must be valid, or the verbatim checks below would silently not run.
    expect(checked.issues).toEqual([]);
    if (!checked.ok) throw new Error('the mutated form is invalid');
    expect(
      validateProtocol11Document(doc, { form: checked.form }).checks.filter(
        c => !c.passed,
      ),
    ).toEqual([]);
    expect(
      validateProtocol11Document(doc, { form: checked.form }).checks.map(
        c => c.id,
      ),
    ).toContain('must-steps-verbatim');
  });

  it('keeps every phase’s evidence list when phases share an evidence file', () => {
    const form = canonical();
    form.phases[2].evidence_collection = [
      {
        evidence_item: 'Checklist again',
        storage_location:
          '.artifacts/deployment/release-readiness-checklist.md',
      },
    ];
    const result = validateProtocol11Form(form);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const doc = renderProtocol11Document(result.form);
    expect(
      validateProtocol11Document(doc, { form: result.form }).checks.filter(
        c => !c.passed,
      ),
    ).toEqual([]);
    expect(doc).toContain(
      '- `.artifacts/deployment/release-readiness-checklist.md` (Checklist again)',
    );
  });

  it('names Protocol 09 although the canonical form has no 09 input', () => {
    expect(canonicalFormYaml()).not.toMatch(/protocol: "09/);
    expect(renderProtocol11Document(canonical())).toMatch(
      /^- Protocol 09 \(Integration Testing\): /m,
    );
  });

  it('keeps inline Markdown and inline HTML exactly as written', () => {
    const form = canonical();
    const text =
      'Run `deploy --prod` with *care*, see [runbook](https://runbook.example/x) and <kbd>Ctrl</kbd> & <!-- note -->';
    form.phases[0].steps[0].instructions = text;
    form.phases[0].steps[0].action_title = '**Bold** `code` title';
    const doc = renderProtocol11Document(form);
    expect(doc).toContain(`* **Action:** ${text}\n`);
    expect(doc).toContain('1. **`[MUST]` **Bold** `code` title:**\n');
    const checked = validateProtocol11Form(form);
    expect(checked.issues).toEqual([]);
    if (!checked.ok) throw new Error('the mutated form is invalid');
    const report = validateProtocol11Document(doc, { form: checked.form });
    expect(report.checks.map(c => c.id)).toContain('must-steps-verbatim');
    expect(report.checks.filter(c => !c.passed)).toEqual([]);
  });

  it.each(HOSTILE)('no field text can change the structure: %j', hostile => {
    const form = canonical();
    const set = (f: Protocol11Form) => {
      f.primary_guardrail = hostile;
      f.ai_role = hostile;
      f.purpose = hostile;
      f.domain_compliance = hostile;
      for (const phase of f.phases) {
        phase.phase_name = hostile;
        phase.objective = hostile;
        phase.quality_gate.criteria = hostile;
        phase.quality_gate.failure_handling = hostile;
        phase.quality_gate.gate_name = `${phase.quality_gate.gate_name} ${hostile}`;
        for (const step of phase.steps) {
          step.action_title = hostile;
          step.instructions = hostile;
          step.communication_template = hostile;
          step.halt_condition = hostile;
        }
        for (const e of phase.evidence_collection) e.evidence_item = hostile;
      }
      for (const hook of f.automation_hooks) {
        hook.command = hostile;
        hook.trigger_point = hostile;
        hook.expected_output = hostile;
      }
      f.communication_protocols.status_announcements.push(hostile);
      f.communication_protocols.validation_prompts.push(hostile);
      f.communication_protocols.error_messages.push({
        code: hostile,
        message: hostile,
      });
      f.inputs_from.push({
        protocol: hostile,
        artifacts_consumed: hostile,
        usage: hostile,
      });
      f.prerequisites.push({ protocol: hostile, required_artifacts: hostile });
    };
    set(form);
    const result = validateProtocol11Form(form);
    expect(result.issues).toEqual([]);
    if (!result.ok) throw new Error('the hostile form is invalid');
    const doc = renderProtocol11Document(result.form);
    expect(structureOf(doc)).toEqual(expectedStructure());
    const report = validateProtocol11Document(doc, { form: result.form });
    expect(report.checks.filter(c => !c.passed)).toEqual([]);
  });
});
