/**
 * @jest-environment node
 */
import { EVIDENCE_CONTRACTS } from '../contract';
import { checkJsonSchema, EvidenceJsonSchema, joinPath, parseJson } from './json';

const SUPPORTED = new Set([
  '$schema', '$id', 'title', 'description', 'type', 'properties', 'required', 'additionalProperties',
  'items', 'enum', 'minItems', 'minLength', 'minimum', 'pattern', 'format',
]);

function keywords(schema: EvidenceJsonSchema, out = new Set<string>()): Set<string> {
  Object.keys(schema).forEach(k => out.add(k));
  Object.values(schema.properties ?? {}).forEach(s => keywords(s, out));
  if (schema.items) keywords(schema.items, out);
  return out;
}

describe('JSON evidence', () => {
  it('uses only schema keywords the checker enforces, and declares draft-07', async () => {
    const schemas = EVIDENCE_CONTRACTS.flatMap(c => (c.schema ? [c.schema] : []));
    expect(schemas).toHaveLength(6);
    for (const schema of schemas) {
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
      for (const k of keywords(schema)) expect(SUPPORTED).toContain(k);
    }
  });

  it('names the exact path of every problem', async () => {
    const schema: EvidenceJsonSchema = {
      type: 'object',
      required: ['a'],
      additionalProperties: false,
      properties: {
        a: { type: 'array', minItems: 1, items: { type: 'object', properties: { 'b c': { type: 'integer', minimum: 1 } } } },
        s: { type: 'string', minLength: 1, pattern: '\\S' },
        t: { type: 'string', format: 'date-time' },
      },
    };
    expect(checkJsonSchema({ a: [{ 'b c': 0 }, { 'b c': 1.5 }], s: ' ', t: '2024-05-01', x: 1 }, schema)).toEqual([
      { path: 'a[0]["b c"]', message: 'must be at least 1' },
      { path: 'a[1]["b c"]', message: 'must be an integer, not a number' },
      { path: 's', message: 'must not be blank' },
      { path: 't', message: 'must be an ISO 8601 date-time such as 2024-05-01T10:00:00Z, not "2024-05-01"' },
      { path: 'x', message: 'is not an allowed field' },
    ]);
    expect(checkJsonSchema(null, schema)).toEqual([{ path: '(root)', message: 'must be an object, not null' }]);
    expect(checkJsonSchema({}, schema)).toEqual([{ path: 'a', message: 'is required' }]);
    expect(joinPath('', 'a')).toBe('a');
  });

  it('locates syntax errors by line and column', async () => {
    expect(parseJson('{\n  "a": 1,\n}')).toMatchObject({ ok: false, field: 'line 3, column 1' });
    expect(parseJson('{"a": }')).toMatchObject({ ok: false, field: 'line 1, column 7' });
    expect(parseJson('[1, 2] x')).toMatchObject({ ok: false, field: 'line 1, column 8' });
    expect(parseJson('   ')).toEqual({ ok: false, reason: 'not valid JSON: file is empty' });
    expect(parseJson('[[1]]')).toEqual({ ok: true, value: [[1]] });
  });
});
