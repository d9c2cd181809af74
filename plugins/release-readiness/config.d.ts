export interface Config {
  /** Settings of the release-readiness frontend plugin. */
  releaseReadiness?: {
    /**
     * Target of the "hand off to Protocol 12 (Monitoring & Observability)"
     * link that the readiness card shows once every gate has passed. A URL
     * or app path template; `{entityRef}`, `{kind}`, `{namespace}` and
     * `{name}` are replaced by the entity's values (URL-encoded, kind and
     * namespace lower-cased).
     *
     * Default: `/catalog/{namespace}/{kind}/{name}/monitoring` (the entity's
     * monitoring tab).
     *
     * @example "https://grafana.example.com/d/releases?var-service={name}"
     * @visibility frontend
     */
    protocol12Url?: string;
  };
}
