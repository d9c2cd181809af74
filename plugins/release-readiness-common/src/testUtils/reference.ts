import { readFileSync } from 'fs';
import { resolve } from 'path';

/** The shared reference folder that lies beside the repository. */
export const referenceDir = resolve(
  __dirname,
  '../../../../../shared/reference',
);

export function readReference(name: string): string {
  return readFileSync(resolve(referenceDir, name), 'utf8');
}

export const canonicalFormYaml = () =>
  readReference('protocol-input-form-11-deployment.yaml');
