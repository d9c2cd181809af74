import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { PROTOCOL11_DOCUMENT_FILE } from '@release-readiness/backstage-plugin-release-readiness-common';
import { sampleEvidence } from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import { readProtocol } from './readProtocol';
import { UrlRepositoryReader } from './urlReader';
import { protocolLocationOf } from './location';
import { protocolEntity } from '../testUtils/entities';

const ROOT = 'https://github.com/acme/svc/tree/main/';

/** A UrlReader over a map, with one ETag for the whole repository. */
function fakeUrlReader(
  files: Map<string, string>,
  state: { etag: string; down?: boolean },
) {
  const calls: string[] = [];
  const reader = mockServices.urlReader.mock({
    async readUrl(url, options) {
      calls.push(`readUrl ${url}`);
      if (state.down) throw new Error('ECONNREFUSED');
      const content = files.get(url);
      if (content === undefined) throw new NotFoundError(url);
      if (options?.etag === state.etag) throw new NotModifiedError();
      return { buffer: async () => Buffer.from(content), etag: state.etag };
    },
    async readTree(url, options) {
      calls.push(`readTree ${url}`);
      if (state.down) throw new Error('ECONNREFUSED');
      if (options?.etag === state.etag) throw new NotModifiedError();
      const entries = [...files.entries()]
        .filter(([path]) => path.startsWith(url))
        .map(([path, content]) => ({
          path: path.slice(url.length),
          content: async () => Buffer.from(content),
        }))
        .filter(f => options?.filter?.(f.path, { size: 10 }) ?? true);
      if (!entries.length) throw new NotFoundError(url);
      return {
        files: async () => entries,
        etag: state.etag,
        archive: async () => {
          throw new Error('unused');
        },
        dir: async () => '',
      };
    },
  });
  return { reader, calls };
}

describe('reading through the UrlReader', () => {
  const location = protocolLocationOf(protocolEntity('svc', `url:${ROOT}`));
  if (location.kind !== 'location') throw new Error('bad fixture');

  it('reads the evidence folder once with readTree and skips an unchanged repository by ETag', async () => {
    const files = new Map(
      Object.entries(await sampleEvidence('all-passed')).map(([p, c]) => [
        `${ROOT}${p}`,
        c,
      ]),
    );
    files.set(`${ROOT}${PROTOCOL11_DOCUMENT_FILE}`, '# doc');
    const state = { etag: 'sha-1' };
    const { reader, calls } = fakeUrlReader(files, state);
    const urlReader = new UrlRepositoryReader(reader);
    const first = await readProtocol({
      reader: urlReader,
      location: location.location,
      maxFileBytes: 1000,
    });
    expect(first.kind).toBe('read');
    expect(calls.filter(c => c.startsWith('readTree'))).toEqual([
      `readTree ${ROOT}.artifacts/deployment/`,
    ]);
    const fingerprint = first.kind === 'read' ? first.fingerprint : undefined;
    expect(fingerprint).toMatchObject({
      documentPresent: true,
      evidenceEtag: 'sha-1',
      formSha: 'missing',
    });
    const read =
      first.kind === 'read'
        ? await first.files.read('.artifacts/deployment/release-approvals.json')
        : undefined;
    expect(read?.content).toBeDefined();

    const second = await readProtocol({
      reader: urlReader,
      location: location.location,
      maxFileBytes: 1000,
      previous: fingerprint,
    });
    expect(second).toEqual({ kind: 'unchanged' });
    state.etag = 'sha-2';
    const third = await readProtocol({
      reader: urlReader,
      location: location.location,
      maxFileBytes: 1000,
      previous: fingerprint,
    });
    expect(third.kind).toBe('read');
  });

  it('treats a missing evidence folder as no evidence and an unreachable host as a failure', async () => {
    const files = new Map([[`${ROOT}${PROTOCOL11_DOCUMENT_FILE}`, '# doc']]);
    const state = { etag: 'e', down: false };
    const urlReader = new UrlRepositoryReader(
      fakeUrlReader(files, state).reader,
    );
    const read = await readProtocol({
      reader: urlReader,
      location: location.location,
      maxFileBytes: 1000,
    });
    expect(
      read.kind === 'read' &&
        (await read.files.read('.artifacts/deployment/release-approvals.json')),
    ).toBeUndefined();
    state.down = true;
    await expect(
      readProtocol({
        reader: urlReader,
        location: location.location,
        maxFileBytes: 1000,
      }),
    ).rejects.toThrow('ECONNREFUSED');
  });
});
