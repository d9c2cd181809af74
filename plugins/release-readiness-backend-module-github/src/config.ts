import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  RELEASE_GATE_IDS,
  ReleaseGateId,
} from '@release-readiness/backstage-plugin-release-readiness-common';

/** `releaseReadiness.github.deploymentProtection`, read and checked. */
export interface DeploymentProtectionConfig {
  /** Required gate by lowercase environment name. */
  environments: Map<string, ReleaseGateId>;
  otherEnvironments: 'approve' | 'reject';
}

const KEY = 'releaseReadiness.github.deploymentProtection';

/** Reads the configuration; InputError naming the key of a bad value. */
export function readDeploymentProtectionConfig(
  config: Config,
): DeploymentProtectionConfig {
  const section = config.getOptionalConfig(KEY);
  const environments = new Map<string, ReleaseGateId>();
  const envConfig = section?.getOptionalConfig('environments');
  for (const name of envConfig?.keys() ?? []) {
    const gate = envConfig!.getString(name);
    if (!(RELEASE_GATE_IDS as readonly string[]).includes(gate)) {
      throw new InputError(
        `${KEY}.environments.${name} must be one of ${RELEASE_GATE_IDS.join(', ')}, not "${gate}"`,
      );
    }
    environments.set(name.toLocaleLowerCase('en-US'), gate as ReleaseGateId);
  }
  const other = section?.getOptionalString('otherEnvironments') ?? 'approve';
  if (other !== 'approve' && other !== 'reject') {
    throw new InputError(
      `${KEY}.otherEnvironments must be "approve" or "reject", not "${other}"`,
    );
  }
  return { environments, otherEnvironments: other };
}
