/**
 * Open cards and tabs learn of a new result through Backstage's signals
 * backend, a WebSocket at `/api/signals`. Its 0.3.x router attaches its
 * handler to the HTTP server's `upgrade` event only when an upgrade request
 * reaches the router as an ordinary request (Node emits it as one while the
 * server has no `upgrade` listener), and answers that request without
 * upgrading it. So after each backend start, the first browser's signals
 * connection failed; the app's signal client tries again 5 s later, and a
 * result published in between never reached its card (the same pattern as
 * backstage/backstage#19813 in the Kubernetes proxy). At start-up this sends
 * one such request to this backend's own signals route, so the first real
 * connection is upgraded.
 */
import { DiscoveryService, LoggerService } from '@backstage/backend-plugin-api';
import { request } from 'http';
import { request as requestTls } from 'https';

const ATTEMPT_TIMEOUT_MS = 500;

/**
 * One upgrade request without a valid handshake (no connection is opened):
 * `answered` when the server answered it (once hooked, the signals backend
 * refuses it with 400), `silent` when it took the request and did not answer
 * in time (what signals 0.3.19 does with the request that hooks it),
 * `refused` when it could not be sent (the server does not listen yet).
 */
function upgradeRequest(url: URL): Promise<'answered' | 'silent' | 'refused'> {
  return new Promise(resolve => {
    const send = url.protocol === 'https:' ? requestTls : request;
    const req = send(url, {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket' },
      timeout: ATTEMPT_TIMEOUT_MS,
    });
    const done = (outcome: 'answered' | 'silent' | 'refused') => {
      req.destroy();
      resolve(outcome);
    };
    req.once('response', res => {
      res.resume();
      done('answered');
    });
    req.once('upgrade', (_res, socket) => {
      socket.destroy();
      done('answered');
    });
    req.once('timeout', () => done('silent'));
    req.once('error', () => done('refused'));
    req.end();
  });
}

/**
 * Sends upgrade requests to this backend's signals route until one is
 * answered, so the route has hooked the server: after a `silent` one at once,
 * after a refused one in `retryMs` (default 200); at most `attempts` (default
 * 4: the server listens before plugins start, so a refused request means the
 * signals URL is not this server). Never rejects; logs a warning when no
 * request was answered.
 */
export async function primeSignalsUpgrade(options: {
  discovery: DiscoveryService;
  logger: LoggerService;
  attempts?: number;
  retryMs?: number;
}): Promise<void> {
  const { discovery, logger, attempts = 4, retryMs = 200 } = options;
  try {
    const url = new URL(await discovery.getBaseUrl('signals'));
    for (let i = 0; i < attempts; i++) {
      const outcome = await upgradeRequest(url);
      if (outcome === 'answered') return;
      if (outcome === 'refused') await new Promise(r => setTimeout(r, retryMs));
    }
    logger.warn(
      `Release readiness: ${url} did not answer at start-up; the first live-update connection may fail and be retried by the app`,
    );
  } catch (e) {
    logger.warn(
      `Release readiness: start-up request to the signals backend failed: ${e}`,
    );
  }
}
