import { NotAllowedError } from '@backstage/errors';
import type { EvidenceSource } from '@release-readiness/backstage-plugin-release-readiness-common';
import { promises as fs } from 'fs';
import { isAbsolute, relative, resolve, sep } from 'path';

/** True when `child` is `root` or lies below it. */
function isBelow(root: string, child: string): boolean {
  const rel = relative(root, child);
  return (
    rel === '' ||
    (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`))
  );
}

/**
 * Evidence read from a repository checked out on disk. Paths are repository
 * paths (`.artifacts/deployment/release-approvals.json`); nothing outside
 * `root` is read, not even through a symbolic link. Files larger than
 * `maxBytes` are not read whole: the engine reports them as too large.
 * @public
 */
export function evidenceFromDirectory(
  root: string,
  maxBytes = 1024 * 1024,
): EvidenceSource {
  const base = resolve(root);
  return {
    async read(path: string) {
      const target = resolve(base, path);
      if (!isBelow(base, target))
        throw new NotAllowedError(`${path} is outside ${root}`);
      let real: string;
      try {
        real = await fs.realpath(target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          return undefined;
        throw error;
      }
      if (!isBelow(await fs.realpath(base), real))
        throw new NotAllowedError(`${path} leads outside ${root}`);
      const handle = await fs.open(real, 'r');
      try {
        const { size } = await handle.stat();
        // Read one byte past the limit so the engine can tell the file is too large.
        const length = Math.min(size, maxBytes + 1);
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, 0);
        return {
          path,
          content: new Uint8Array(
            buffer.buffer,
            buffer.byteOffset,
            buffer.byteLength,
          ),
        };
      } finally {
        await handle.close();
      }
    },
  };
}
