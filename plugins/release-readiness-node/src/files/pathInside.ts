import { promises as fs } from 'fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'path';

/**
 * Whether `path` is `root` itself or lies below it, compared lexically after
 * resolving both against the working directory (`/srv/a` is not inside `/srv/ab`).
 * Symbolic links are not followed; use {@link realPathInsideRoots} for that.
 * @public
 */
export function isPathInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return (
    rel === '' ||
    (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
  );
}

const code = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
async function realPathOf(path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch (e) {
    if (code(e) !== 'ENOENT' && code(e) !== 'ENOTDIR') throw e;
    const parent = dirname(path);
    if (parent === path) return path;
    return resolve(await realPathOf(parent), relative(parent, path));
  }
}

/**
 * The real path of `path` when it lies inside one of `roots` (after resolving
 * symbolic links of both, so a link cannot lead outside a root; a path that
 * does not exist yet is judged by its nearest existing ancestor), otherwise
 * undefined. Roots that do not exist are skipped.
 * @public
 */
export async function realPathInsideRoots(
  roots: string[],
  path: string,
): Promise<string | undefined> {
  const real = await realPathOf(resolve(path));
  for (const root of roots) {
    const realRoot = await fs.realpath(resolve(root)).catch(() => undefined);
    if (realRoot && isPathInside(realRoot, real)) return real;
  }
  return undefined;
}
