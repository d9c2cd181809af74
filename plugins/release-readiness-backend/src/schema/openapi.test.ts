/**
 * The generated router's spec is openapi.yaml, and the constants and engine
 * types that stand beside the spec-derived API types agree with the spec.
 * (`npm run openapi:check`, part of `npm run lint`, also compares the common
 * package's generated types with the spec.)
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  COMPLIANCE_SORT_FIELDS,
  COMPLIANCE_STATUSES,
  CriterionStatus,
  GateStatus,
  ReleaseGateId,
  RELEASE_GATE_IDS,
  ReleaseReadiness,
  ReleaseReadinessApiComponents,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { spec } from './openapi';

type Schemas = ReleaseReadinessApiComponents['schemas'];
/** True only when A and B are the same type. */
type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
const same = <A, B>(check: Same<A, B>) => check;

describe('the OpenAPI contract', () => {
  it('generated/router.ts holds openapi.yaml as it is (npm run openapi:generate)', () => {
    const yaml = parse(
      readFileSync(
        resolvePackagePath(
          '@release-readiness/backstage-plugin-release-readiness-backend',
          'src/schema/openapi.yaml',
        ),
        'utf8',
      ),
    );
    expect(spec).toEqual(yaml);
  });

  it('the status, sort and gate constants are the enums of the spec', () => {
    const { schemas, parameters } = spec.components;
    expect([...COMPLIANCE_STATUSES].sort()).toEqual(
      [...schemas.ComplianceStatus.enum].sort(),
    );
    expect([...COMPLIANCE_SORT_FIELDS].sort()).toEqual(
      [...parameters.sort.schema.enum].sort(),
    );
    expect([...RELEASE_GATE_IDS]).toEqual([...schemas.ReleaseGateId.enum]);
  });

  it('the gate engine speaks the spec: its status and gate types are the same', () => {
    expect(same<GateStatus, Schemas['GateStatus']>(true)).toBe(true);
    expect(same<CriterionStatus, Schemas['CriterionStatus']>(true)).toBe(true);
    expect(same<ReleaseGateId, Schemas['ReleaseGateId']>(true)).toBe(true);
    // An engine result is a spec result and back (the router's handlers are typed by the spec).
    const fromEngine = (r: ReleaseReadiness): Schemas['ReleaseReadiness'] => r;
    const toEngine = (r: Schemas['ReleaseReadiness']): ReleaseReadiness => r;
    expect(typeof fromEngine && typeof toEngine).toBe('function');
  });
});
