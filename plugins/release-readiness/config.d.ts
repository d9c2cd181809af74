export interface Config {
  /** Settings of the release-readiness frontend plugin. */
  releaseReadiness?: {
    /**
     * Target of the "hand off to Protocol 12 (Monitoring & Observability)"
     * link that the readiness card shows once every gate has passed: an
     * absolute URL (opens in a new tab) or an app path, as a template in which
     * `{entityRef}`, `{kind}`, `{namespace}` and `{name}` are replaced by the
     * entity's values (URL-encoded; kind and namespace lower-cased like
     * catalog routes). An entity page route such as
     * `/catalog/{namespace}/{kind}/{name}/monitoring` points at a tab of your
     * own Protocol 12 plugin.
     *
     * Default: `/catalog/{namespace}/{kind}/{name}/release-readiness#protocol-12`,
     * the handoff section of the entity's own release-readiness tab (what is
     * handed to Protocol 12 and why), a page every app with this plugin has.
     *
     * @example "https://grafana.example.com/d/releases?var-service={name}"
     * @visibility frontend
     */
    protocol12Url?: string;
  };
}
