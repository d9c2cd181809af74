import {
  Protocol11Form,
  canonicalProtocol11Form,
  protocol11FormJsonSchema,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { stringify } from 'yaml';

type Schema = { [key: string]: unknown };

/** Wizard pages, in the order of the form's sections; each lists the form keys it edits. */
export const TEMPLATE_PAGES: { title: string; description: string; keys: (keyof Protocol11Form)[] }[] = [
  {
    title: 'Protocol and compliance',
    description: 'Which protocol this is, the compliance domain it answers to, and where it sits in the workflow.',
    keys: ['protocol_number', 'protocol_name', 'domain_compliance', 'purpose', 'phase_in_workflow'],
  },
  {
    title: 'Role and guardrail',
    description: 'Who runs the release and the rule that must never be broken.',
    keys: ['ai_role', 'primary_guardrail'],
  },
  {
    title: 'Prerequisites',
    description: 'Protocols whose artifacts must exist before the release starts.',
    keys: ['prerequisites'],
  },
  {
    title: 'Phases, evidence and quality gates',
    description:
      'The three phases: Release Authorization, Production Deployment, Stabilization & Handoff. Each has its steps, the evidence it produces and the quality gate that closes it.',
    keys: ['phases'],
  },
  {
    title: 'Integration',
    description: 'Protocols this one consumes from and hands off to. Protocols 10, 04, 09, 12 and 05 are always named.',
    keys: ['inputs_from', 'outputs_to'],
  },
  {
    title: 'Automation hooks',
    description:
      'Scripts run during the release. release_gatekeeper.py, deployment_executor.py and stabilization_monitor.py are always named.',
    keys: ['automation_hooks'],
  },
  {
    title: 'Communication',
    description: 'Status announcements, validation prompts (one must start with [APPROVAL REQUEST]) and error messages.',
    keys: ['communication_protocols'],
  },
];

const LONG_TEXT = new Set([
  'purpose',
  'primary_guardrail',
  'instructions',
  'communication_template',
  'halt_condition',
  'criteria',
  'failure_handling',
  'command',
  'usage',
]);

/** The JSON schema of a field with rjsf hints: text areas for long text, fixed phases. */
function withHints(name: string, schema: Schema): Schema {
  const out: Schema = { ...schema };
  delete out.additionalProperties;
  if (out.type === 'string' && LONG_TEXT.has(name)) out['ui:widget'] = 'textarea';
  // The wizard validates with ajv-errors, so a blank field gets a message in words.
  if (out.type === 'string' && out.pattern === '\\S') {
    out.errorMessage = { pattern: 'must not be blank', minLength: 'must not be blank' };
  }
  if (out.type === 'string' && Array.isArray(out.enum) && out.enum.length === 1) out['ui:readonly'] = true;
  if (out.type === 'array' && out.items) {
    out.items = withHints(name, out.items as Schema);
    if (name === 'phases') out['ui:options'] = { addable: false, removable: false, orderable: false };
  }
  if (out.type === 'object' && out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, Schema>).map(([k, v]) => [k, withHints(k, v)]),
    );
  }
  return out;
}

const topLevel = protocol11FormJsonSchema as { properties: Record<string, Schema>; required: string[] };

/** The wizard pages that edit the form: the form's own keys, defaulting to the canonical form. */
export function formParameterPages(defaults: Protocol11Form = canonicalProtocol11Form): Schema[] {
  return TEMPLATE_PAGES.map(page => ({
    title: page.title,
    description: page.description,
    required: page.keys.filter(k => topLevel.required.includes(k)),
    properties: Object.fromEntries(
      page.keys.map(key => [key, { ...withHints(key, topLevel.properties[key]), default: defaults[key] }]),
    ),
  }));
}

const DELIVERY_PAGE: Schema = {
  title: 'Handoff and delivery',
  description:
    'The catalog entity whose repository receives the document, and how it is delivered: a pull request (GitHub) or merge request (GitLab) to its repository, or, in a portal configured for it, written into its local folder.',
  required: ['entity', 'delivery'],
  properties: {
    entity: {
      title: 'Entity',
      description: 'The catalog entity (usually a Component) that gets the Protocol 11 document.',
      type: 'string',
      'ui:field': 'EntityPicker',
      'ui:options': { catalogFilter: [{ kind: ['Component', 'System'] }] },
    },
    delivery: {
      title: 'Delivery',
      description:
        'repository: a pull or merge request to the entity’s repository, chosen from its host. local: write into the entity’s folder (only below roots configured in app-config.yaml).',
      type: 'string',
      enum: ['repository', 'local'],
      default: 'repository',
    },
    targetPath: {
      title: 'Folder in the repository',
      description: 'Where the document and its form go; empty for the repository root.',
      type: 'string',
      default: '',
    },
  },
};

const FORM_KEYS = Object.keys(topLevel.properties);

const formInput = Object.fromEntries(FORM_KEYS.map(key => [key, `\${{ parameters.${key} }}`]));

/** The Software Template entity for Protocol 11. */
export function buildProtocol11Template(): Schema {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'protocol-11-release-management',
      title: 'Protocol 11 – Production Deployment & Release Management',
      description:
        'Write the Protocol 11 release management document into a service’s repository: approvals, rollback readiness, deployment and stabilization with three quality gates, and the evidence folder they read.',
      tags: ['protocol-11', 'release-management', 'deployment'],
    },
    spec: {
      owner: 'group:default/platform-team',
      type: 'protocol',
      parameters: [...formParameterPages(), DELIVERY_PAGE],
      steps: [
        {
          id: 'fetch-entity',
          name: 'Look up the entity',
          action: 'catalog:fetch',
          input: { entityRef: '${{ parameters.entity }}' },
        },
        {
          id: 'locate',
          name: 'Find the entity’s repository',
          action: 'protocol11:locate',
          input: { entity: '${{ steps["fetch-entity"].output.entity }}' },
        },
        {
          id: 'generate',
          name: 'Generate and validate the Protocol 11 document',
          action: 'protocol11:generate',
          // Strict: the step fails unless the document passes every playbook check, so no
          // separate protocol11:validate step is needed here.
          input: { form: formInput, targetPath: '${{ parameters.targetPath }}', strict: true },
        },
        {
          id: 'deliver-local',
          name: 'Write into the entity’s folder',
          if: "${{ parameters.delivery === 'local' }}",
          action: 'protocol11:deliver:local',
          input: { targetDir: '${{ steps.locate.output.localFolder }}', paths: '${{ steps.generate.output.paths }}' },
        },
        {
          id: 'pull-request',
          name: 'Open a pull request',
          if: "${{ parameters.delivery === 'repository' and steps.locate.output.provider === 'github' }}",
          action: 'publish:github:pull-request',
          input: {
            repoUrl: '${{ steps.locate.output.repoUrl }}',
            branchName: 'protocol-11-release-management',
            title: 'Add Protocol 11 release management',
            description:
              'Adds the Protocol 11 – Production Deployment & Release Management document, its requirements form and the evidence folder README.',
          },
        },
        {
          id: 'merge-request',
          name: 'Open a merge request',
          if: "${{ parameters.delivery === 'repository' and steps.locate.output.provider === 'gitlab' }}",
          action: 'publish:gitlab:merge-request',
          input: {
            repoUrl: '${{ steps.locate.output.repoUrl }}',
            branchName: 'protocol-11-release-management',
            title: 'Add Protocol 11 release management',
            description:
              'Adds the Protocol 11 – Production Deployment & Release Management document, its requirements form and the evidence folder README.',
          },
        },
      ],
      output: {
        links: [
          { title: 'Pull request', url: '${{ steps["pull-request"].output.remoteUrl }}', if: '${{ steps["pull-request"].output.remoteUrl }}' },
          { title: 'Merge request', url: '${{ steps["merge-request"].output.mergeRequestUrl }}', if: '${{ steps["merge-request"].output.mergeRequestUrl }}' },
          { title: 'Open the entity', icon: 'catalog', entityRef: '${{ parameters.entity }}' },
        ],
        text: [
          {
            title: 'Written locally',
            if: '${{ steps["deliver-local"].output.written }}',
            content: "${{ steps['deliver-local'].output.written | join('\n') }}",
          },
          {
            title: 'Playbook checks',
            content:
              "${{ 'Every playbook check passed.' if steps.generate.output.passed else 'Failed checks: ' + steps.generate.output.failedChecks | join(', ') }}",
          },
        ],
      },
    },
  };
}

/**
 * The Protocol 11 Software Template as YAML, exactly as this repository commits it in
 * templates/protocol-11-release-management/template.yaml: write it to a file that a catalog
 * location points at.
 * @public
 */
export function protocol11TemplateYaml(): string {
  return `# Generated from plugins/scaffolder-backend-module-protocol11/src/template/buildTemplate.ts\n# by \`npm run build:template\`; a test keeps the two in step.\n${stringify(buildProtocol11Template(), { lineWidth: 0 })}`;
}
