import {
  Protocol11Form,
  canonicalProtocol11Form,
  protocol11FormJsonSchema,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { stringify } from 'yaml';

type Schema = { [key: string]: unknown };

/** Wizard pages, in the order of the form's sections; each lists the form keys it edits. */
export const TEMPLATE_PAGES: {
  title: string;
  description: string;
  keys: (keyof Protocol11Form)[];
}[] = [
  {
    title: 'Protocol and compliance',
    description:
      'Which protocol this is, the compliance domain it answers to, and where it sits in the workflow.',
    keys: [
      'protocol_number',
      'protocol_name',
      'domain_compliance',
      'purpose',
      'phase_in_workflow',
    ],
  },
  {
    title: 'Role and guardrail',
    description: 'Who runs the release and the rule that must never be broken.',
    keys: ['ai_role', 'primary_guardrail'],
  },
  {
    title: 'Prerequisites',
    description:
      'Protocols whose artifacts must exist before the release starts.',
    keys: ['prerequisites'],
  },
  {
    title: 'Phases',
    description:
      'The three phases: Release Authorization, Production Deployment, Stabilization & Handoff. Each has its steps, the evidence it produces and the quality gate that closes it.',
    keys: ['phases'],
  },
  {
    title: 'Integration',
    description:
      'Protocols this one consumes from and hands off to. Protocols 10, 04, 09, 12 and 05 are always named.',
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
    description:
      'Status announcements, validation prompts (one must start with [APPROVAL REQUEST]) and error messages.',
    keys: ['communication_protocols'],
  },
];

/** Form fields the wizard shows as text areas (a presentation choice; the form's fields are in its one description). */
export const LONG_TEXT = new Set([
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
/** Parameter key of phase `n` (1-based): the wizard gives each phase its own page. */
export const phaseKey = (n: number) => `phase_${n}`;

/**
 * The review step lists every value by its title; a list of objects would show
 * there as raw `key: value` lines, so it is summarised by a pointer to its page
 * (`ui:backstage.review.mask`, which the scaffolder's review step supports).
 */
function reviewHint(schema: Schema, page: string): Schema {
  if (
    schema.type === 'array' &&
    (schema.items as Schema | undefined)?.type === 'object'
  ) {
    return {
      ...schema,
      'ui:backstage': { review: { mask: `As entered on the "${page}" page` } },
    };
  }
  return schema;
}

/** The JSON schema of a field with rjsf hints: text areas for long text, words for blank fields. */
function withHints(name: string, schema: Schema, page: string): Schema {
  const out: Schema = { ...schema };
  delete out.additionalProperties;
  if (out.type === 'string' && LONG_TEXT.has(name))
    out['ui:widget'] = 'textarea';
  // The wizard validates with ajv-errors, so a blank field gets a message in words.
  if (out.type === 'string' && out.pattern === '\\S') {
    out.errorMessage = {
      pattern: 'must not be blank',
      minLength: 'must not be blank',
    };
  }
  if (out.type === 'string' && Array.isArray(out.enum) && out.enum.length === 1)
    out['ui:readonly'] = true;
  if (out.type === 'array' && out.items)
    out.items = withHints(name, out.items as Schema, page);
  if (out.type === 'object' && out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, Schema>).map(([k, v]) => [
        k,
        reviewHint(withHints(k, v, page), page),
      ]),
    );
  }
  return out;
}

const topLevel = protocol11FormJsonSchema as {
  properties: Record<string, Schema>;
  required: string[];
};

/** Names a review row "Phase N · title" so the three phases stay apart on the review step. */
const reviewName = (field: Schema, name: string): Schema => {
  const review = (field['ui:backstage'] as { review?: Schema } | undefined)
    ?.review;
  return { ...field, 'ui:backstage': { review: { name, ...review } } };
};

/**
 * One wizard page per phase: the phase's fields, its number fixed, defaulting to
 * the canonical phase. Its review rows are named "Phase N · …" and its lists
 * (steps, evidence) summarised.
 */
function phasePage(n: number, defaults: Protocol11Form): Schema {
  const items = (
    topLevel.properties.phases as {
      items: { properties: Record<string, Schema>; required: string[] };
    }
  ).items;
  const phase = defaults.phases[n - 1];
  const title = `Phase ${n}: ${phase.phase_name}`;
  const properties = Object.fromEntries(
    Object.entries(items.properties).map(([k, v]) => {
      let field = reviewHint(withHints(k, v, title), title);
      if (k === 'phase_number') {
        field = {
          ...field,
          enum: [n],
          'ui:readonly': true,
          'ui:backstage': { review: { show: false } },
        };
      } else if (k === 'quality_gate') {
        const gate = (field.properties ?? {}) as Record<string, Schema>;
        field = {
          ...field,
          'ui:backstage': { review: { name: `Phase ${n} · Quality gate` } },
          properties: Object.fromEntries(
            Object.entries(gate).map(([gk, gv]) => [
              gk,
              reviewName(gv, `Phase ${n} · Gate · ${String(gv.title ?? gk)}`),
            ]),
          ),
        };
      } else {
        field = reviewName(field, `Phase ${n} · ${String(v.title ?? k)}`);
      }
      return [k, field];
    }),
  );
  return {
    title,
    description:
      'The steps of this phase, the evidence it produces and the quality gate that closes it.',
    required: [phaseKey(n)],
    properties: {
      [phaseKey(n)]: {
        type: 'object',
        title: `Phase ${n}`,
        required: items.required,
        properties,
        default: phase,
      },
    },
  };
}

/**
 * The wizard pages that edit the form: the form's own keys, defaulting to the
 * canonical form, except `phases`, whose three entries get a page each
 * (`phase_1`…`phase_3`; the generate step puts them back into `phases`).
 */
export function formParameterPages(
  defaults: Protocol11Form = canonicalProtocol11Form,
): Schema[] {
  return TEMPLATE_PAGES.flatMap(page =>
    page.keys.includes('phases')
      ? [1, 2, 3].map(n => phasePage(n, defaults))
      : [
          {
            title: page.title,
            description: page.description,
            required: page.keys.filter(k => topLevel.required.includes(k)),
            properties: Object.fromEntries(
              page.keys.map(key => [
                key,
                {
                  ...reviewHint(
                    withHints(key, topLevel.properties[key], page.title),
                    page.title,
                  ),
                  default: defaults[key],
                },
              ]),
            ),
          },
        ],
  );
}

const DELIVERY_PAGE: Schema = {
  title: 'Entity and delivery',
  description:
    'The catalog entity that gets the document, and how it reaches its repository. The same change adds release-readiness.io/protocol11 to the entity’s catalog descriptor.',
  required: ['entity', 'delivery'],
  properties: {
    entity: {
      title: 'Entity',
      description:
        'The catalog entity (usually a Component) that gets the Protocol 11 document.',
      type: 'string',
      'ui:field': 'EntityPicker',
      'ui:options': { catalogFilter: [{ kind: ['Component', 'System'] }] },
    },
    delivery: {
      title: 'Delivery',
      description:
        'Automatic: a pull request when the entity lives on GitHub, a merge request on GitLab, written into its folder when it is registered from a local file and this portal allows local delivery.',
      type: 'string',
      enum: ['auto', 'pull-request', 'merge-request', 'local'],
      enumNames: [
        'Automatic, from where the entity lives',
        'Pull request (GitHub)',
        'Merge request (GitLab)',
        'Write into its local folder',
      ],
      default: 'auto',
    },
    targetPath: {
      title: 'Folder in the repository',
      description:
        'Where the document and its form go, relative to the entity’s folder; empty for the folder itself.',
      type: 'string',
      default: '',
    },
  },
};

const PR_DESCRIPTION =
  'Adds the Protocol 11 – Production Deployment & Release Management document, its requirements form, the evidence folder README and the release-readiness.io/protocol11 annotation on the catalog descriptor.';

const FORM_KEYS = Object.keys(topLevel.properties);

const formInput = Object.fromEntries(
  FORM_KEYS.map(key => [
    key,
    key === 'phases'
      ? [1, 2, 3].map(n => `\${{ parameters.${phaseKey(n)} }}`)
      : `\${{ parameters.${key} }}`,
  ]),
);

const publishInput = {
  repoUrl: '${{ steps.locate.output.repoUrl }}',
  targetPath: '${{ steps.locate.output.repoSubPath }}',
  branchName: 'protocol-11-release-management',
  title: 'Add Protocol 11 release management',
  description: PR_DESCRIPTION,
};

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
          name: 'Choose the delivery',
          action: 'protocol11:locate',
          input: {
            entity: '${{ steps["fetch-entity"].output.entity }}',
            delivery: '${{ parameters.delivery }}',
          },
        },
        {
          id: 'generate',
          name: 'Generate and validate the Protocol 11 document',
          action: 'protocol11:generate',
          // Strict: the step fails unless the document passes every playbook check, so no
          // separate protocol11:validate step is needed here.
          input: {
            form: formInput,
            targetPath: '${{ parameters.targetPath }}',
            strict: true,
          },
        },
        {
          id: 'annotate',
          name: 'Annotate the entity’s catalog descriptor',
          action: 'protocol11:annotate',
          input: {
            entity: '${{ steps["fetch-entity"].output.entity }}',
            delivery: '${{ steps.locate.output.delivery }}',
            targetPath: '${{ parameters.targetPath }}',
            paths: '${{ steps.generate.output.paths }}',
          },
        },
        {
          id: 'deliver-local',
          name: 'Write into the entity’s folder',
          if: "${{ steps.locate.output.delivery === 'local' }}",
          action: 'protocol11:deliver:local',
          input: {
            targetDir: '${{ steps.locate.output.localFolder }}',
            paths: '${{ steps.annotate.output.paths }}',
            entityRef: '${{ parameters.entity }}',
          },
        },
        {
          id: 'pull-request',
          name: 'Open a pull request',
          if: "${{ steps.locate.output.delivery === 'pull-request' }}",
          action: 'publish:github:pull-request',
          input: publishInput,
        },
        {
          id: 'merge-request',
          name: 'Open a merge request',
          if: "${{ steps.locate.output.delivery === 'merge-request' }}",
          action: 'publish:gitlab:merge-request',
          input: publishInput,
        },
      ],
      output: {
        links: [
          {
            title: 'Pull request',
            url: '${{ steps["pull-request"].output.remoteUrl }}',
            if: "${{ steps.locate.output.delivery === 'pull-request' }}",
          },
          {
            title: 'Merge request',
            url: '${{ steps["merge-request"].output.mergeRequestUrl }}',
            if: "${{ steps.locate.output.delivery === 'merge-request' }}",
          },
          {
            title: 'Open the entity',
            icon: 'catalog',
            entityRef: '${{ parameters.entity }}',
          },
        ],
        // Every value here exists whichever delivery ran, so no raw expression is ever shown.
        text: [
          { title: 'Delivery', content: '${{ steps.locate.output.summary }}' },
          {
            title: 'Catalog annotation',
            content: '${{ steps.annotate.output.instructions }}',
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
