/**
 * Bounded memory: reads through the UrlReader stop at the size limit, the
 * document is probed without being kept, a 300 MB document is an `error`
 * criterion naming the limit, and on-demand evaluations share one bounded queue.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { PROTOCOL11_DOCUMENT_FILE } from '@release-readiness/backstage-plugin-release-readiness-common';
import { sampleEvidence } from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import knexFactory from 'knex';
import { Readable } from 'stream';
import { ReadinessEvaluator } from '../service/evaluator';
import { EvaluationQueue } from '../service/queue';
import { migrateReadinessStore, ReadinessStore } from '../store/ReadinessStore';
import { UrlRepositoryReader } from './urlReader';
import { protocolEntity } from '../testUtils/entities';

const ROOT = 'https://github.com/acme/svc/tree/main/';
const MB = 1024 * 1024;

/** A response body of `size` bytes made on demand; counts what was produced. */
function lazyBody(size: number, produced: { bytes: number }): Readable {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  return new Readable({
    read() {
      if (produced.bytes >= size) {
        this.push(null);
        return;
      }
      produced.bytes += chunk.byteLength;
      this.push(chunk);
    },
  });
}

function hugeDocumentReader(
  files: Map<string, string>,
  hugeUrl: string,
  produced: { bytes: number },
) {
  return mockServices.urlReader.mock({
    async readUrl(url) {
      if (url === hugeUrl) {
        return {
          buffer: async () => {
            throw new Error('the whole document must not be buffered');
          },
          stream: () => lazyBody(300 * MB, produced),
        };
      }
      const content = files.get(url);
      if (content === undefined) throw new NotFoundError(url);
      return {
        buffer: async () => Buffer.from(content),
        stream: () => Readable.from([Buffer.from(content)]),
      };
    },
    async readTree(url, options) {
      const entries = [...files.entries()]
        .filter(([path]) => path.startsWith(url))
        .map(([path, content]) => ({
          path: path.slice(url.length),
          content: async () => Buffer.from(content),
        }))
        .filter(
          f =>
            options?.filter?.(f.path, {
              size: Buffer.byteLength(files.get(url + f.path)!),
            }) ?? true,
        );
      return {
        files: async () => entries,
        etag: 'e',
        archive: async () => Readable.from([]),
        dir: async () => '',
      };
    },
  });
}

describe('bounded reads', () => {
  it('stops reading a file at the limit and probes a document without keeping it', async () => {
    const produced = { bytes: 0 };
    const url = `${ROOT}${PROTOCOL11_DOCUMENT_FILE}`;
    const reader = new UrlRepositoryReader(
      hugeDocumentReader(new Map(), url, produced),
    );
    await expect(reader.readFile(url, { maxBytes: MB })).resolves.toEqual({
      kind: 'too-large',
      size: MB + 1,
    });
    expect(produced.bytes).toBeLessThanOrEqual(MB + 128 * 1024);
    produced.bytes = 0;
    await expect(reader.probeFile(url, { maxBytes: MB })).resolves.toEqual({
      kind: 'too-large',
    });
    expect(produced.bytes).toBeLessThanOrEqual(MB + 128 * 1024);
    await expect(
      reader.probeFile(`${ROOT}missing.md`, { maxBytes: MB }),
    ).resolves.toEqual({ kind: 'missing' });
  });

  it('makes a 300 MB document an error criterion naming the limit, not passed', async () => {
    const files = new Map(
      Object.entries(await sampleEvidence('all-passed')).map(([p, c]) => [
        `${ROOT}${p}`,
        c,
      ]),
    );
    const produced = { bytes: 0 };
    const reader = new UrlRepositoryReader(
      hugeDocumentReader(files, `${ROOT}${PROTOCOL11_DOCUMENT_FILE}`, produced),
    );
    const db = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await migrateReadinessStore(db);
    const store = new ReadinessStore(db);
    const evaluator = new ReadinessEvaluator({
      store,
      reader,
      logger: mockServices.logger.mock(),
    });
    const entity: Entity = protocolEntity('svc', `url:${ROOT}`);
    const stored = await evaluator.evaluate(entity, { wait: true });
    expect(stored?.overall).toBe('error');
    const criterion = stored?.readiness?.gates[0].criteria[0];
    expect(criterion).toMatchObject({
      status: 'error',
      file: PROTOCOL11_DOCUMENT_FILE,
    });
    expect(criterion?.reason).toContain(
      `over the ${MB}-byte limit (releaseReadiness.maxEvidenceFileBytes)`,
    );
    expect(stored?.readiness?.gates.slice(1).map(g => g.status)).toEqual([
      'blocked',
      'blocked',
    ]);
    expect(produced.bytes).toBeLessThanOrEqual(MB + 128 * 1024);
    await db.destroy();
  });
});

describe('EvaluationQueue', () => {
  it('runs at most `concurrency` at once and refuses beyond `maxQueued` with a 503 error', async () => {
    const queue = new EvaluationQueue({ concurrency: 2, maxQueued: 3 });
    let running = 0;
    let peak = 0;
    let release!: () => void;
    const gate = new Promise<void>(resolve => (release = resolve));
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await gate;
      running--;
    };
    const accepted = Array.from({ length: 5 }, () => queue.run(task));
    await expect(queue.run(task)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
    release();
    await Promise.all(accepted);
    expect(peak).toBe(2);
  });
});
