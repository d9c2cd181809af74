/**
 * The `deployment_protection_rule` webhook payload, as GitHub documents it
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#deployment_protection_rule):
 * only the fields the module reads.
 */
import { InputError } from '@backstage/errors';

/** The parts of a `deployment_protection_rule` event the module reads. @public */
export interface DeploymentProtectionRulePayload {
  /** Always `requested`. */
  action: string;
  /** The environment's name, such as `production`. */
  environment: string;
  /** What triggered the deployment, such as `push` or `workflow_dispatch`. */
  event?: string;
  /** The commit being deployed. */
  sha?: string;
  /** `POST` target for the answer: `{api}/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule`. */
  deployment_callback_url: string;
  repository: {
    /** `owner/name`. */
    full_name: string;
    /** The repository's page, such as `https://github.com/acme/checkout-web`; picks the GitHub integration. */
    html_url: string;
  };
  installation?: { id: number };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The payload, checked; InputError naming the first missing or mistyped field. */
export function parseDeploymentProtectionRulePayload(
  payload: unknown,
): DeploymentProtectionRulePayload {
  if (!isObject(payload))
    throw new InputError(
      'deployment_protection_rule payload must be a JSON object',
    );
  const text = (field: string, value: unknown) => {
    if (typeof value !== 'string' || !value)
      throw new InputError(
        `deployment_protection_rule payload: ${field} must be a non-empty string`,
      );
    return value;
  };
  text('action', payload.action);
  text('environment', payload.environment);
  text('deployment_callback_url', payload.deployment_callback_url);
  if (!isObject(payload.repository))
    throw new InputError(
      'deployment_protection_rule payload: repository must be an object',
    );
  text('repository.full_name', payload.repository.full_name);
  text('repository.html_url', payload.repository.html_url);
  return payload as unknown as DeploymentProtectionRulePayload;
}
