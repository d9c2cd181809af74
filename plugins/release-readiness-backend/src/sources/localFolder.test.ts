import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { pathToFileURL } from 'url';
import { LocalFolderReader } from './localFolder';
import { RoutingRepositoryReader } from './routing';
import { FakeRepositoryReader } from '../testUtils/reader';

describe('LocalFolderReader', () => {
  let base: string;
  let root: string;
  let outside: string;
  const url = (path: string) => pathToFileURL(path).toString();
  const opts = { maxBytes: 100 };

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'rr-local-'));
    root = join(base, 'root');
    outside = join(base, 'outside');
    mkdirSync(join(root, 'svc', '.artifacts', 'deployment'), {
      recursive: true,
    });
    mkdirSync(outside);
    writeFileSync(join(root, 'svc', 'form.yaml'), 'a: 1\n');
    writeFileSync(
      join(root, 'svc', '.artifacts', 'deployment', 'big.md'),
      'x'.repeat(101),
    );
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(
      join(outside, 'secret.txt'),
      join(root, 'svc', '.artifacts', 'deployment', 'link.json'),
    );
    symlinkSync(outside, join(root, 'escape'));
  });

  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('reads files below a root and reports missing and too-large ones', async () => {
    const reader = new LocalFolderReader([root]);
    await expect(
      reader.readFile(url(join(root, 'svc', 'form.yaml')), opts),
    ).resolves.toEqual({
      kind: 'file',
      content: Buffer.from('a: 1\n'),
    });
    await expect(
      reader.readFile(url(join(root, 'svc', 'nope.yaml')), opts),
    ).resolves.toEqual({ kind: 'missing' });
    await expect(
      reader.readFile(
        url(join(root, 'svc', '.artifacts', 'deployment', 'big.md')),
        opts,
      ),
    ).resolves.toEqual({
      kind: 'too-large',
      size: 101,
    });
  });

  it('refuses paths outside the roots, also through symlinks and ..', async () => {
    const reader = new LocalFolderReader([root]);
    await expect(
      reader.readFile(url(join(outside, 'secret.txt')), opts),
    ).rejects.toThrow('outside the local source roots');
    await expect(
      reader.readFile(url(join(root, 'escape', 'secret.txt')), opts),
    ).rejects.toThrow('outside');
    await expect(
      reader.readFile(`${url(root)}/svc/../../outside/secret.txt`, opts),
    ).rejects.toThrow('outside');
    const folder = await reader.readFolder(
      `${url(join(root, 'svc', '.artifacts', 'deployment'))}/`,
      {
        ...opts,
        paths: ['link.json', 'big.md', 'missing.json'],
      },
    );
    expect(folder.kind).toBe('files');
    const files = folder.kind === 'files' ? folder.files : new Map();
    expect(String(files.get('link.json'))).toContain(
      'outside the local source roots',
    );
    expect(String(files.get('big.md'))).toContain('over the 100-byte limit');
    expect(files.has('missing.json')).toBe(false);
  });

  it('treats a missing repository folder as unreadable', async () => {
    const reader = new LocalFolderReader([root]);
    await expect(
      reader.readFile(url(join(root, 'gone', 'form.yaml')), opts),
    ).rejects.toThrow('not found');
  });

  it('resolves relative roots against the working directory given', async () => {
    const reader = new LocalFolderReader([join(base, 'root', '..', 'root')]);
    await expect(
      reader.readFile(url(join(root, 'svc', 'form.yaml')), opts),
    ).resolves.toMatchObject({ kind: 'file' });
  });

  it('sends file URLs to the local reader only when one is configured', async () => {
    const remote = new FakeRepositoryReader();
    remote.files.set('https://git.example.com/a.yaml', 'x');
    const off = new RoutingRepositoryReader({ url: remote });
    await expect(
      off.readFile(url(join(root, 'svc', 'form.yaml')), opts),
    ).rejects.toThrow('local sources are off');
    await expect(
      off.readFile('https://git.example.com/a.yaml', opts),
    ).resolves.toMatchObject({ kind: 'file' });
    const on = new RoutingRepositoryReader({
      url: remote,
      local: new LocalFolderReader([root]),
    });
    await expect(
      on.readFile(url(join(root, 'svc', 'form.yaml')), opts),
    ).resolves.toMatchObject({ kind: 'file' });
  });
});
