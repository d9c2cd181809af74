import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { canonicalProtocol11Form } from '@release-readiness/backstage-plugin-release-readiness-common';
import { stringify } from 'yaml';

const step = (name: string, input: Record<string, unknown>) =>
  stringify(
    {
      steps: [{ id: 'protocol11', action: 'protocol11:generate', name, input }],
    },
    { lineWidth: 0 },
  );

/** Examples of `protocol11:generate`, each a template step. */
export const examples: TemplateExample[] = [
  {
    description:
      'Generate the document, its form and the evidence README at the workspace root.',
    example: step('Generate Protocol 11', { form: canonicalProtocol11Form }),
  },
  {
    description: 'Write the document into docs/ and skip the evidence folder.',
    example: step('Generate Protocol 11 into docs/', {
      form: canonicalProtocol11Form,
      targetPath: 'docs',
      writeEvidenceFolder: false,
    }),
  },
  {
    description:
      'Record failed playbook checks in the outputs instead of failing the step.',
    example: step('Generate Protocol 11, lenient', {
      form: canonicalProtocol11Form,
      strict: false,
    }),
  },
];
