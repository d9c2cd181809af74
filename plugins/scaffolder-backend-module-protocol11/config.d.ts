export interface Config {
  /** Protocol 11 scaffolder actions. */
  protocol11?: {
    /**
     * Local delivery (`protocol11:deliver:local`), for portals whose services live in
     * local folders. Off unless roots are given.
     */
    localDelivery?: {
      /**
       * Folders that delivery targets must lie below. Relative paths are resolved
       * against the backend's working directory.
       */
      roots?: string[];
    };
  };
}
