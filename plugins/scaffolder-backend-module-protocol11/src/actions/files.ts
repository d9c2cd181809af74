import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import { dirname, join } from 'path';

/** A file to write, with its path relative to a base folder. */
export interface PlannedFile {
  path: string;
  content: string;
}

/**
 * Writes every file, or none: each goes to a temporary sibling first, and only
 * when all of them are written are they renamed into place.
 */
export async function writeAllOrNothing(
  base: string,
  files: PlannedFile[],
  resolve: (base: string, path: string) => string,
) {
  const staged: { tmp: string; target: string }[] = [];
  try {
    for (const file of files) {
      const target = resolve(base, file.path);
      await fs.mkdir(dirname(target), { recursive: true });
      const tmp = join(
        dirname(target),
        `.${randomBytes(6).toString('hex')}.tmp`,
      );
      await fs.writeFile(tmp, file.content, 'utf8');
      staged.push({ tmp, target });
    }
    for (const { tmp, target } of staged) await fs.rename(tmp, target);
  } catch (error) {
    await Promise.all(staged.map(({ tmp }) => fs.rm(tmp, { force: true })));
    throw error;
  }
  return staged.map(s => s.target);
}
