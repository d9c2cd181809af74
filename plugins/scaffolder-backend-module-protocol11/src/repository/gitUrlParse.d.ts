/** The parts of `git-url-parse` (the parser Backstage's integrations use) read here. */
declare module 'git-url-parse' {
  interface GitUrl {
    resource: string;
    owner: string;
    name: string;
    ref: string;
    filepath: string;
    full_name: string;
  }
  function gitUrlParse(url: string): GitUrl;
  export = gitUrlParse;
}
