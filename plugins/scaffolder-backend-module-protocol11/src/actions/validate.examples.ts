import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

const step = (name: string, input: Record<string, unknown>) =>
  stringify({
    steps: [{ id: 'validate', action: 'protocol11:validate', name, input }],
  });

/** Examples of `protocol11:validate`, each a template step. */
export const examples: TemplateExample[] = [
  {
    description:
      'Validate the document at the workspace root, against the form next to it.',
    example: step('Validate Protocol 11', {}),
  },
  {
    description:
      'Validate a document in docs/ against a given form, reporting without failing.',
    example: step('Validate Protocol 11 in docs/', {
      documentPath: 'docs/11-production-deployment-release-management.md',
      formPath: 'docs/protocol-input-form-11-deployment.yaml',
      strict: false,
    }),
  },
];
