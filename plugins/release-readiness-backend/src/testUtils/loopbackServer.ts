import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';

/** An HTTP server of a test's fake on 127.0.0.1 (a free port); see {@link startLoopbackServer}. */
export interface LoopbackServer {
  /** `127.0.0.1:<port>`. */
  host: string;
  /** Closes open connections and the server. */
  stop(): Promise<void>;
}

/**
 * Serves `handle` on a free port of 127.0.0.1. A handler that throws answers
 * 500 with the error, so a fake's own mistake shows in the test's failure
 * rather than as a hung request.
 */
export async function startLoopbackServer(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<LoopbackServer> {
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(e => {
      res.statusCode = 500;
      res.end(String(e));
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
