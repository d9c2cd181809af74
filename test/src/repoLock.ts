/**
 * One lock, across the Jest workers of a test run, between the tests that
 * change the repository's packages in place and the tests that serve them
 * from it.
 *
 * The install test builds every package and packs each one (`npm pack` runs
 * `backstage-cli package prepack`, which rewrites the package's
 * `package.json` until postpack restores it). The browser tests run the demo
 * portal's dev servers on the same repository: they rebuild the app when a
 * workspace package changes, and a page loaded meanwhile stays blank until
 * the rebuild ends. On CI's 2-core machine that took over a minute, and the
 * journey test's link check failed on a blank page while the install test
 * packed. So the portal holds this lock while it runs, and the install test
 * holds it while it builds and packs.
 *
 * The lock is a directory made with `mkdir` (atomic) in the run's temporary
 * folder (`scripts/test-unit.js` gives each run its own), holding the
 * owner's process id: a lock whose owner has died is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const LOCK = join(tmpdir(), 'release-readiness-repository.lock');

function ownerAlive(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
  } catch {
    return true; // being written (or just released): look again next time
  }
  if (!pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Waits until this process holds the repository lock (polling once a
 * second; there is no timeout of its own, the calling hook's applies) and
 * returns the function that releases it. Releasing twice is harmless; the
 * lock is also released when the process exits.
 */
export async function acquireRepositoryLock(): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (!ownerAlive()) {
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    rmSync(LOCK, { recursive: true, force: true });
  };
  process.once('exit', release);
  return release;
}
