/**
 * @jest-environment node
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { canonicalProtocol11Form } from '../gates/canonicalForm';
import { stringifyPortableYaml } from './yaml';

const runs = Number(process.env.PROPERTY_RUNS ?? 200);

/** Strings that YAML 1.1 readers (PyYAML, SnakeYAML, go-yaml v2) take for something else when plain. */
const HOSTILE = [
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'Y',
  'N',
  'YES',
  'No',
  'On',
  'OFF',
  'true',
  'False',
  '~',
  'null',
  'Null',
  '',
  '1:30',
  '190:20:30',
  '-1:30',
  '0777',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '1e3',
  '.5',
  '+12',
  '.inf',
  '-.Inf',
  '.NaN',
  '2024-05-01',
  '2024-05-01T10:00:00Z',
  '2024-5-1 10:00:00',
  '<<',
  '=',
  ' lead',
  'trail ',
  '- x',
  '? x',
  '#x',
  'a: b',
  'a #b',
  '@x',
  '`x',
  '!x',
  '&x',
  '*x',
  '%x',
  '|',
  '>',
  '"',
  "'",
  '{a}',
  '[a]',
  '0.',
  '1.0',
  '1,000',
];

const hostile = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string(),
  fc.stringMatching(/^[0-9:._+\-eExXoObB]{1,8}$/),
);
const value = fc.letrec(tie => ({
  node: fc.oneof(
    { depthSize: 'small' },
    hostile,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(hostile, tie('node'), { maxKeys: 3 }),
  ),
})).node;

describe('stringifyPortableYaml', () => {
  it('reads back identically in YAML 1.1 and 1.2 readers, whatever the strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(hostile, value, { maxKeys: 5 }),
        async form => {
          const text = stringifyPortableYaml(form);
          expect(parse(text, { version: '1.1' })).toEqual(form);
          expect(parse(text, { version: '1.2' })).toEqual(form);
        },
      ),
      { numRuns: runs },
    );
  });

  it('quotes each YAML 1.1 trap', async () => {
    for (const s of HOSTILE) {
      const text = stringifyPortableYaml({ [s]: s, list: [s] });
      expect(parse(text, { version: '1.1' })).toEqual({ [s]: s, list: [s] });
    }
    expect(
      stringifyPortableYaml({
        a: 'yes',
        b: '1:30',
        c: '0777',
        d: 'plain words',
      }),
    ).toBe('a: "yes"\nb: "1:30"\nc: "0777"\nd: plain words\n');
  });

  it('writes the canonical form so that it reads back as itself', async () => {
    const text = stringifyPortableYaml(canonicalProtocol11Form);
    expect(parse(text, { version: '1.1' })).toEqual(canonicalProtocol11Form);
  });
});
