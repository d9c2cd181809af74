/** Posts the answer to GitHub as the GitHub App of Backstage's GitHub integration. */
import { Config } from '@backstage/config';
import { InputError, ResponseError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { ProtectionAnswer } from './protection';
import { DeploymentProtectionRulePayload } from './payload';

export class GithubCallback {
  private readonly integrations: ScmIntegrations;
  private readonly credentials: GithubCredentialsProvider;

  constructor(config: Config) {
    this.integrations = ScmIntegrations.fromConfig(config);
    this.credentials = DefaultGithubCredentialsProvider.fromIntegrations(
      this.integrations,
    );
  }

  /**
   * Reviews the run's deployment (`POST {deployment_callback_url}` with
   * `environment_name`, `state`, `comment`) with an installation token of the
   * App. The callback must be on the API of the integration the repository
   * belongs to: the token is never sent anywhere else (InputError).
   */
  async answer(
    payload: DeploymentProtectionRulePayload,
    answer: ProtectionAnswer,
  ): Promise<void> {
    const repositoryUrl = payload.repository.html_url;
    const integration = this.integrations.github.byUrl(repositoryUrl);
    if (!integration)
      throw new InputError(
        `No GitHub integration is configured for ${repositoryUrl} (integrations.github)`,
      );
    const api = integration.config.apiBaseUrl!.replace(/\/+$/, '');
    const callback = new URL(payload.deployment_callback_url);
    if (!`${callback.origin}${callback.pathname}`.startsWith(`${api}/`)) {
      throw new InputError(
        `deployment_callback_url ${payload.deployment_callback_url} is not on the integration's API ${api}; not answered`,
      );
    }
    const { token } = await this.credentials.getCredentials({
      url: repositoryUrl,
    });
    if (!token)
      throw new InputError(
        `The GitHub integration for ${repositoryUrl} gave no token (integrations.github[].apps)`,
      );
    const response = await fetch(callback, {
      method: 'POST',
      headers: {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'X-GitHub-Api-Version': '2022-11-28',
      },
      body: JSON.stringify({
        environment_name: payload.environment,
        state: answer.state,
        comment: answer.comment,
      }),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
  }
}
