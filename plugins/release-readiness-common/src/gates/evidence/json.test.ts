/**
 * @jest-environment node
 */
import { EVIDENCE_CONTRACTS } from '../contract';
import {
  checkJsonSchema,
  EvidenceJsonSchema,
  isCalendarDateTime,
  joinPath,
  parseJson,
} from './json';

describe('JSON evidence', () => {
  it('publishes draft-07 schemas that Ajv compiles', async () => {
    const schemas = EVIDENCE_CONTRACTS.flatMap(c =>
      c.schema ? [c.schema] : [],
    );
    expect(schemas).toHaveLength(7);
    for (const schema of schemas) {
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(checkJsonSchema({}, schema)).toEqual(expect.any(Array));
    }
  });

  it('names the exact path of every problem', async () => {
    const schema: EvidenceJsonSchema = {
      type: 'object',
      required: ['a'],
      additionalProperties: false,
      properties: {
        a: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            properties: { 'b c': { type: 'integer', minimum: 1 } },
          },
        },
        s: { type: 'string', minLength: 1, pattern: '\\S' },
        t: { type: 'string', format: 'date-time' },
      },
    };
    const issues = checkJsonSchema(
      { a: [{ 'b c': 0 }, { 'b c': 1.5 }], s: ' ', t: '2024-05-01', x: 1 },
      schema,
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'a[0]["b c"]', message: 'must be at least 1' },
        { path: 'a[1]["b c"]', message: 'must be an integer, not a number' },
        { path: 's', message: 'must not be blank' },
        {
          path: 't',
          message: expect.stringContaining('must be a real calendar date-time'),
        },
        { path: 'x', message: 'is not an allowed field' },
      ]),
    );
    expect(issues).toHaveLength(5);
    expect(checkJsonSchema(null, schema)).toEqual([
      { path: '(root)', message: 'must be an object, not null' },
    ]);
    expect(checkJsonSchema({}, schema)).toEqual([
      { path: 'a', message: 'is required' },
    ]);
    expect(joinPath('', 'a')).toBe('a');
  });

  it('honours keywords a team adds to a published schema', async () => {
    const schema: EvidenceJsonSchema = {
      type: 'object',
      properties: {
        release: { type: 'string', maxLength: 3, 'x-owner': 'team-a' },
        n: { const: 1 },
      },
      propertyNames: { pattern: '^[a-z]+$' },
    };
    expect(checkJsonSchema({ release: 'v2.4.0' }, schema)).toEqual([
      { path: 'release', message: 'must NOT have more than 3 characters' },
    ]);
    expect(checkJsonSchema({ n: 2 }, schema)).toEqual([
      { path: 'n', message: 'must be equal to constant' },
    ]);
    expect(checkJsonSchema({ Bad: 1 }, schema).map(i => i.path)).toContain(
      '(root)',
    );
  });

  it('accepts only real calendar date-times', async () => {
    for (const ok of [
      '2024-02-29T09:00:00Z',
      '2024-05-01T10:00:00.123+02:00',
      '2023-12-31T23:59:59-05:00',
    ]) {
      expect(isCalendarDateTime(ok)).toBe(true);
    }
    for (const bad of [
      '2024-02-30T09:00:00Z',
      '2023-02-29T09:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-05-01T24:00:00Z',
      '2024-05-01T10:60:00Z',
      '2024-05-01T10:00:00',
      '2024-05-01',
    ]) {
      expect(isCalendarDateTime(bad)).toBe(false);
    }
  });

  it('locates syntax errors by line and column', async () => {
    expect(parseJson('{\n  "a": 1,\n}')).toMatchObject({
      ok: false,
      field: 'line 3, column 1',
    });
    expect(parseJson('{"a": }')).toMatchObject({
      ok: false,
      field: 'line 1, column 7',
    });
    expect(parseJson('[1, 2] x')).toMatchObject({
      ok: false,
      field: 'line 1, column 8',
    });
    expect(parseJson('{"a": 1} // note')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('comments are not allowed'),
    });
    expect(parseJson('   ')).toEqual({
      ok: false,
      reason: 'not valid JSON: file is empty',
    });
    expect(parseJson('[[1]]')).toEqual({ ok: true, value: [[1]] });
  });

  it('refuses a duplicate key at any depth, naming its path, line and column', async () => {
    const text = '{\n  "a": [\n    { "b": 1,\n      "b": 2 }\n  ]\n}';
    const parsed = parseJson(text);
    expect(parsed).toMatchObject({ ok: false, field: 'a[0].b' });
    expect(!parsed.ok && parsed.reason).toContain(
      'duplicate key "b" in a[0] at line 4, column 7 (first at line 3)',
    );
    expect(parseJson('{"x": 1, "x": 1}')).toMatchObject({
      ok: false,
      field: 'x',
    });
    // The same name in different objects is not a duplicate.
    expect(parseJson('[{"x": 1}, {"x": 2}]')).toEqual({
      ok: true,
      value: [{ x: 1 }, { x: 2 }],
    });
  });

  it('refuses nesting deeper than the limit with its line, without overflowing the stack', async () => {
    expect(parseJson(`\n${'['.repeat(100_000)}`)).toMatchObject({
      ok: false,
      field: 'line 2, column 65',
    });
  });
});
