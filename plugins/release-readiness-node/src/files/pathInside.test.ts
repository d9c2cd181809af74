import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { isPathInside, realPathInsideRoots } from './pathInside';

describe('isPathInside', () => {
  it.each([
    ['/srv/a', '/srv/a', true],
    ['/srv/a', '/srv/a/b/c', true],
    ['/srv/a/', '/srv/a/b', true],
    ['/srv/a', '/srv/ab', false],
    ['/srv/a', '/srv', false],
    ['/srv/a', '/srv/a/../b', false],
    ['/srv/a', '/srv/a/..b', true],
  ])('%s contains %s: %s', (root, path, inside) =>
    expect(isPathInside(root, path)).toBe(inside),
  );
});

describe('realPathInsideRoots', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'inside-'));
    mkdirSync(join(dir, 'root/svc'), { recursive: true });
    mkdirSync(join(dir, 'outside'));
    symlinkSync(join(dir, 'outside'), join(dir, 'root/link'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts existing and not-yet-existing paths below a root', async () => {
    await expect(
      realPathInsideRoots([join(dir, 'root')], join(dir, 'root/svc')),
    ).resolves.toMatch(/root\/svc$/);
    await expect(
      realPathInsideRoots(
        [join(dir, 'root')],
        join(dir, 'root/svc/new/file.md'),
      ),
    ).resolves.toMatch(/root\/svc\/new\/file\.md$/);
  });

  it('refuses a symbolic link that leads outside, and skips roots that do not exist', async () => {
    await expect(
      realPathInsideRoots([join(dir, 'root')], join(dir, 'root/link/x')),
    ).resolves.toBeUndefined();
    await expect(
      realPathInsideRoots([join(dir, 'missing')], join(dir, 'missing/x')),
    ).resolves.toBeUndefined();
  });
});
