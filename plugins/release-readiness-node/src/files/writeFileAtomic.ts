import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import path from 'path';
import { ForwardedError, InputError, NotAllowedError } from '@backstage/errors';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/** A `@backstage/errors` error that says in words why `filePath` could not be written. */
function writeError(filePath: string, dir: string, error: unknown): Error {
  switch (errorCode(error)) {
    case 'EEXIST':
    case 'ENOTDIR':
      return new InputError(`cannot write ${filePath}: ${dir} is not a folder`);
    case 'EISDIR':
      return new InputError(`cannot write ${filePath}: it is a folder`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new NotAllowedError(`cannot write ${filePath}: permission denied`);
    default:
      return new ForwardedError(`cannot write ${filePath}`, error);
  }
}

/**
 * Writes a file so that it either appears complete or not at all: the content
 * goes to a temporary file in the same folder (created when missing), which is
 * then renamed over the target. On failure the temporary file is removed and
 * an `@backstage/errors` error names the file and the reason.
 *
 * @param filePath - the file to write
 * @param content - its UTF-8 text
 * @public
 */
export async function writeFileAtomic(
  filePath: string,
  content: string,
): Promise<void> {
  const dir = path.dirname(filePath);
  const temp = path.join(
    dir,
    `.${path.basename(filePath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(temp, content, { encoding: 'utf8', flag: 'wx' });
    await fs.rename(temp, filePath);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw writeError(filePath, dir, error);
  }
}
