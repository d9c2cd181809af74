/**
 * Backstage's GitHub and GitLab event modules for tests. Their package entry
 * points are feature loaders that `import()` the modules, which Jest's CommonJS
 * runtime cannot do; the same module files are loaded here by path instead.
 */
import { BackendFeature } from '@backstage/backend-plugin-api';
import { dirname, join } from 'path';

function moduleFile(pkg: string, file: string): BackendFeature {
  const root = dirname(require.resolve(`${pkg}/package.json`));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(root, 'dist/service', file)).default as BackendFeature;
}

/** The GitHub webhook (signature check) and event router (`github.push`) modules. */
export const githubEventModules = (): BackendFeature[] => [
  moduleFile(
    '@backstage/plugin-events-backend-module-github',
    'eventsModuleGithubWebhook.cjs.js',
  ),
  moduleFile(
    '@backstage/plugin-events-backend-module-github',
    'eventsModuleGithubEventRouter.cjs.js',
  ),
];

/** The GitLab webhook (token check) and event router (`gitlab.push`) modules. */
export const gitlabEventModules = (): BackendFeature[] => [
  moduleFile(
    '@backstage/plugin-events-backend-module-gitlab',
    'eventsModuleGitlabWebhook.cjs.js',
  ),
  moduleFile(
    '@backstage/plugin-events-backend-module-gitlab',
    'eventsModuleGitlabEventRouter.cjs.js',
  ),
];
