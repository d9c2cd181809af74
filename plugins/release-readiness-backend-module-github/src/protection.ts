/**
 * Decides a `deployment_protection_rule` request: which gate the environment
 * requires, which catalog entity the repository is, whether that gate passed;
 * and words the answer GitHub shows on the run.
 */
import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GateCheckResponse,
  PROTOCOL11_ANNOTATION,
  hasProtocol11,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ReleaseGateChecker } from '@release-readiness/backstage-plugin-release-readiness-node';
import { DeploymentProtectionConfig } from './config';
import { DeploymentProtectionRulePayload } from './payload';

/** The annotation that ties a catalog entity to its GitHub repository (`owner/name`). */
export const GITHUB_PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/** The answer posted to the payload's callback URL. */
export interface ProtectionAnswer {
  state: 'approved' | 'rejected';
  comment: string;
}

/** Blockers listed in a comment; the rest are counted and left to the tab. */
const MAX_LISTED = 5;
/** GitHub shows the comment on the run; kept well short of a page. */
const MAX_COMMENT = 2000;

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function gateComment(environment: string, check: GateCheckResponse): string {
  const entity = check.url
    ? `[${check.entityRef}](${check.url})`
    : check.entityRef;
  const gate = check.gate.name;
  if (check.passed)
    return `Release readiness: environment ${code(environment)} requires ${gate}, which passed for ${entity}.`;
  const lines = [
    `Release readiness: environment ${code(environment)} requires ${gate}, which is ${check.gate.status ?? 'not decided'} for ${entity}.`,
  ];
  if (check.blocking.length === 0) lines.push('', oneLine(check.message));
  else lines.push('', 'Blocked by:');
  for (const b of check.blocking.slice(0, MAX_LISTED)) {
    lines.push(
      `- ${b.gateName}: ${code(b.file)}${b.field ? ` field ${code(b.field)}` : ''} (${b.status}): ${oneLine(b.reason)}`,
    );
  }
  if (check.blocking.length > MAX_LISTED)
    lines.push(`- and ${check.blocking.length - MAX_LISTED} more`);
  if (check.url) lines.push('', `Every criterion: ${check.url}`);
  const text = lines.join('\n');
  return text.length > MAX_COMMENT
    ? `${text.slice(0, MAX_COMMENT - 1)}…`
    : text;
}

export class DeploymentProtection {
  constructor(
    private readonly options: {
      config: DeploymentProtectionConfig;
      catalog: CatalogService;
      auth: AuthService;
      gates: ReleaseGateChecker;
    },
  ) {}

  /** The catalog entities whose `github.com/project-slug` is the repository. */
  private async entitiesOf(fullName: string): Promise<Entity[]> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${GITHUB_PROJECT_SLUG_ANNOTATION}`]: fullName,
        },
      },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    return items;
  }

  /** The answer to one request; never throws for a decision GitHub should hear. */
  async decide(
    payload: DeploymentProtectionRulePayload,
  ): Promise<ProtectionAnswer> {
    const { config, gates } = this.options;
    const environment = payload.environment;
    const repo = payload.repository.full_name;
    const gateId = config.environments.get(
      environment.toLocaleLowerCase('en-US'),
    );
    if (!gateId) {
      const why = `Release readiness: environment ${code(environment)} requires no gate (it is not listed in releaseReadiness.github.deploymentProtection.environments)`;
      return config.otherEnvironments === 'approve'
        ? { state: 'approved', comment: `${why}; approved.` }
        : {
            state: 'rejected',
            comment: `${why}, and environments not listed are rejected (otherEnvironments: reject).`,
          };
    }
    const entities = await this.entitiesOf(repo);
    if (entities.length === 0) {
      return {
        state: 'rejected',
        comment: `Release readiness: no catalog entity has the annotation ${code(`${GITHUB_PROJECT_SLUG_ANNOTATION}: ${repo}`)}, so its gates cannot be checked. Register the repository's entity in Backstage with that annotation.`,
      };
    }
    const withProtocol = entities.filter(hasProtocol11);
    const refs = (list: Entity[]) =>
      list.map(e => stringifyEntityRef(e)).join(', ');
    if (withProtocol.length === 0) {
      return {
        state: 'rejected',
        comment: `Release readiness: ${refs(entities)} (repository ${repo}) does not carry Protocol 11 (no ${code(PROTOCOL11_ANNOTATION)} annotation), so environment ${code(environment)} cannot pass its gate. Generate the Protocol 11 document with the template in Backstage.`,
      };
    }
    if (withProtocol.length > 1) {
      return {
        state: 'rejected',
        comment: `Release readiness: several catalog entities carry Protocol 11 for repository ${repo} (${refs(withProtocol)}), so it is not known whose gate environment ${code(environment)} requires. Keep ${code(PROTOCOL11_ANNOTATION)} on one of them.`,
      };
    }
    const [entity] = withProtocol;
    try {
      const check = await gates.check(getCompoundEntityRef(entity), gateId);
      return {
        state: check.passed ? 'approved' : 'rejected',
        comment: gateComment(environment, check),
      };
    } catch (error) {
      const message = oneLine(
        error instanceof Error ? error.message : String(error),
      );
      return {
        state: 'rejected',
        comment: `Release readiness: the gate of ${stringifyEntityRef(entity)} could not be checked (${message}); re-run the deployment to ask again.`,
      };
    }
  }
}
