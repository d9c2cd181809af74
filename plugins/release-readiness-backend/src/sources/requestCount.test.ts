/**
 * The requests an evaluation counts against the SCM request budget are those
 * the SCM counted, through Backstage's real GitHub and GitLab UrlReaders and
 * our head-commit request, against fakes on 127.0.0.1 that count as the SCMs
 * document (GitHub: a 304 to a conditional request is free; GitLab: every
 * request counts): a first read, a read after a new commit, a read of an
 * unchanged repository, and a repository without an evidence folder.
 */
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { PROTOCOL11_DOCUMENT_FILE } from '@release-readiness/backstage-plugin-release-readiness-common';
import { FakeGithubServer } from '../testUtils/fakeGithubServer';
import { FakeGitlabServer } from '../testUtils/fakeGitlabServer';
import {
  commitSamples,
  FakeScm,
  scmConfigData,
  scmEntity,
} from '../testUtils/scmSetup';
import { protocolLocationOf } from './location';
import { readProtocol, SourceFingerprint } from './readProtocol';
import { ScmRevisionProbe } from './revisionProbe';
import { RequestMeter } from './types';
import { UrlRepositoryReader } from './urlReader';

const SCMS: Record<
  string,
  () => FakeScm & {
    start(): Promise<void>;
    stop(): Promise<void>;
    counted: number;
  }
> = {
  GitHub: () => new FakeGithubServer(),
  GitLab: () => new FakeGitlabServer(),
};

describe.each(Object.keys(SCMS))('requests counted on %s', name => {
  const scm = SCMS[name]();
  let previous: SourceFingerprint | undefined;
  let reader: UrlRepositoryReader;

  beforeAll(async () => {
    await scm.start();
    const config = new ConfigReader(scmConfigData(scm));
    reader = new UrlRepositoryReader(
      UrlReaders.default({ config, logger: mockServices.rootLogger() }),
      {
        revisions: ScmRevisionProbe.fromConfig(config),
        integrations: ScmIntegrations.fromConfig(config),
      },
    );
  });

  afterAll(() => scm.stop());

  /** Reads `acme/svc` as an evaluation does; resolves the requests metered and those the fake counted. */
  async function read() {
    const location = protocolLocationOf(scmEntity(scm, 'svc'));
    if (location.kind !== 'location') throw new Error(location.kind);
    const meter = new RequestMeter();
    const before = scm.counted;
    const result = await readProtocol({
      reader,
      location: location.location,
      maxFileBytes: 1024 * 1024,
      previous,
      meter,
    });
    if (result.kind === 'read' || result.fingerprint)
      previous = result.fingerprint ?? previous;
    return { metered: meter.total(), counted: scm.counted - before };
  }

  it('meters exactly what the SCM counted', async () => {
    await commitSamples(scm, ['svc'], 'all-passed');
    const first = await read();
    expect(first.counted).toBeGreaterThanOrEqual(4);
    expect(first.metered).toBe(first.counted);

    await commitSamples(scm, ['svc'], 'deployment-failed');
    const changed = await read();
    expect(changed.counted).toBeGreaterThan(1);
    expect(changed.metered).toBe(changed.counted);

    const unchanged = await read();
    expect(unchanged.metered).toBe(unchanged.counted);
    expect(unchanged.counted).toBe(name === 'GitHub' ? 0 : 1);

    // No evidence folder: the fakes answer an archive without its files.
    scm.setRepo('acme/svc', { [PROTOCOL11_DOCUMENT_FILE]: '# Protocol 11\n' });
    const bare = await read();
    expect(bare.metered).toBe(bare.counted);
  });
});
