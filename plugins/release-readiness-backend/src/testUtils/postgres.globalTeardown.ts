/* Jest global teardown: stops the PostgreSQL server the global setup started, if any. */
export default async function globalTeardown(): Promise<void> {
  const started = globalThis.releaseReadinessTestPostgres;
  globalThis.releaseReadinessTestPostgres = undefined;
  await started?.stop();
}
