/**
 * The sample services (examples/services), copied to a temporary folder so
 * tests can change their evidence, as catalog entities registered from files.
 */
import { Entity } from '@backstage/catalog-model';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { parse } from 'yaml';

export const SAMPLE_SERVICES_DIR = resolve(
  __dirname,
  '../../../../examples/services',
);

export interface SampleWorkspace {
  root: string;
  entities: Entity[];
  dir(service: string): string;
  cleanup(): void;
}

/** Copies the sample services to a temporary root and returns their entities. */
export function sampleWorkspace(): SampleWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'rr-samples-'));
  cpSync(SAMPLE_SERVICES_DIR, root, { recursive: true });
  const entities = readdirSync(root)
    .sort()
    .map(service => {
      const file = join(root, service, 'catalog-info.yaml');
      const entity = parse(readFileSync(file, 'utf8')) as Entity;
      entity.metadata.namespace = 'default';
      entity.metadata.annotations = {
        ...entity.metadata.annotations,
        'backstage.io/managed-by-location': `file:${file}`,
      };
      return entity;
    });
  return {
    root,
    entities,
    dir: service => join(root, service),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
