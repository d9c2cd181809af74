import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { readFileSync } from 'fs';
import { parse } from 'yaml';

/** An OpenAPI document as the validated router takes it. */
export type OpenApiDocument = Parameters<
  typeof createValidatedOpenApiRouter
>[0];

/** The OpenAPI spec, `src/schema/openapi.yaml`, parsed. */
export function loadOpenApiSpec(): OpenApiDocument {
  const file = resolvePackagePath(
    '@release-readiness/backstage-plugin-release-readiness-backend',
    'src/schema/openapi.yaml',
  );
  return parse(readFileSync(file, 'utf8'));
}
