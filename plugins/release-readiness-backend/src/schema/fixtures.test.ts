/**
 * The frontend's recorded responses (plugins/release-readiness/src/fixtures)
 * are checked against this backend's OpenAPI spec, so the fixtures the UI is
 * tested with cannot drift from what the routes answer.
 */
import { ComplianceListResponse } from '@release-readiness/backstage-plugin-release-readiness-common';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { csvDocument } from '../service/csv';
import { spec } from './openapi';

const FIXTURES = join(__dirname, '../../../release-readiness/src/fixtures');

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ components: spec.components }, 'spec');

/** The response schema of each JSON fixture, by file name. */
const SCHEMAS: Record<string, string> = {
  'compliance-page.json': 'ComplianceListResponse',
  'compliance-summary.json': 'ComplianceSummaryResponse',
  'entity-history.json': 'EntityHistoryResponse',
};
const schemaOf = (file: string) =>
  SCHEMAS[file] ??
  (file.startsWith('entity-') ? 'EntityReadinessResponse' : undefined);

const json = (file: string) =>
  JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));

describe('frontend fixtures against the OpenAPI spec', () => {
  const files = readdirSync(FIXTURES).filter(f => f.endsWith('.json'));

  it('knows a schema for every JSON fixture', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter(f => !schemaOf(f))).toEqual([]);
  });

  it.each(files)('%s matches its schema', file => {
    const check = ajv.getSchema(`spec#/components/schemas/${schemaOf(file)}`)!;
    const ok = check(json(file));
    expect(ok ? [] : check.errors).toEqual([]);
  });

  it('compliance-export.csv is what the backend writes for the first two page rows', () => {
    const page = json('compliance-page.json') as ComplianceListResponse;
    expect(readFileSync(join(FIXTURES, 'compliance-export.csv'), 'utf8')).toBe(
      csvDocument(page.items.slice(0, 2)),
    );
  });
});
