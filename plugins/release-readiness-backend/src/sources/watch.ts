/**
 * Which repository paths an entity's readiness depends on, and whether a push
 * (or a change on disk) touched them: the protocol document, the form and the
 * evidence folder.
 */
import parseGitUrl from 'git-url-parse';
import { fileURLToPath } from 'url';
import { sep } from 'path';
import { ProtocolLocation } from './location';

/** Where an entity's protocol lives, as stored with the entity. */
export interface EntitySource {
  /**
   * `host/owner/repository`, lowercase (`github.com/acme/payments`,
   * `gitlab.com/group/sub/project`), or `local` for a `file:` source.
   */
  repo: string;
  /**
   * The branch of the source location as written in its URL (empty: the
   * repository's default branch); for a local source, the absolute folder of
   * the repository root, ending with the path separator.
   */
  ref: string;
  /**
   * Paths relative to the repository root (for Git hosts: after the ref);
   * a path ending with `/` stands for everything below it.
   */
  paths: string[];
}

/** The local source of a `file:` location; undefined for other URLs. */
function localSource(location: ProtocolLocation): EntitySource | undefined {
  if (!location.repositoryUrl.startsWith('file:')) return undefined;
  let root = fileURLToPath(location.repositoryUrl);
  if (!root.endsWith(sep)) root += sep;
  const paths = [
    location.documentUrl,
    location.formUrl,
    location.evidenceFolderUrl,
  ]
    .filter(url => url.startsWith('file:'))
    .map(url => {
      const path = fileURLToPath(url);
      const relative = path.startsWith(root)
        ? path.slice(root.length).split(sep).join('/')
        : undefined;
      if (relative === undefined) return undefined;
      return url.endsWith('/') && !relative.endsWith('/')
        ? `${relative}/`
        : relative;
    })
    .filter((p): p is string => p !== undefined);
  return { repo: 'local', ref: root, paths };
}

function parsed(url: string) {
  try {
    const p = parseGitUrl(url);
    if (!p.resource || !p.full_name) return undefined;
    return {
      repo: `${p.resource}/${p.full_name}`.toLocaleLowerCase('en-US'),
      ref: p.ref ?? '',
      path: p.filepath ?? '',
    };
  } catch {
    return undefined;
  }
}

/**
 * The source of an entity's protocol location: the repository of its evidence
 * folder, and the paths in it (document, form, evidence folder) whose change
 * calls for a new evaluation. Undefined when the URL names no repository.
 */
export function entitySourceOf(
  location: ProtocolLocation,
): EntitySource | undefined {
  const local = localSource(location);
  if (local) return local;
  const evidence = parsed(location.evidenceFolderUrl);
  if (!evidence) return undefined;
  const paths: string[] = [];
  for (const [url, folder] of [
    [location.documentUrl, false],
    [location.formUrl, false],
    [location.evidenceFolderUrl, true],
  ] as const) {
    const p = parsed(url);
    if (!p || p.repo !== evidence.repo || p.ref !== evidence.ref) continue;
    const path = p.path.replace(/^\/+/, '');
    paths.push(folder && !path.endsWith('/') ? `${path}/` : path);
  }
  return { repo: evidence.repo, ref: evidence.ref, paths };
}

/** What a push changed, as the SCM's event says. */
export interface PushChange {
  /** `host/owner/repository`, lowercase. */
  repo: string;
  /** The pushed branch (`main`, not `refs/heads/main`). */
  branch: string;
  /** The repository's default branch, when the event names it. */
  defaultBranch?: string;
  /**
   * Paths the push added, modified or removed; undefined when the event does
   * not list them all (then every entity of the branch is re-evaluated).
   */
  paths?: string[];
}

const touches = (watched: string[], path: string) =>
  watched.some(w => (w.endsWith('/') ? path.startsWith(w) : path === w));

/**
 * Whether a push touched what an entity's readiness depends on. The source's
 * ref and path are matched together, so a branch containing `/` works however
 * the source URL was split.
 */
export function pushTouches(source: EntitySource, change: PushChange): boolean {
  if (source.repo !== change.repo) return false;
  const ref = source.ref || change.defaultBranch;
  if (!ref) return false;
  const full = source.paths.map(p => `${ref}/${p}`);
  const prefix = `${change.branch}/`;
  const inBranch = full
    .filter(p => p.startsWith(prefix))
    .map(p => p.slice(prefix.length));
  if (!inBranch.length) return false;
  if (!change.paths) return true;
  return change.paths.some(path => touches(inBranch, path));
}

/** Whether a changed file on disk (absolute path) belongs to a local source's watched paths. */
export function fileTouches(
  source: EntitySource,
  absolutePath: string,
): boolean {
  if (source.repo !== 'local' || !absolutePath.startsWith(source.ref))
    return false;
  return touches(
    source.paths,
    absolutePath.slice(source.ref.length).split(sep).join('/'),
  );
}
