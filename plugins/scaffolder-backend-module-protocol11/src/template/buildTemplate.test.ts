import { protocol11FormJsonSchema } from '@release-readiness/backstage-plugin-release-readiness-common';
import { LONG_TEXT, TEMPLATE_PAGES } from './buildTemplate';

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
};

/** Names of the string fields of a JSON Schema, at any depth. */
function stringFields(schema: Schema, out = new Set<string>()): Set<string> {
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    if (field.type === 'string') out.add(name);
    stringFields(field, out);
    if (field.items) stringFields(field.items, out);
  }
  return out;
}

describe('the template builder', () => {
  it('names only text fields of the form description as text areas', () => {
    const fields = stringFields(protocol11FormJsonSchema as Schema);
    expect([...LONG_TEXT].filter(name => !fields.has(name))).toEqual([]);
  });

  it('puts every top-level field of the form description on exactly one page', () => {
    const keys = TEMPLATE_PAGES.flatMap(page => page.keys as string[]);
    expect([...keys].sort()).toEqual(
      Object.keys((protocol11FormJsonSchema as Schema).properties ?? {}).sort(),
    );
  });
});
