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

const templatePath = resolve(__dirname, '../../templates/protocol-11-release-management/template.yaml');
const templateText = readFileSync(templatePath, 'utf8');
const template = parse(templateText);

type Schema = { type?: string; properties?: Record<string, Schema>; items?: Schema; default?: unknown };

/** Every leaf path of a JSON schema, with array items as `[]`. */
function leafPaths(schema: Schema, prefix = ''): string[] {
  if (schema.type === 'object' && schema.properties) {
    return Object.entries(schema.properties).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  if (schema.type === 'array' && schema.items) return leafPaths(schema.items, `${prefix}[]`);
  return [prefix];
}

describe('the Protocol 11 Software Template', () => {
  it('is the committed output of its builder', () => {
    expect(templateText).toBe(protocol11TemplateYaml());
  });

  it('passes the catalog’s Template validation', async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(true);
  });

  it('has a parameter for every field of the form model, under the form’s own key', () => {
    const pages: Schema[] = template.spec.parameters;
    const merged: Schema = { type: 'object', properties: Object.assign({}, ...pages.map(p => p.properties)) };
    const formFields = leafPaths(protocol11FormJsonSchema as Schema);
    const wizardFields = new Set(leafPaths(merged));
    expect(formFields.filter(f => !wizardFields.has(f))).toEqual([]);
    // The walk reaches the deepest fields, so the comparison above is not vacuous.
    expect(formFields).toEqual(
      expect.arrayContaining(['phases[].steps[].halt_condition', 'phases[].quality_gate.failure_handling', 'communication_protocols.error_messages[].code']),
    );
  });

  it('defaults to the canonical form, so its values are a valid form as they are', () => {
    const pages: Schema[] = template.spec.parameters;
    const defaults = Object.fromEntries(
      pages.flatMap(p => Object.entries(p.properties ?? {})).filter(([k]) => k in canonicalProtocol11Form).map(([k, v]) => [k, v.default]),
    );
    expect(defaults).toEqual(canonicalProtocol11Form);
    expect(validateProtocol11Form(defaults).ok).toBe(true);
  });

  it('passes every form key to protocol11:generate unchanged', () => {
    const generate = template.spec.steps.find((s: { action: string }) => s.action === 'protocol11:generate');
    const keys = Object.keys((protocol11FormJsonSchema as Schema).properties!);
    expect(Object.keys(generate.input.form).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(generate.input.form[key]).toBe(`\${{ parameters.${key} }}`);
  });

  it('lets steps, evidence, hooks and prompts grow and shrink, and keeps exactly three phases', () => {
    const all = Object.assign({}, ...template.spec.parameters.map((p: Schema) => p.properties));
    expect(all.phases['ui:options']).toEqual({ addable: false, removable: false, orderable: false });
    expect(all.phases.minItems).toBe(3);
    expect(all.phases.maxItems).toBe(3);
    const phase = all.phases.items;
    for (const list of [phase.properties.steps, phase.properties.evidence_collection, all.automation_hooks, all.communication_protocols.properties.validation_prompts]) {
      expect(list.type).toBe('array');
      expect(list['ui:options']).toBeUndefined();
    }
  });
});
