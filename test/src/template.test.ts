import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import {
  canonicalProtocol11Form,
  protocol11FormJsonSchema,
  validateProtocol11Form,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { protocol11TemplateYaml } from '@release-readiness/backstage-plugin-scaffolder-backend-module-protocol11';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parse } from 'yaml';

const templatePath = resolve(
  __dirname,
  '../../templates/protocol-11-release-management/template.yaml',
);
const templateText = readFileSync(templatePath, 'utf8');
const template = parse(templateText);

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  default?: unknown;
  enum?: unknown[];
  'ui:backstage'?: {
    review?: { name?: string; show?: boolean; mask?: string };
  };
};

const PHASE_KEYS = ['phase_1', 'phase_2', 'phase_3'];

/** The wizard's parameters as one schema, with the three phase pages folded back into `phases`. */
function formSchemaOfWizard(pages: Schema[]): Schema {
  const all: Record<string, Schema> = Object.assign(
    {},
    ...pages.map(p => p.properties),
  );
  const { phase_1: first, phase_2: _2, phase_3: _3, ...rest } = all;
  return {
    type: 'object',
    properties: { ...rest, phases: { type: 'array', items: first } },
  };
}

/** Every leaf path of a JSON schema, with array items as `[]`. */
function leafPaths(schema: Schema, prefix = ''): string[] {
  if (schema.type === 'object' && schema.properties) {
    return Object.entries(schema.properties).flatMap(([k, v]) =>
      leafPaths(v, prefix ? `${prefix}.${k}` : k),
    );
  }
  if (schema.type === 'array' && schema.items)
    return leafPaths(schema.items, `${prefix}[]`);
  return [prefix];
}

describe('the Protocol 11 Software Template', () => {
  it('is the committed output of its builder', () => {
    expect(templateText).toBe(protocol11TemplateYaml());
  });

  it('passes the catalog’s Template validation', async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
  });

  it('has a parameter for every field of the form model, under the form’s own key', () => {
    const merged = formSchemaOfWizard(template.spec.parameters);
    const formFields = leafPaths(protocol11FormJsonSchema as Schema);
    const wizardFields = new Set(leafPaths(merged));
    expect(formFields.filter(f => !wizardFields.has(f))).toEqual([]);
    // The walk reaches the deepest fields, so the comparison above is not vacuous.
    expect(formFields).toEqual(
      expect.arrayContaining([
        'phases[].steps[].halt_condition',
        'phases[].quality_gate.failure_handling',
        'communication_protocols.error_messages[].code',
      ]),
    );
  });

  it('defaults to the canonical form, so its values are a valid form as they are', () => {
    const pages: Schema[] = template.spec.parameters;
    const values: Record<string, unknown> = Object.fromEntries(
      pages
        .flatMap(p => Object.entries(p.properties ?? {}))
        .map(([k, v]) => [k, v.default]),
    );
    const defaults = Object.fromEntries(
      Object.entries({
        ...values,
        phases: PHASE_KEYS.map(k => values[k]),
      }).filter(([k]) => k in canonicalProtocol11Form),
    );
    expect(defaults).toEqual(canonicalProtocol11Form);
    expect(validateProtocol11Form(defaults).ok).toBe(true);
  });

  it('passes every form key to protocol11:generate unchanged', () => {
    const generate = template.spec.steps.find(
      (s: { action: string }) => s.action === 'protocol11:generate',
    );
    const keys = Object.keys((protocol11FormJsonSchema as Schema).properties!);
    expect(Object.keys(generate.input.form).sort()).toEqual([...keys].sort());
    for (const key of keys.filter(k => k !== 'phases'))
      expect(generate.input.form[key]).toBe(`\${{ parameters.${key} }}`);
    expect(generate.input.form.phases).toEqual(
      PHASE_KEYS.map(k => `\${{ parameters.${k} }}`),
    );
  });

  it('gives each of the three phases its own page, its number fixed, and lets lists grow and shrink', () => {
    const pages: Schema[] = template.spec.parameters;
    const phasePages = pages.filter(p =>
      Object.keys(p.properties ?? {}).some(k => PHASE_KEYS.includes(k)),
    );
    expect(phasePages.map(p => Object.keys(p.properties!))).toEqual(
      PHASE_KEYS.map(k => [k]),
    );
    phasePages.forEach((page, i) =>
      expect(
        page.properties![PHASE_KEYS[i]].properties!.phase_number.enum,
      ).toEqual([i + 1]),
    );
    const all = Object.assign({}, ...pages.map(p => p.properties));
    const phase = all.phase_1;
    for (const list of [
      phase.properties.steps,
      phase.properties.evidence_collection,
      all.automation_hooks,
      all.communication_protocols.properties.validation_prompts,
    ]) {
      expect(list.type).toBe('array');
      expect(list['ui:options']).toBeUndefined();
    }
  });

  it('keeps the review step readable: lists of objects summarised, phase rows named apart', () => {
    const pages: Schema[] = template.spec.parameters;
    const all: Record<string, Schema> = Object.assign(
      {},
      ...pages.map(p => p.properties),
    );
    /** Review rows as the scaffolder's review step builds them: nested objects exploded, by review name or title. */
    const rows = (key: string, schema: Schema): string[] => {
      const review = schema['ui:backstage']?.review;
      if (review?.show === false) return [];
      if (review?.mask) return [review.name ?? key];
      if (schema.type === 'object' && schema.properties)
        return Object.entries(schema.properties).flatMap(([k, v]) =>
          rows(k, v),
        );
      expect(schema.type === 'array' && schema.items?.type === 'object').toBe(
        false,
      );
      return [review?.name ?? key];
    };
    const names = Object.entries(all).flatMap(([k, v]) => rows(k, v));
    // Each row has its own name: none overwrites another in the review table.
    expect(names.length).toBe(new Set(names).size);
    expect(names).toEqual(
      expect.arrayContaining([
        'Phase 2 · Objective',
        'Phase 3 · Gate · Criteria',
      ]),
    );
    expect(all.phase_1.properties!.steps['ui:backstage']).toEqual({
      review: {
        name: 'Phase 1 · Steps',
        mask: 'As entered on the "Phase 1: Release Readiness & Approval Confirmation" page',
      },
    });
  });
});
