/** The part of git-url-parse (no bundled types) this plugin uses. */
declare module 'git-url-parse' {
  interface GitUrl {
    /** Host name, such as `github.com`. */
    resource: string;
    /** `owner/repository`, or `group/subgroup/project` on GitLab. */
    full_name: string;
    /** The ref of a `tree`/`blob` URL; empty when the URL has none. */
    ref: string;
    /** The path after the ref, without a leading slash. */
    filepath: string;
  }
  function parseGitUrl(url: string): GitUrl;
  export default parseGitUrl;
}
