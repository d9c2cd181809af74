import { Protocol11Form, Protocol11Phase, Protocol11Step } from '../form/types';
import { assertProtocol11Form } from '../form/validate';
import {
  DEFAULT_MISSION,
  EVIDENCE_DIR,
  PROTOCOL12_HANDOFF_LINE,
} from '../playbook/playbook';
import { buildDocumentModel, DocumentModel, IntegrationEntry } from './merge';
import {
  codeSpan,
  fencedBlock,
  headingText,
  inline,
  oneLine,
} from './markdown';

/** Halt condition shown for a MUST step whose form entry leaves it empty. @public */
export const DEFAULT_HALT_CONDITION =
  'None of its own; halt and escalate if this action cannot be completed as written.';

const ITEM = '   '; // content indent of a "1. " list item
const BULLET = `${ITEM}  `; // content indent of a "   * " bullet inside it
const QUOTE = `${BULLET}> `;

function renderStep(step: Protocol11Step, index: number): string {
  const out = [
    `${index + 1}. **\`[${step.action_type}]\` ${inline(step.action_title, ITEM)}:**`,
    `${ITEM}* **Action:** ${inline(step.instructions, BULLET)}`,
    `${ITEM}* **Communication:**`,
    `${QUOTE}"${inline(step.communication_template, QUOTE)}"`,
  ];
  const halt =
    step.halt_condition.trim() !== '' ? step.halt_condition : undefined;
  if (halt !== undefined || step.action_type === 'MUST') {
    out.push(
      `${ITEM}* **Halt condition:** ${inline(halt ?? DEFAULT_HALT_CONDITION, BULLET)}`,
    );
  }
  return out.join('\n');
}

function renderPhase(
  model: DocumentModel,
  phase: Protocol11Phase,
  p: number,
): string {
  const parts = [`### STEP ${p + 1}: ${headingText(phase.phase_name)}`];
  if (phase.objective.trim() !== '')
    parts.push(`**Objective:** ${inline(phase.objective, '')}`);
  parts.push(phase.steps.map(renderStep).join('\n\n'));
  parts.push(
    [
      '**Evidence Collection:**',
      ...model.evidence[p].map(
        e =>
          `- ${codeSpan(e.storage_location)} (${inline(e.evidence_item, '  ')})`,
      ),
    ].join('\n'),
  );
  parts.push(
    [
      `**Quality Gate: ${inline(phase.quality_gate.gate_name, '')}**`,
      `- **Criteria:** ${inline(phase.quality_gate.criteria, '  ')}`,
      `- **Failure Handling:** ${inline(phase.quality_gate.failure_handling, '  ')}`,
    ].join('\n'),
  );
  return parts.join('\n\n');
}

function integrationLine(entry: IntegrationEntry): string {
  const name = entry.number
    ? `Protocol ${entry.number}${entry.title ? ` (${entry.title})` : ''}`
    : codeSpan(entry.id ?? '');
  const id = entry.id && entry.number ? ` ${codeSpan(entry.id)}` : '';
  const why = entry.why.trim() !== '' ? ` — ${inline(entry.why, '  ')}` : '';
  return `- ${name}${id}: ${inline(entry.artifacts, '  ')}${why}`;
}

function renderIntegration(model: DocumentModel): string {
  return [
    '## 3. INTEGRATION POINTS',
    ['**Inputs From:**', ...model.inputs.map(integrationLine)].join('\n'),
    ['**Outputs To:**', ...model.outputs.map(integrationLine)].join('\n'),
  ].join('\n\n');
}

function renderGates(model: DocumentModel): string {
  const gates = model.form.phases.map((phase, p) =>
    [
      `**Gate ${p + 1}: ${inline(phase.quality_gate.gate_name, '')}**`,
      `- **Criteria:** ${inline(phase.quality_gate.criteria, '  ')}`,
      `- **Evidence:** ${model.evidence[p].map(e => codeSpan(e.storage_location)).join(', ')}`,
      `- **Failure Handling:** ${inline(phase.quality_gate.failure_handling, '  ')}`,
    ].join('\n'),
  );
  return ['## 4. QUALITY GATES', ...gates].join('\n\n');
}

function renderAutomation(model: DocumentModel): string {
  const hooks = model.hooks.map((hook, h) =>
    [
      `${h + 1}. **${codeSpan(hook.hook_name)}**${hook.trigger_point.trim() ? ` — trigger: ${inline(hook.trigger_point, ITEM)}` : ''}`,
      fencedBlock([hook.command], 'bash', ITEM),
      ...(hook.expected_output.trim()
        ? [
            `${ITEM}* **Expected output:** ${inline(hook.expected_output, BULLET)}`,
          ]
        : []),
    ].join('\n'),
  );
  const telemetry = model.telemetry;
  const protocol12 = model.outputs.find(o => o.number === '12');
  return [
    '## 5. AUTOMATION & TELEMETRY',
    ['**Automation Hooks:**', '', hooks.join('\n\n')].join('\n'),
    `**Evidence Storage:** every evidence file of this protocol is stored under ${codeSpan(EVIDENCE_DIR)}; automation writes its reports there and the quality gates read them from there.`,
    `**Telemetry Handoff:** deployment telemetry (${codeSpan(telemetry.storage_location)}) is streamed during deployment and handed to Protocol 12 (${protocol12?.title ?? 'Post-Deployment Monitoring & Observability'}) together with the release health report.`,
  ].join('\n\n');
}

function renderCommunication(model: DocumentModel): string {
  const { communication_protocols: comms, phases } = model.form;
  const phaseOf = (line: string) => /\[PHASE (\d+) /.exec(line)?.[1];
  const status = comms.status_announcements.filter(line => !phaseOf(line));
  phases.forEach((phase, p) => {
    const n = String(p + 1);
    const own = comms.status_announcements.filter(line => phaseOf(line) === n);
    if (!own.some(s => s.includes(`[PHASE ${n} START]`))) {
      status.push(`[PHASE ${n} START] - ${phase.phase_name}.`);
    }
    status.push(...own);
    if (!own.some(s => s.includes(`[PHASE ${n} COMPLETE]`))) {
      status.push(
        `[PHASE ${n} COMPLETE] - ${phase.quality_gate.gate_name} passed.`,
      );
    }
  });
  status.push(
    ...comms.status_announcements.filter(line => {
      const n = phaseOf(line);
      return (
        n !== undefined &&
        !(
          Number(n) >= 1 &&
          Number(n) <= phases.length &&
          String(Number(n)) === n
        )
      );
    }),
  );
  for (const hook of model.hooks)
    status.push(`[AUTOMATION] ${hook.hook_name} executed: success/fail.`);
  return [
    '## 6. COMMUNICATION PROTOCOLS',
    ['**Status Announcements:**', fencedBlock(status)].join('\n'),
    ['**Validation Prompts:**', fencedBlock(comms.validation_prompts)].join(
      '\n',
    ),
    [
      '**Error Handling:**',
      ...model.errors.map(
        e =>
          `- **${inline(e.code, '  ')}:** "${inline(e.message, '  ')}"${e.recovery ? ` → Recovery: ${e.recovery}` : ''}`,
      ),
    ].join('\n'),
  ].join('\n\n');
}

function renderHandoff(model: DocumentModel): string {
  const items = model.form.phases.map(
    (phase, p) =>
      `- [ ] ${inline(phase.quality_gate.gate_name, '  ')} passed with evidence archived: ${model.evidence[
        p
      ]
        .map(e => codeSpan(e.storage_location))
        .join(', ')}`,
  );
  const retrospective = model.outputs.find(o => o.number === '05');
  if (retrospective) {
    items.push(
      `- [ ] Retrospective inputs delivered to Protocol 05 (${retrospective.title}): ${inline(retrospective.artifacts, '  ')}`,
    );
  }
  items.push(
    `- [ ] Deployment telemetry and release health report handed off to Protocol 12 (Post-Deployment Monitoring & Observability)`,
  );
  return [
    '## 7. HANDOFF CHECKLIST',
    ['Before completing this protocol, validate:', ...items].join('\n'),
    ['Upon completion, execute:', fencedBlock([PROTOCOL12_HANDOFF_LINE])].join(
      '\n',
    ),
  ].join('\n\n');
}

function renderRole(form: Protocol11Form): string {
  const parts = [
    '## 1. AI ROLE AND MISSION',
    `You are a **${inline(form.ai_role, '')}**. Your mission: ${form.purpose ? inline(form.purpose, '') : DEFAULT_MISSION}`,
    `**🚫 [CRITICAL] ${inline(form.primary_guardrail, '')}**`,
  ];
  if (form.phase_in_workflow.trim()) {
    parts.push(
      `**Position in workflow:** ${inline(form.phase_in_workflow, '')}`,
    );
  }
  if (form.prerequisites.length > 0) {
    parts.push(
      [
        '**Prerequisites:**',
        ...form.prerequisites.map(
          p =>
            `- ${codeSpan(p.protocol)}: ${inline(p.required_artifacts, '  ')}`,
        ),
      ].join('\n'),
    );
  }
  return parts.join('\n\n');
}

function title(form: Protocol11Form): string {
  const domain = oneLine(form.domain_compliance).trim();
  const compliance = domain
    ? ` (${headingText(domain)} Compliant)`
    : ' (Compliant)';
  return `# PROTOCOL 11: PRODUCTION DEPLOYMENT & RELEASE MANAGEMENT${compliance}`;
}

/**
 * Renders the Protocol 11 document for a form. Deterministic: the same form
 * always gives the same text. Throws an `InputError` naming every invalid field
 * when the form does not pass the form model.
 * @public
 */
export function renderProtocol11Document(formValue: unknown): string {
  const form = assertProtocol11Form(formValue);
  const model = buildDocumentModel(form);
  return `${[
    title(form),
    renderRole(form),
    '## 2. RELEASE MANAGEMENT WORKFLOW',
    ...form.phases.map((phase, p) => renderPhase(model, phase, p)),
    renderIntegration(model),
    renderGates(model),
    renderAutomation(model),
    renderCommunication(model),
    renderHandoff(model),
  ].join('\n\n')}\n`;
}
