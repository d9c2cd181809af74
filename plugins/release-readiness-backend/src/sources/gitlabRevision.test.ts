/**
 * The GitLab head-commit request against a fake GitLab on 127.0.0.1 speaking
 * the REST API v4: subgroups, the stored commit id as the etag, a 429 with
 * its `Retry-After`, and URLs it cannot say anything about.
 */
import { ConfigReader } from '@backstage/config';
import { FakeGitlabServer } from '../testUtils/fakeGitlabServer';
import { scmConfigData } from '../testUtils/scmSetup';
import { ScmRateLimitError } from './rateLimit';
import { ScmRevisionProbe } from './revisionProbe';

describe('GitLab head-commit request', () => {
  const gitlab = new FakeGitlabServer();
  let probe: ScmRevisionProbe;

  beforeAll(async () => {
    await gitlab.start();
    probe = ScmRevisionProbe.fromConfig(
      new ConfigReader(scmConfigData(gitlab)),
    );
  });
  afterAll(() => gitlab.stop());

  it('names a project in subgroups by its URL-encoded path and compares the commit id', async () => {
    gitlab.setRepo('acme/platform/checkout', { 'a.md': 'a' });
    const url = `${gitlab.baseUrl}/acme/platform/checkout/-/tree/main/docs/a.md`;
    const first = await probe.probe(url, {});
    expect(first).toMatchObject({ kind: 'changed', counted: true });
    expect(gitlab.log.at(-1)?.path).toBe(
      '/api/v4/projects/acme%2Fplatform%2Fcheckout/repository/commits/main',
    );
    const etag = first?.kind === 'changed' ? first.etag : '';
    expect(await probe.probe(url, { etag })).toEqual({
      kind: 'unchanged',
      counted: true,
    });
    gitlab.setRepo('acme/platform/checkout', { 'a.md': 'b' });
    expect(await probe.probe(url, { etag })).toMatchObject({ kind: 'changed' });
  });

  it('rejects a 429 with the wait its Retry-After names and the host', async () => {
    gitlab.setRepo('acme/svc', {});
    gitlab.limit = { until: Date.now() + 30_000, retryAfterSeconds: 30 };
    const refused = probe.probe(`${gitlab.baseUrl}/acme/svc/-/tree/main/`, {});
    await expect(refused).rejects.toBeInstanceOf(ScmRateLimitError);
    await expect(refused).rejects.toMatchObject({
      retryAfterMs: 30_000,
      host: gitlab.host,
      message: expect.stringMatching(
        /GitLab answered 429 for acme\/svc \(Retry-After: 30\)/,
      ),
    });
    gitlab.limit = undefined;
  });

  it('says nothing for an unknown ref, a URL without a ref, or a host without a GitLab integration', async () => {
    gitlab.setRepo('acme/svc', {});
    expect(
      await probe.probe(`${gitlab.baseUrl}/acme/svc/-/tree/nope/`, {}),
    ).toEqual({ kind: 'unknown', counted: true });
    expect(await probe.probe(`${gitlab.baseUrl}/acme/svc`, {})).toBeUndefined();
    expect(
      await probe.probe('https://git.example.com/acme/svc/-/tree/main/', {}),
    ).toBeUndefined();
  });
});
