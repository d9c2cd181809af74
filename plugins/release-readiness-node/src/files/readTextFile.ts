import { promises as fs } from 'fs';
import { ForwardedError, InputError, NotFoundError } from '@backstage/errors';
import { decodeText } from '@release-readiness/backstage-plugin-release-readiness-common';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/**
 * Reads a UTF-8 text file by the engine's shared decoding rule
 * (`decodeText`: a leading byte order mark is dropped; invalid UTF-8 and
 * binary content are an `InputError`), turning file system failures into
 * `@backstage/errors` errors whose message names the file and says why in
 * words: `NotFoundError` when it does not exist, `InputError` when the path is
 * a directory, `ForwardedError` for anything else (permissions, I/O).
 *
 * @param filePath - the file to read
 * @param what - what the file is, for messages ("form file", "document")
 * @public
 */
export async function readTextFile(
  filePath: string,
  what = 'file',
): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(filePath);
  } catch (error) {
    switch (errorCode(error)) {
      case 'ENOENT':
        throw new NotFoundError(
          `cannot read ${what} ${filePath}: no such file`,
        );
      case 'EISDIR':
        throw new InputError(
          `cannot read ${what} ${filePath}: it is a directory`,
        );
      case 'EACCES':
      case 'EPERM':
        throw new ForwardedError(
          `cannot read ${what} ${filePath}: permission denied`,
          error,
        );
      default:
        throw new ForwardedError(`cannot read ${what} ${filePath}`, error);
    }
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok)
    throw new InputError(`cannot read ${what} ${filePath}: ${decoded.reason}`);
  return decoded.text;
}
