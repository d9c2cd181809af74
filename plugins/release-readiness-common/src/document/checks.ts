import { Protocol11Form } from '../form/types';
import {
  APPROVAL_REQUEST_MARKER,
  EVIDENCE_DIR,
  PLAYBOOK_ERRORS,
  PLAYBOOK_EVIDENCE,
  PLAYBOOK_GATES,
  PLAYBOOK_SCRIPTS,
} from '../playbook/playbook';
import { headingText, inlineMarkdown, oneLine } from './markdown';
import {
  childrenOf,
  DocSection,
  DocStep,
  Node,
  ParsedDocument,
  strongLabel,
  textOf,
} from './parse';

/** What a check sees. @internal */
export interface CheckContext {
  doc: ParsedDocument;
  form?: Protocol11Form;
}

/** One playbook requirement, checked. @internal */
export interface DocumentCheck {
  id: string;
  /** The playbook line it checks. */
  requirement: string;
  /** Only run when a form is given. */
  needsForm?: boolean;
  /** Problems found; none means passed. */
  run(ctx: CheckContext): string[];
}

const SECTION_PATTERNS = {
  role: /AI ROLE/i,
  workflow: /WORKFLOW/i,
  integration: /INTEGRATION/i,
  gates: /QUALITY GATES/i,
  automation: /AUTOMATION/i,
  communication: /COMMUNICATION/i,
  handoff: /HANDOFF/i,
} as const;

type SectionKey = keyof typeof SECTION_PATTERNS;

function section(doc: ParsedDocument, key: SectionKey): DocSection | undefined {
  return doc.sections.find(s => SECTION_PATTERNS[key].test(s.title));
}

/** The list that follows a paragraph labelled `label` in a section. */
function labelledList(blocks: Node[], label: RegExp): Node | undefined {
  const i = blocks.findIndex(
    b => b.type === 'paragraph' && label.test(strongLabel(b) ?? ''),
  );
  const next = i >= 0 ? blocks[i + 1] : undefined;
  return next && next.type === 'list' ? next : undefined;
}

/** The fenced block that follows a paragraph labelled `label`. */
function labelledFence(blocks: Node[], label: RegExp): Node | undefined {
  const i = blocks.findIndex(
    b => b.type === 'paragraph' && label.test(strongLabel(b) ?? ''),
  );
  const next = i >= 0 ? blocks[i + 1] : undefined;
  return next && isFence(next) ? next : undefined;
}

/** A fenced (not indented) code block. */
function isFence(node: Node): boolean {
  return node.type === 'code_block' && node.fenced === true;
}

const itemTexts = (list: Node | undefined) =>
  list ? childrenOf(list).map(textOf) : [];
const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
const mentionsProtocol = (text: string, n: number) =>
  new RegExp(`\\bProtocols?\\s+0*${n}\\b|\\b0?${n}-[a-z]`, 'i').test(text);

function gateSection(doc: ParsedDocument) {
  const blocks = section(doc, 'gates')?.blocks ?? [];
  return blocks.flatMap((block, i) => {
    if (block.type !== 'paragraph') return [];
    const m = /^\*\*Gate\s+(\d+)\s*:\s*([\s\S]*)\*\*$/i.exec(
      doc.sourceOf(block),
    );
    if (!m) return [];
    const list = blocks[i + 1]?.type === 'list' ? blocks[i + 1] : undefined;
    const bullets = list
      ? childrenOf(list).map(li =>
          li.children[0] ? textOf(li.children[0]) : '',
        )
      : [];
    return [{ number: Number(m[1]), name: m[2].trim(), bullets }];
  });
}

const stepGateNames = (doc: ParsedDocument) =>
  doc.steps.map(s => s.gate?.name ?? '');

function itemField(step: DocStep | undefined, index: number) {
  return step?.items[index];
}

/** Every check, one per playbook requirement. @internal */
export const DOCUMENT_CHECKS: DocumentCheck[] = [
  {
    id: 'title',
    requirement:
      'Template Blueprint 1: title heading with numbering and compliance.',
    run: ({ doc, form }) => {
      if (!doc.title)
        return ['the document has no title heading (# PROTOCOL 11: …)'];
      const problems: string[] = [];
      if (!/^PROTOCOL\s+11\b/i.test(doc.title))
        problems.push('the title does not start with "PROTOCOL 11"');
      if (!/COMPLIANT/i.test(doc.title))
        problems.push(
          'the title does not name the compliance domain ("… Compliant")',
        );
      const h1 = childrenOf(doc.root).find(
        b => b.type === 'heading' && b.level === 1,
      );
      if (
        form &&
        form.domain_compliance &&
        h1 &&
        !doc
          .sourceOf(h1)
          .toLowerCase()
          .includes(
            `(${headingText(form.domain_compliance)} compliant)`.toLowerCase(),
          )
      ) {
        problems.push(
          `the title does not name the form's compliance domain "${form.domain_compliance}"`,
        );
      }
      return problems;
    },
  },
  {
    id: 'section-order',
    requirement:
      'Template Blueprint: numbered sections for role and mission, workflow, integration points, quality gates, communication protocols and handoff checklist, in that order, plus the automation section.',
    run: ({ doc }) => {
      const problems: string[] = [];
      const order: SectionKey[] = [
        'role',
        'workflow',
        'integration',
        'gates',
        'communication',
        'handoff',
      ];
      const positions = order.map(key =>
        doc.sections.findIndex(s => SECTION_PATTERNS[key].test(s.title)),
      );
      order.forEach((key, i) => {
        if (positions[i] < 0)
          problems.push(
            `no "${key}" section (## heading matching ${SECTION_PATTERNS[key].source})`,
          );
      });
      const found = positions.filter(p => p >= 0);
      if (found.some((p, i) => i > 0 && p < found[i - 1]))
        problems.push('the sections are out of order');
      if (section(doc, 'role') !== doc.sections[0])
        problems.push('"1. AI ROLE AND MISSION" is not the first section');
      doc.sections.forEach((s, i) => {
        if (s.number !== i + 1)
          problems.push(
            `section "${s.title}" is numbered ${s.number ?? 'nothing'}, expected ${i + 1}`,
          );
      });
      return problems;
    },
  },
  {
    id: 'role-and-mission',
    requirement:
      'Template Blueprint 2 / L1: "## 1. AI ROLE AND MISSION" with the persona and mission.',
    run: ({ doc, form }) => {
      const role = section(doc, 'role');
      if (!role) return ['no AI ROLE AND MISSION section'];
      const intro = role.blocks.find(
        b => b.type === 'paragraph' && /^You are an? /.test(textOf(b)),
      );
      if (!intro) return ['the role section does not say "You are a …"'];
      const source = doc.sourceOf(intro);
      if (!/^You are an? \*\*/.test(source)) return ['the persona is not bold'];
      if (!/mission/i.test(textOf(intro)))
        return ['the role section states no mission'];
      if (form && !source.includes(`**${inlineMarkdown(form.ai_role)}**`)) {
        return [`the persona is not the form's ai_role "${form.ai_role}"`];
      }
      return [];
    },
  },
  {
    id: 'critical-guardrail',
    requirement:
      'Validation Checklist: guardrail present and bolded with [CRITICAL] marker.',
    run: ({ doc, form }) => {
      const role = section(doc, 'role');
      const guard = role?.blocks.find(
        b =>
          b.type === 'paragraph' &&
          /^\*\*(?:🚫 )?\[CRITICAL\] [\s\S]*\*\*$/u.test(doc.sourceOf(b)),
      );
      if (!guard)
        return [
          'no bold paragraph with the [CRITICAL] marker in the role section',
        ];
      if (form) {
        const expected = `[CRITICAL] ${inlineMarkdown(form.primary_guardrail)}**`;
        if (!doc.sourceOf(guard).endsWith(expected))
          return [
            "the guardrail is not the form's primary_guardrail, word for word",
          ];
      }
      return [];
    },
  },
  {
    id: 'three-phases',
    requirement:
      'Template Blueprint 3: "## 2. … WORKFLOW" with 3 "### STEP" sections.',
    run: ({ doc }) => {
      if (!section(doc, 'workflow')) return ['no WORKFLOW section'];
      const problems: string[] = [];
      if (doc.steps.length !== 3)
        problems.push(
          `the workflow has ${doc.steps.length} STEP sections, Protocol 11 has 3`,
        );
      doc.steps.forEach((s, i) => {
        if (s.number !== i + 1)
          problems.push(
            `STEP "${s.name}" is numbered ${s.number}, expected ${i + 1}`,
          );
      });
      return problems;
    },
  },
  {
    id: 'step-actions',
    requirement:
      'Template Blueprint 3: each step lists [MUST] actions with Action/Communication/Halt bullets; [GUIDELINE] for optional tasks.',
    run: ({ doc }) =>
      doc.steps.flatMap((step, s) => {
        const problems: string[] = [];
        if (!step.items.some(i => i.actionType === 'MUST'))
          problems.push(`STEP ${s + 1} has no [MUST] action`);
        step.items.forEach((item, i) => {
          const where = `STEP ${s + 1} item ${i + 1}`;
          if (!item.actionType) {
            problems.push(`${where} is marked neither [MUST] nor [GUIDELINE]`);
            return;
          }
          const has = (label: RegExp) =>
            item.bullets.some(b => label.test(b.label));
          if (!has(/^Action$/i)) problems.push(`${where} has no Action bullet`);
          if (!has(/^Communication$/i) || item.communication === undefined)
            problems.push(
              `${where} has no Communication bullet with a quoted message`,
            );
          if (item.actionType === 'MUST' && !has(/^Halt condition$/i))
            problems.push(`${where} ([MUST]) has no Halt condition bullet`);
        });
        return problems;
      }),
  },
  {
    id: 'phase-evidence-and-gate',
    requirement:
      'Template Blueprint 3 / Validation Checklist: three phases each include evidence collection + quality gate.',
    run: ({ doc }) =>
      doc.steps
        .flatMap((step, s) => {
          const problems: string[] = [];
          if (!step.evidence || step.evidence.length === 0)
            problems.push(`STEP ${s + 1} has no Evidence Collection list`);
          if (!step.gate)
            problems.push(
              `STEP ${s + 1} has no "Quality Gate: NAME" statement`,
            );
          else {
            const labels = step.gate.bullets.map(b => b.label.toLowerCase());
            if (!labels.includes('criteria'))
              problems.push(`STEP ${s + 1}'s quality gate has no Criteria`);
            if (!labels.includes('failure handling'))
              problems.push(
                `STEP ${s + 1}'s quality gate has no Failure Handling`,
              );
          }
          return problems;
        })
        .concat(doc.steps.length === 0 ? ['the workflow has no phases'] : []),
  },
  {
    id: 'evidence-location',
    requirement:
      'Automation & Telemetry: evidence files stored under .artifacts/deployment/.',
    run: ({ doc }) => {
      const entries = doc.steps.flatMap(s => s.evidence ?? []);
      if (entries.length === 0) return ['no evidence is listed'];
      return entries
        .filter(
          e =>
            !new RegExp(`^\`+ ?${escapeRe(EVIDENCE_DIR)}[^\`\\s]+ ?\`+`).test(
              e,
            ),
        )
        .map(
          e => `evidence "${oneLine(e)}" is not a file under ${EVIDENCE_DIR}`,
        );
    },
  },
  {
    id: 'evidence-lists',
    requirement:
      'Acceptance Criteria: evidence lists include readiness checklist, deployment reports, telemetry.',
    run: ({ doc }) => {
      const all = doc.steps.flatMap(s => s.evidence ?? []).join('\n');
      return PLAYBOOK_EVIDENCE.filter(e =>
        ['readiness-checklist', 'deployment-report', 'telemetry'].includes(
          e.id,
        ),
      )
        .filter(e => !e.match.test(all))
        .map(
          e => `no evidence list names the ${e.evidence_item.toLowerCase()}`,
        );
    },
  },
  {
    id: 'release-authorization-evidence',
    requirement:
      'Acceptance Criteria: Release Authorization gate includes approvals and rollback plan references.',
    run: ({ doc }) => {
      const gate = gateSection(doc).find(g =>
        /release authori[sz]ation/i.test(g.name),
      );
      const step = doc.steps.find(s =>
        /release authori[sz]ation/i.test(s.gate?.name ?? ''),
      );
      if (!gate && !step) return ['no Release Authorization gate'];
      const text = [...(gate?.bullets ?? []), ...(step?.evidence ?? [])].join(
        '\n',
      );
      const problems: string[] = [];
      if (!/approval/i.test(text))
        problems.push(
          'the Release Authorization gate does not reference the approvals',
        );
      if (!/rollback[ -]plan/i.test(text))
        problems.push(
          'the Release Authorization gate does not reference the rollback plan',
        );
      return problems;
    },
  },
  {
    id: 'integration-protocols',
    requirement:
      'Template Blueprint 4 / Validation Checklist: integration mentions Protocols 10, 04/09 inputs and 12, 05 outputs.',
    run: ({ doc }) => {
      const integration = section(doc, 'integration');
      if (!integration) return ['no INTEGRATION POINTS section'];
      const inputs = itemTexts(
        labelledList(integration.blocks, /^Inputs From:?$/i),
      ).join('\n');
      const outputs = itemTexts(
        labelledList(integration.blocks, /^Outputs To:?$/i),
      ).join('\n');
      const problems: string[] = [];
      for (const n of [10, 4, 9])
        if (!mentionsProtocol(inputs, n))
          problems.push(
            `Inputs From does not name Protocol ${String(n).padStart(2, '0')}`,
          );
      for (const n of [12, 5])
        if (!mentionsProtocol(outputs, n))
          problems.push(
            `Outputs To does not name Protocol ${String(n).padStart(2, '0')}`,
          );
      return problems;
    },
  },
  {
    id: 'quality-gates-section',
    requirement:
      'Template Blueprint 5: quality gates summarizing criteria/evidence/failure handling.',
    run: ({ doc }) => {
      if (!section(doc, 'gates')) return ['no QUALITY GATES section'];
      const gates = gateSection(doc);
      const problems: string[] = [];
      if (gates.length !== 3)
        problems.push(
          `the QUALITY GATES section has ${gates.length} gates, Protocol 11 has 3`,
        );
      gates.forEach((g, i) => {
        if (g.number !== i + 1)
          problems.push(
            `gate "${g.name}" is numbered ${g.number}, expected ${i + 1}`,
          );
        for (const label of ['Criteria', 'Evidence', 'Failure Handling']) {
          if (
            !g.bullets.some(b =>
              b.toLowerCase().startsWith(`${label.toLowerCase()}:`),
            )
          )
            problems.push(`Gate ${g.number} has no ${label}`);
        }
      });
      return problems;
    },
  },
  {
    id: 'gate-names-playbook',
    requirement:
      'L2: gates Release Authorization, Production Deployment, Stabilization & Handoff.',
    run: ({ doc }) => {
      const names = gateSection(doc).map(g => g.name);
      return PLAYBOOK_GATES.flatMap((expected, i) =>
        names[i] !== undefined && norm(names[i]).includes(norm(expected))
          ? []
          : [
              `gate ${i + 1} should be the ${expected} gate${names[i] ? `, found "${names[i]}"` : ''}`,
            ],
      );
    },
  },
  {
    id: 'gate-names-consistent',
    requirement:
      'Validation Checklist: quality gate names consistent across sections.',
    run: ({ doc, form }) => {
      const summary = gateSection(doc).map(g => g.name);
      const perPhase = stepGateNames(doc);
      const problems: string[] = [];
      const count = Math.max(summary.length, perPhase.length);
      for (let i = 0; i < count; i++) {
        if (norm(summary[i] ?? '') !== norm(perPhase[i] ?? '')) {
          problems.push(
            `gate ${i + 1} is "${perPhase[i] ?? '(none)'}" in the workflow but "${summary[i] ?? '(none)'}" in QUALITY GATES`,
          );
        }
      }
      form?.phases.forEach((phase, i) => {
        if (
          stepGateNames(doc)[i] !== undefined &&
          stepGateNames(doc)[i] !==
            inlineMarkdown(phase.quality_gate.gate_name).trim()
        ) {
          problems.push(
            `STEP ${i + 1}'s gate is not the form's "${phase.quality_gate.gate_name}"`,
          );
        }
      });
      return problems;
    },
  },
  {
    id: 'automation-scripts',
    requirement:
      'Automation & Telemetry: mention release_gatekeeper.py, deployment_executor.py, stabilization_monitor.py in automation context.',
    run: ({ doc }) => {
      // Automation context: the AUTOMATION section, a step's Automation bullet, an [AUTOMATION] line.
      const automation = section(doc, 'automation');
      const contexts = [
        ...(automation?.blocks.map(textOf) ?? []),
        ...doc.steps.flatMap(s =>
          s.items.flatMap(i =>
            i.bullets
              .filter(b => /^Automation$/i.test(b.label))
              .map(b => b.value),
          ),
        ),
        ...doc.sections.flatMap(s =>
          s.blocks
            .filter(isFence)
            .flatMap(b =>
              (b.literal ?? '')
                .split('\n')
                .filter(l => l.startsWith('[AUTOMATION]')),
            ),
        ),
      ].join('\n');
      const missing = PLAYBOOK_SCRIPTS.filter(
        s => !contexts.includes(s.hook_name),
      ).map(s => s.hook_name);
      const problems = missing.map(
        name => `${name} is not named in an automation context`,
      );
      if (!automation)
        problems.push(
          'the document has no AUTOMATION section naming its hooks',
        );
      return problems;
    },
  },
  {
    id: 'telemetry-handoff',
    requirement:
      'Automation & Telemetry: ensure telemetry handoff to Protocol 12.',
    run: ({ doc }) => {
      const integration = section(doc, 'integration');
      const outputs = itemTexts(
        labelledList(integration?.blocks ?? [], /^Outputs To:?$/i),
      );
      const automation = section(doc, 'automation');
      const toTwelve = outputs.some(
        o => mentionsProtocol(o, 12) && /telemetry/i.test(o),
      );
      const inAutomation = automation?.blocks.some(
        b => /telemetry/i.test(textOf(b)) && mentionsProtocol(textOf(b), 12),
      );
      return toTwelve || inAutomation
        ? []
        : ['the document does not hand deployment telemetry to Protocol 12'];
    },
  },
  {
    id: 'communication-fenced',
    requirement:
      'Template Blueprint 6 / Validation Checklist: communication section uses fenced code blocks for status and prompts.',
    run: ({ doc }) => {
      const comms = section(doc, 'communication');
      if (!comms) return ['no COMMUNICATION PROTOCOLS section'];
      const problems: string[] = [];
      if (!labelledFence(comms.blocks, /^Status Announcements:?$/i))
        problems.push('status announcements are not in a fenced code block');
      if (!labelledFence(comms.blocks, /^Validation Prompts:?$/i))
        problems.push('validation prompts are not in a fenced code block');
      return problems;
    },
  },
  {
    id: 'approval-prompt',
    requirement:
      'Template Blueprint 6 / Acceptance Criteria: approval prompt text matches the [APPROVAL REQUEST] string.',
    run: ({ doc, form }) => {
      const comms = section(doc, 'communication');
      const fence =
        comms && labelledFence(comms.blocks, /^Validation Prompts:?$/i);
      const lines = (fence?.literal ?? '').split('\n');
      if (!lines.some(l => l.startsWith(APPROVAL_REQUEST_MARKER)))
        return [`no validation prompt starts with ${APPROVAL_REQUEST_MARKER}`];
      if (!form) return [];
      return form.communication_protocols.validation_prompts
        .filter(p => !lines.includes(oneLine(p)))
        .map(
          p =>
            `the prompt "${oneLine(p)}" from the form is not among the validation prompts, word for word`,
        );
    },
  },
  {
    id: 'error-handling',
    requirement:
      'Acceptance Criteria: error handling covers MissingApproval, DeploymentFailure, HealthDegradation.',
    run: ({ doc }) => {
      const comms = section(doc, 'communication');
      const errors = itemTexts(
        labelledList(comms?.blocks ?? [], /^Error Handling:?$/i),
      );
      return PLAYBOOK_ERRORS.filter(
        e => !errors.some(t => t.trim().startsWith(e.code)),
      ).map(e => `Error Handling does not cover ${e.code}`);
    },
  },
  {
    id: 'handoff-checklist',
    requirement:
      'Template Blueprint 7 / Validation Checklist: handoff checklist references Protocol 12.',
    run: ({ doc }) => {
      const handoff = section(doc, 'handoff');
      if (!handoff) return ['no HANDOFF CHECKLIST section'];
      const boxes = handoff.blocks
        .filter(b => b.type === 'list')
        .flatMap(childrenOf)
        .filter(li =>
          /^\[ \]/.test(li.children[0] ? textOf(li.children[0]) : ''),
        );
      const problems: string[] = [];
      if (boxes.length === 0)
        problems.push('the handoff checklist has no "- [ ]" items');
      if (!handoff.blocks.some(b => mentionsProtocol(textOf(b), 12)))
        problems.push('the handoff checklist does not reference Protocol 12');
      return problems;
    },
  },
  {
    id: 'must-steps-verbatim',
    needsForm: true,
    requirement:
      'Acceptance Criteria: all MUST steps from the form reflected verbatim.',
    run: ({ doc, form }) =>
      form!.phases.flatMap((phase, p) =>
        phase.steps.flatMap((step, s) => {
          if (step.action_type !== 'MUST') return [];
          const item = itemField(doc.steps[p], s);
          const where = `phases[${p}].steps[${s}] ("${oneLine(step.action_title)}")`;
          if (!item || item.actionType !== 'MUST')
            return [
              `${where} is not the [MUST] item ${s + 1} of STEP ${p + 1}`,
            ];
          const problems: string[] = [];
          if (item.title !== inlineMarkdown(step.action_title))
            problems.push(`${where}: the title is not word for word`);
          const action = item.bullets.find(b => /^Action$/i.test(b.label));
          if (action?.value !== inlineMarkdown(step.instructions))
            problems.push(`${where}: the instructions are not word for word`);
          if (
            item.communication !== inlineMarkdown(step.communication_template)
          )
            problems.push(`${where}: the communication is not word for word`);
          return problems;
        }),
      ),
  },
  {
    id: 'halt-conditions',
    needsForm: true,
    requirement:
      'Template Blueprint 3 / L2: halt conditions from the form, word for word.',
    run: ({ doc, form }) =>
      form!.phases.flatMap((phase, p) =>
        phase.steps.flatMap((step, s) => {
          if (step.halt_condition.trim() === '') return [];
          const halt = itemField(doc.steps[p], s)?.bullets.find(b =>
            /^Halt condition$/i.test(b.label),
          );
          return halt?.value === inlineMarkdown(step.halt_condition)
            ? []
            : [
                `phases[${p}].steps[${s}]: the halt condition "${oneLine(step.halt_condition)}" is not there word for word`,
              ];
        }),
      ),
  },
];

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
