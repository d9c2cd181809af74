/**
 * A second backend process for the two-backend test (run with tsx). Reads
 * REPLICA_DB (the database's URL), REPLICA_FOLDER, REPLICA_DEBOUNCE_MS and
 * REPLICA_HOLD_FILE, starts a test backend, prints `READY <port>` and runs
 * until it is killed (SIGTERM stops it cleanly).
 */
import { startTestBackend } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { replicaFeatures } from './replicaFeatures';

async function main() {
  const knex = knexFactory({
    client: 'pg',
    connection: process.env.REPLICA_DB!,
  });
  const backend = await startTestBackend({
    features: replicaFeatures({
      knex,
      folder: process.env.REPLICA_FOLDER!,
      debounceMs: Number(process.env.REPLICA_DEBOUNCE_MS),
      holdFile: process.env.REPLICA_HOLD_FILE,
    }),
  });
  const address = backend.server.address();
  process.stdout.write(
    `READY ${typeof address === 'object' && address ? address.port : 0}\n`,
  );
  process.once('SIGTERM', () => {
    backend
      .stop()
      .then(() => knex.destroy())
      .finally(() => process.exit(0));
  });
}

main().catch(e => {
  process.stderr.write(`replica failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});
