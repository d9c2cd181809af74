import fs from 'fs';
import path from 'path';
import {
  parseProtocol11Form,
  PLAYBOOK_GATES,
  renderProtocol11Document,
  validateProtocol11Document,
} from '@release-readiness/backstage-plugin-release-readiness-common';

const formsDir = path.resolve(__dirname, '../../examples/forms');
const formFiles = fs
  .readdirSync(formsDir)
  .filter(name => name.endsWith('.yaml'))
  .sort();

describe('example forms in examples/forms', () => {
  it('has the canonical form and at least three service forms', () => {
    expect(formFiles).toContain('canonical.yaml');
    expect(
      formFiles.filter(name => name !== 'canonical.yaml').length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('keeps canonical.yaml a verbatim copy of the shared canonical form, when that is present', () => {
    const shared = path.resolve(
      __dirname,
      '../../../shared/reference/protocol-input-form-11-deployment.yaml',
    );
    if (!fs.existsSync(shared)) return;
    expect(fs.readFileSync(path.join(formsDir, 'canonical.yaml'), 'utf8')).toBe(
      fs.readFileSync(shared, 'utf8'),
    );
  });

  it.each(formFiles)(
    '%s generates a document that passes every playbook check',
    name => {
      const result = parseProtocol11Form(
        fs.readFileSync(path.join(formsDir, name), 'utf8'),
      );
      if (!result.ok)
        throw new Error(`${name}: ${JSON.stringify(result.issues, null, 2)}`);
      const { form } = result;

      form.phases.forEach((phase, p) => {
        expect(phase.quality_gate.gate_name).toContain(PLAYBOOK_GATES[p]);
        for (const evidence of phase.evidence_collection) {
          expect(
            evidence.storage_location.startsWith('.artifacts/deployment/'),
          ).toBe(true);
        }
      });
      expect(
        form.communication_protocols.validation_prompts.some(prompt =>
          prompt.startsWith('[APPROVAL REQUEST]'),
        ),
      ).toBe(true);

      const document = renderProtocol11Document(form);
      const report = validateProtocol11Document(document, { form });
      expect(report.checks.filter(check => !check.passed)).toEqual([]);
      expect(report.passed).toBe(true);
      for (const step of form.phases.flatMap(phase => phase.steps)) {
        expect(document).toContain(step.action_title);
      }
    },
  );

  it('the service forms differ from the canonical form and from each other', () => {
    const documents = formFiles.map(name => {
      const result = parseProtocol11Form(
        fs.readFileSync(path.join(formsDir, name), 'utf8'),
      );
      if (!result.ok) throw new Error(name);
      return renderProtocol11Document(result.form);
    });
    expect(new Set(documents).size).toBe(documents.length);
  });
});
