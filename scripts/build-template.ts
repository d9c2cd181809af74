/* Writes templates/protocol-11-release-management/template.yaml from its builder. */
import { writeFileSync } from 'fs';
import { resolve } from 'path';
import { protocol11TemplateYaml } from '../plugins/scaffolder-backend-module-protocol11/src/template/buildTemplate';

const target = resolve(
  __dirname,
  '../templates/protocol-11-release-management/template.yaml',
);
writeFileSync(target, protocol11TemplateYaml());
process.stdout.write(`wrote ${target}\n`);
