import { InputError } from '@backstage/errors';
import {
  formatFormIssue,
  parseProtocol11Form,
  Protocol11Form,
  Protocol11FormResult,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { readTextFile } from './readTextFile';

/**
 * Reads a Protocol 11 form file and checks it, without throwing on form
 * content: the result lists every problem by field path (and YAML syntax
 * errors by line and column). Throws only when the file cannot be read (see
 * {@link readTextFile}).
 *
 * @param filePath - path of the YAML form file
 * @public
 */
export async function loadProtocol11FormFile(
  filePath: string,
): Promise<Protocol11FormResult> {
  return parseProtocol11Form(await readTextFile(filePath, 'form file'));
}

/**
 * Reads a Protocol 11 form file and returns the complete, checked form.
 *
 * Throws an `InputError` whose message lists every problem of the form, one
 * per line as `path: message`, when the form is invalid; a `NotFoundError`,
 * `InputError` or `ForwardedError` when the file cannot be read.
 *
 * @param filePath - path of the YAML form file
 * @public
 */
export async function readProtocol11FormFile(
  filePath: string,
): Promise<Protocol11Form> {
  const result = await loadProtocol11FormFile(filePath);
  if (result.ok) return result.form;
  throw new InputError(
    `${filePath} is not a valid Protocol 11 form:\n${result.issues
      .map(issue => `- ${formatFormIssue(issue)}`)
      .join('\n')}`,
  );
}
