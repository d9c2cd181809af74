/**
 * @jest-environment node
 */
import {
  decodeEvidence,
  evidenceFromRecord,
  EvidenceReader,
  sha256Hex,
} from './source';

describe('evidence sources', () => {
  it('computes SHA-256 of text and bytes alike', async () => {
    const abc =
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await sha256Hex('abc')).toBe(abc);
    expect(await sha256Hex(new Uint8Array([0x61, 0x62, 0x63]))).toBe(abc);
  });

  it('reads a record by path, with or without ./, and misses unknown or inherited keys', async () => {
    const source = evidenceFromRecord({ './a/b.md': 'x' });
    expect(await source.read('a/b.md')).toEqual({
      path: 'a/b.md',
      content: 'x',
    });
    expect(await source.read('./a/b.md')).toEqual({
      path: './a/b.md',
      content: 'x',
    });
    expect(await source.read('constructor')).toBeUndefined();
  });

  it('decodes text, drops a BOM and refuses what is not text', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]);
    expect(decodeEvidence('f', bom, 10)).toMatchObject({
      kind: 'text',
      text: 'hi',
    });
    expect(decodeEvidence('f', '\uFEFFhi', 10)).toMatchObject({
      kind: 'text',
      text: 'hi',
    });
    expect(decodeEvidence('f', 'a\u0000b', 10)).toMatchObject({
      kind: 'error',
    });
    expect(decodeEvidence('f', 'héllo', 5)).toMatchObject({
      kind: 'error',
      reason: 'file is 6 bytes, over the 5-byte limit',
    });
    expect(decodeEvidence('f', 42, 5)).toMatchObject({
      kind: 'error',
      reason: 'the source returned neither text nor bytes',
    });
  });

  it('reads each path once', async () => {
    let reads = 0;
    const reader = new EvidenceReader(
      {
        read: async path => {
          reads++;
          return { path, content: 'x' };
        },
      },
      100,
    );
    await Promise.all([reader.load('a'), reader.load('a')]);
    expect(reads).toBe(1);
  });
});
