/** Minimal auth and httpAuth for the benchmark: everyone is a user; the plugin is a service. */
import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';

const service: BackstageCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'service', subject: 'plugin:release-readiness' },
};

export const mockCredentialsFree = {
  async getOwnServiceCredentials() {
    return service;
  },
} as unknown as AuthService;

export const benchHttpAuth = {
  async credentials(req: { headers: Record<string, unknown> }) {
    if (!req.headers.authorization) {
      const error = new Error('Missing credentials');
      error.name = 'AuthenticationError';
      throw error;
    }
    return {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef: 'user:default/bench' },
    } as BackstageCredentials;
  },
} as unknown as HttpAuthService;
