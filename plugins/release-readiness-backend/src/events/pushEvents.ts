/**
 * Push events from Backstage's events system: the SCM event modules
 * (`@backstage/plugin-events-backend-module-github`, `-gitlab`,
 * `-bitbucket-cloud`) check the webhook's signature or token at
 * `/api/events/http/<scm>` and publish it under a sub-topic (`github.push`,
 * `gitlab.push`, `bitbucketCloud.repo:push`). This turns such an event into the
 * entities whose document, form or evidence folder it touched, and records a
 * refresh request for each.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { PushChange, pushTouches } from '../sources/watch';
import { ReadinessStore } from '../store/ReadinessStore';

/** The topics this plugin listens to. */
export const PUSH_TOPICS = [
  'github.push',
  'gitlab.push',
  'bitbucketCloud.repo:push',
] as const;

/** A GitHub push webhook lists at most 2048 commits; GitLab's at most 20 (with `total_commits_count`). */
const GITHUB_COMMITS_MAX = 2048;
const GITLAB_COMMITS_MAX = 20;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

/** `https://github.com/acme/payments` → `github.com/acme/payments` */
function repoOf(webUrl: string | undefined): string | undefined {
  if (!webUrl) return undefined;
  try {
    const url = new URL(webUrl);
    const path = url.pathname.replace(/\.git$/, '').replace(/^\/+|\/+$/g, '');
    return path ? `${url.host}/${path}`.toLocaleLowerCase('en-US') : undefined;
  } catch {
    return undefined;
  }
}

const branchOf = (ref: string | undefined) =>
  ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;

/** The paths of the listed commits, or undefined when the list may be incomplete. */
function commitPaths(
  commits: unknown,
  complete: boolean,
): string[] | undefined {
  if (!Array.isArray(commits) || !complete) return undefined;
  const paths = new Set<string>();
  for (const commit of commits) {
    for (const key of ['added', 'modified', 'removed']) {
      const list = obj(commit)?.[key];
      if (!Array.isArray(list)) return undefined;
      for (const path of list) if (typeof path === 'string') paths.add(path);
    }
  }
  return [...paths];
}

/**
 * GitHub `push` webhook payload (docs.github.com, "Webhook events and payloads",
 * push): `ref`, `repository.html_url`, `repository.default_branch`,
 * `commits[].added|modified|removed` (at most 2048 commits listed).
 */
export function githubPush(payload: unknown): PushChange | undefined {
  const p = obj(payload);
  const repository = obj(p?.repository);
  const repo = repoOf(str(repository?.html_url));
  const branch = branchOf(str(p?.ref));
  if (!repo || !branch || p?.deleted === true) return undefined;
  const commits = Array.isArray(p?.commits) ? p.commits : [];
  return {
    repo,
    branch,
    defaultBranch: str(repository?.default_branch),
    // A forced push or one past the listed commits may touch more than listed.
    paths: commitPaths(
      commits,
      commits.length < GITHUB_COMMITS_MAX && p?.forced !== true,
    ),
  };
}

/**
 * GitLab push hook payload (docs.gitlab.com, "Webhook events", push events):
 * `object_kind: push`, `ref`, `project.web_url`, `project.default_branch`,
 * `total_commits_count`, `commits[].added|modified|removed` (at most 20).
 */
export function gitlabPush(payload: unknown): PushChange | undefined {
  const p = obj(payload);
  const project = obj(p?.project);
  const repo = repoOf(
    str(project?.web_url) ?? str(obj(p?.repository)?.homepage),
  );
  const branch = branchOf(str(p?.ref));
  if (!repo || !branch || /^0+$/.test(str(p?.after) ?? '')) return undefined;
  const commits = Array.isArray(p?.commits) ? p.commits : [];
  const total =
    typeof p?.total_commits_count === 'number'
      ? p.total_commits_count
      : commits.length;
  return {
    repo,
    branch,
    defaultBranch: str(project?.default_branch),
    paths: commitPaths(
      commits,
      total <= commits.length && commits.length <= GITLAB_COMMITS_MAX,
    ),
  };
}

/**
 * Bitbucket Cloud `repo:push` payload: `repository.links.html.href` and
 * `push.changes[].new.name`; it lists no files, so every entity of a pushed
 * branch is re-evaluated.
 */
export function bitbucketCloudPushes(payload: unknown): PushChange[] {
  const p = obj(payload);
  const repo = repoOf(str(obj(obj(obj(p?.repository)?.links)?.html)?.href));
  const changes = obj(p?.push)?.changes;
  if (!repo || !Array.isArray(changes)) return [];
  return changes.flatMap(change => {
    const next = obj(obj(change)?.new);
    const branch = next?.type === 'branch' ? str(next.name) : undefined;
    return branch ? [{ repo, branch }] : [];
  });
}

/** The pushes an event stands for. */
export function pushesOf(event: EventParams): PushChange[] {
  const one = (change: PushChange | undefined) => (change ? [change] : []);
  switch (event.topic) {
    case 'github.push':
      return one(githubPush(event.eventPayload));
    case 'gitlab.push':
      return one(gitlabPush(event.eventPayload));
    case 'bitbucketCloud.repo:push':
      return bitbucketCloudPushes(event.eventPayload);
    default:
      return [];
  }
}

/** The stored entities a push touched. */
export async function entitiesTouched(
  store: ReadinessStore,
  change: PushChange,
): Promise<string[]> {
  const candidates = await store.entitiesOfSource(change.repo);
  return candidates
    .filter(c => pushTouches(c.source, change))
    .map(c => c.entityRef);
}

/**
 * Subscribes to push events; each touched entity gets a refresh request.
 * Subscriber id `release-readiness.push`: with the events backend's bus, each
 * event reaches one replica.
 */
export async function subscribeToPushEvents(options: {
  events: EventsService;
  store: ReadinessStore;
  logger: LoggerService;
  request: (entityRefs: string[]) => Promise<number>;
}): Promise<void> {
  const { events, store, logger, request } = options;
  await events.subscribe({
    id: 'push',
    topics: [...PUSH_TOPICS],
    onEvent: async event => {
      for (const change of pushesOf(event)) {
        const refs = await entitiesTouched(store, change);
        if (refs.length) {
          await request(refs);
          logger.info(
            `Release readiness: push to ${change.repo}@${change.branch} touched ${refs.length} entities`,
          );
        }
      }
    },
  });
}
