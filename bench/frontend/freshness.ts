/*
 * Freshness: from a change of a service's evidence to the new status on an open
 * card in Chromium (no refresh, no reload). Two sources of the change:
 *
 * - `local` (default): a file written into a sample service's evidence folder
 *   of the demo portal (the file watcher, the evaluation, the signal, the
 *   card's reload); timed from the write.
 * - `webhook` (`FRESHNESS_SOURCE=webhook`): a service whose repository lives on
 *   a fake GitHub on 127.0.0.1 (the portal's GitHub integration points at it);
 *   each round commits the change there and posts a signed GitHub `push`
 *   webhook to `/api/events/http/github`; timed from the POST (the events
 *   backend's signature check, the push routing, the evaluation through
 *   Backstage's GitHub UrlReader, the signal, the card's reload).
 *
 * Starts the demo portal as `npm start` does (ports 3000/7007: run it under
 * `flock /tmp/portal.lock`), opens the service's page once, then flips the
 * business owner's approval ROUNDS times, timing each change until the card
 * shows the other status.
 *
 *   flock /tmp/portal.lock npx tsx bench/frontend/freshness.ts
 *   FRESHNESS_SOURCE=webhook flock /tmp/portal.lock npx tsx bench/frontend/freshness.ts
 *
 * The last line is a JSON object with the figures.
 */
import { readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  guestToken,
  signedInPage,
  startPortal,
} from '../../test/src/e2e/portal';
import {
  FakeGithubServer,
  GITHUB_OWNER,
  githubConfig,
  githubPushPayload,
  githubServiceRepo,
  postGithubPush,
  registerGithubService,
} from '../../test/src/e2e/githubPush';

const ROUNDS = Number(process.env.FRESHNESS_ROUNDS ?? 20);
const SOURCE = process.env.FRESHNESS_SOURCE === 'webhook' ? 'webhook' : 'local';
const APPROVALS = '.artifacts/deployment/release-approvals.json';
/** The GitHub-hosted copy of checkout-web (webhook mode). */
const REMOTE = 'checkout-remote';

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function main() {
  const github = SOURCE === 'webhook' ? new FakeGithubServer() : undefined;
  const repoFiles = githubServiceRepo(REMOTE, 'checkout-web');
  if (github) {
    await github.start();
    github.setRepo(`${GITHUB_OWNER}/${REMOTE}`, repoFiles);
  }
  const portal = await startPortal(
    github ? { config: githubConfig(github) } : {},
  );
  try {
    const file = join(portal.servicesDir, `checkout-web/${APPROVALS}`);
    const original = JSON.parse(
      github ? repoFiles[APPROVALS] : readFileSync(file, 'utf8'),
    );
    let service = 'checkout-web';
    if (github) {
      service = REMOTE;
      await registerGithubService(await guestToken(), REMOTE);
    }
    const page = await signedInPage(
      portal.browser,
      `/catalog/default/component/${service}`,
    );
    await page
      .getByText(/1\. Release Authorization\s*Failed/)
      .first()
      .waitFor();
    // The first change comes right after the page opened: the card's live-update
    // connection is the backend's first (see the backend's service/signalsUpgrade.ts).
    const samples: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternating, so every write changes the file and the gate.
      const approve = i % 2 === 0;
      const approvals = structuredClone(original);
      for (const a of approvals.approvals)
        if (a.role === 'business-owner' && approve) a.decision = 'approved';
      const expected = approve ? 'Passed' : 'Failed';
      const content = JSON.stringify(approvals, null, 2);
      let start: number;
      if (github) {
        github.setRepo(`${GITHUB_OWNER}/${REMOTE}`, {
          ...repoFiles,
          [APPROVALS]: content,
        });
        start = Date.now();
        const status = await postGithubPush(
          githubPushPayload(`${GITHUB_OWNER}/${REMOTE}`, [APPROVALS]),
        );
        if (status !== 202)
          throw new Error(`the push webhook answered ${status}, not 202`);
      } else {
        start = Date.now();
        writeFileSync(file, content);
      }
      await page
        .getByText(new RegExp(`1\\. Release Authorization\\s*${expected}`))
        .first()
        .waitFor({ timeout: 30_000 });
      samples.push(Date.now() - start);
    }
    const result = {
      source: SOURCE,
      rounds: ROUNDS,
      p50Ms: percentile(samples, 50),
      p95Ms: percentile(samples, 95),
      maxMs: Math.max(...samples),
      samplesMs: samples,
    };
    process.stdout.write(
      `freshness, ${SOURCE === 'webhook' ? 'signed push webhook arrival' : 'evidence write'} → open card in Chromium: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms over ${ROUNDS} ${SOURCE === 'webhook' ? 'pushes' : 'writes'} (goal p95 ≤ 5000 ms)\n${JSON.stringify(result)}\n`,
    );
  } catch (e) {
    process.stderr.write(
      portal
        .logs()
        .split('\n')
        .filter(l => /readiness|watch|signal|events/i.test(l))
        .slice(-30)
        .join('\n'),
    );
    await portal.browser
      .contexts()[0]
      ?.pages()[0]
      ?.screenshot({ path: join(tmpdir(), 'freshness-failure.png') });
    throw e;
  } finally {
    await portal.stop();
    await github?.stop();
  }
}

main().then(
  () => process.exit(0),
  e => {
    process.stderr.write(`freshness bench failed: ${e?.stack ?? e}\n`);
    process.exit(1);
  },
);
