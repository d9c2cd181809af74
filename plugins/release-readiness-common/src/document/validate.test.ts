import { parseProtocol11Form } from '../form/validate';
import { Protocol11Form } from '../form/types';
import { canonicalFormYaml, readReference } from '../testUtils/reference';
import { renderProtocol11Document } from './render';
import { PROTOCOL11_CHECK_IDS, validateProtocol11Document } from './validate';

function canonicalForm(): Protocol11Form {
  const result = parseProtocol11Form(canonicalFormYaml());
  if (!result.ok) throw new Error('the canonical form must be valid');
  return result.form;
}

const failedIds = (markdown: string, form?: Protocol11Form) =>
  validateProtocol11Document(markdown, { form })
    .checks.filter(c => !c.passed)
    .map(c => c.id);

/** Replaces `from` (which must occur) with `to`, so a mutation can never silently do nothing. */
function replace(
  doc: string,
  from: string | RegExp,
  to: string | ((...args: string[]) => string),
): string {
  const out = doc.replace(from, to as string);
  if (out === doc) throw new Error(`mutation did not apply: ${from}`);
  return out;
}

describe('validateProtocol11Document', () => {
  const form = canonicalForm();
  const generated = renderProtocol11Document(form);

  it('passes the document generated from the canonical form, with and without the form', () => {
    const withForm = validateProtocol11Document(generated, { form });
    expect(withForm.checks.filter(c => !c.passed)).toEqual([]);
    expect(withForm.passed).toBe(true);
    expect(withForm.checks.map(c => c.id)).toEqual(PROTOCOL11_CHECK_IDS);
    const withoutForm = validateProtocol11Document(generated);
    expect(withoutForm.passed).toBe(true);
    expect(withoutForm.checks.map(c => c.id)).not.toContain(
      'must-steps-verbatim',
    );
  });

  const gate1 = /\*\*Gate 1: Release Authorization Gate\*\*\n(?:- .*\n)+/;

  // Each mutation breaks exactly one playbook requirement; the check for it, and only it, fails.
  it.each<[string, (doc: string) => string, boolean]>([
    [
      'title',
      d =>
        replace(
          d,
          '# PROTOCOL 11: PRODUCTION DEPLOYMENT & RELEASE MANAGEMENT',
          '# PRODUCTION DEPLOYMENT & RELEASE MANAGEMENT',
        ),
      false,
    ],
    [
      'section-order',
      d => replace(d, '## 3. INTEGRATION POINTS', '## 9. INTEGRATION POINTS'),
      false,
    ],
    [
      'role-and-mission',
      d =>
        replace(
          d,
          'You are a **Release Manager**. Your mission:',
          'Act as the **Release Manager**. Goal:',
        ),
      false,
    ],
    [
      'critical-guardrail',
      d => replace(d, '**🚫 [CRITICAL] DO NOT', '**🚫 DO NOT'),
      false,
    ],
    ['three-phases', d => replace(d, '### STEP 3:', '### STEP 4:'), false],
    [
      'step-actions',
      d =>
        replace(
          d,
          / {3}\* \*\*Halt condition:\*\* None of its own[^\n]*\n/,
          '',
        ),
      true,
    ],
    [
      'phase-evidence-and-gate',
      d =>
        replace(
          d,
          '**Quality Gate: Release Authorization Gate**\n- **Criteria:**',
          '**Quality Gate: Release Authorization Gate**\n- **Conditions:**',
        ),
      true,
    ],
    [
      'evidence-location',
      d =>
        replace(
          d,
          '- `.artifacts/deployment/rollback-plan.md` (Rollback plan)',
          '- `docs/rollback-plan.md` (Rollback plan)',
        ),
      true,
    ],
    [
      'evidence-lists',
      d =>
        replace(
          d,
          '- `.artifacts/deployment/deployment-telemetry.ndjson` (Deployment telemetry)\n',
          '',
        ),
      true,
    ],
    [
      'release-authorization-evidence',
      d =>
        replace(
          replace(
            d,
            gate1,
            '**Gate 1: Release Authorization Gate**\n- **Criteria:** Readiness checklist complete\n- **Evidence:** `.artifacts/deployment/release-readiness-checklist.md`\n- **Failure Handling:** Stop.\n',
          ),
          '- `.artifacts/deployment/rollback-plan.md` (Rollback plan)\n',
          '',
        ),
      false,
    ],
    [
      'integration-protocols',
      d => replace(d, /- Protocol 09 \(Integration Testing\)[^\n]*\n/, ''),
      true,
    ],
    [
      'quality-gates-section',
      d =>
        replace(
          d,
          /(\*\*Gate 2: [^\n]*\n- \*\*Criteria:\*\*[^\n]*\n)- \*\*Evidence:\*\*[^\n]*\n/,
          '$1',
        ),
      true,
    ],
    [
      'gate-names-playbook',
      d => replace(d, /Stabilization & Handoff Gate/g, 'Stabilization Gate'),
      false,
    ],
    [
      'gate-names-consistent',
      d =>
        replace(
          d,
          '**Gate 2: Production Deployment Gate**',
          '**Gate 2: Production Deployment Approval Gate**',
        ),
      false,
    ],
    [
      'automation-scripts',
      d => replace(d, /stabilization_monitor\.py/g, 'stabilizer.py'),
      true,
    ],
    [
      'telemetry-handoff',
      d =>
        replace(
          replace(
            d,
            'deployment-telemetry.ndjson, release-health-report.md — Enable',
            'release-health-report.md — Enable',
          ),
          /\*\*Telemetry Handoff:\*\*[^\n]*\n\n/,
          '',
        ),
      true,
    ],
    [
      'communication-fenced',
      d =>
        replace(
          d,
          /\*\*Status Announcements:\*\*\n```\n([\s\S]*?)\n```/,
          (_m, body) =>
            `**Status Announcements:**\n${body
              .split('\n')
              .map(l => `- ${l}`)
              .join('\n')}`,
        ),
      true,
    ],
    [
      'approval-prompt',
      d => replace(d, '[APPROVAL REQUEST] Staging', '[APPROVAL] Staging'),
      false,
    ],
    [
      'approval-prompt',
      d =>
        replace(
          d,
          'Proceed with production deployment? (yes/no)',
          'Go live? (yes/no)',
        ),
      true,
    ],
    [
      'error-handling',
      d => replace(d, /- \*\*HealthDegradation:\*\*[^\n]*\n/, ''),
      true,
    ],
    ['handoff-checklist', d => replace(d, /^- \[ \] /gm, '- '), true],
    [
      'handoff-checklist',
      d =>
        replace(
          replace(
            d,
            'handed off to Protocol 12 (Post-Deployment Monitoring & Observability)',
            'handed off to monitoring',
          ),
          'Ready for Protocol 12 (Post-Deployment Monitoring & Observability).',
          'Ready for monitoring.',
        ),
      true,
    ],
    [
      'must-steps-verbatim',
      d =>
        replace(
          d,
          'Redeploy to staging with release tag and execute smoke tests',
          'Redeploy to staging with the release tag and run smoke tests',
        ),
      true,
    ],
    [
      'must-steps-verbatim',
      d =>
        replace(
          d,
          'Communicate Release Status:**',
          'Communicate the Release Status:**',
        ),
      true,
    ],
    [
      'halt-conditions',
      d => replace(d, 'Await approval response', 'Await the approval response'),
      true,
    ],
  ])(
    'check %s fails on a document that breaks exactly it',
    (id, mutate, withForm) => {
      const broken = mutate(generated);
      expect(broken).not.toBe(generated);
      const failed = failedIds(broken, withForm ? form : undefined);
      expect(failed).toEqual([id]);
    },
  );

  it('names the problem in the failing check message', () => {
    const broken = replace(
      generated,
      /- \*\*HealthDegradation:\*\*[^\n]*\n/,
      '',
    );
    const check = validateProtocol11Document(broken).checks.find(
      c => c.id === 'error-handling',
    );
    expect(check).toMatchObject({
      passed: false,
      message: 'Error Handling does not cover HealthDegradation',
    });
  });

  it('never throws, whatever the text', () => {
    for (const text of [
      '',
      '#',
      '```',
      '- [ ]',
      '> ',
      '<!--',
      '\u0000',
      '# PROTOCOL 11\n## 2. WORKFLOW\n### STEP 1: x\n1. **`[MUST]`',
    ]) {
      const report = validateProtocol11Document(text, { form });
      expect(report.passed).toBe(false);
    }
  });

  describe('rejects real upstream documents, each for its own reasons', () => {
    it('the hand-written reference paraphrases MUST steps and names one automation script', () => {
      const reference = readReference(
        '11-production-deployment-release-management.reference.md',
      );
      expect(failedIds(reference, form)).toEqual([
        'critical-guardrail',
        'step-actions',
        'automation-scripts',
        'must-steps-verbatim',
        'halt-conditions',
      ]);
      expect(failedIds(reference)).toEqual([
        'step-actions',
        'automation-scripts',
      ]);
      const automation = validateProtocol11Document(reference).checks.find(
        c => c.id === 'automation-scripts',
      );
      expect(automation?.message).toContain(
        'deployment_executor.py is not named',
      );
      expect(automation?.message).toContain(
        'stabilization_monitor.py is not named',
      );
      expect(automation?.message).not.toContain('release_gatekeeper.py');
    });

    it('variant A: other gates, no evidence lists or per-phase gates, no Protocol 09/05, HealthCheckFailure', () => {
      const doc = readReference('upstream-variants/variant-a.md');
      expect(failedIds(doc)).toEqual([
        'step-actions',
        'phase-evidence-and-gate',
        'evidence-location',
        'evidence-lists',
        'release-authorization-evidence',
        'integration-protocols',
        'gate-names-playbook',
        'gate-names-consistent',
        'automation-scripts',
        'telemetry-handoff',
        'error-handling',
      ]);
    });

    it('variant B: four phases and four gates', () => {
      const doc = readReference('upstream-variants/variant-b.md');
      const failed = failedIds(doc);
      expect(failed).toEqual(
        expect.arrayContaining([
          'three-phases',
          'quality-gates-section',
          'gate-names-playbook',
        ]),
      );
      expect(
        validateProtocol11Document(doc).checks.find(
          c => c.id === 'three-phases',
        )?.message,
      ).toBe('the workflow has 4 STEP sections, Protocol 11 has 3');
    });

    it('variant C: go/no-go gates, unmarked items, no automation scripts, missing errors', () => {
      const doc = readReference('upstream-variants/variant-c.md');
      expect(failedIds(doc)).toEqual(
        expect.arrayContaining([
          'step-actions',
          'gate-names-playbook',
          'automation-scripts',
          'error-handling',
          'integration-protocols',
        ]),
      );
    });

    it.each(['a', 'b', 'c'])(
      'variant %s fails against the canonical form',
      v => {
        const doc = readReference(`upstream-variants/variant-${v}.md`);
        expect(failedIds(doc, form)).toEqual(
          expect.arrayContaining(['must-steps-verbatim', 'approval-prompt']),
        );
      },
    );
  });
});
