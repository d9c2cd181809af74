/**
 * A fake GitHub API on 127.0.0.1 with the endpoints the module uses: the
 * App's installations and installation tokens (the App's JWT checked against
 * its public key), and the deployment protection rule callback of a workflow
 * run (the installation token checked). Records every callback.
 */
import {
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  verify,
} from 'crypto';
import { createServer, IncomingMessage, Server } from 'http';
import { AddressInfo } from 'net';

export interface ReceivedCallback {
  owner: string;
  repo: string;
  runId: string;
  authorization: string | undefined;
  body: { environment_name?: string; state?: string; comment?: string };
}

const INSTALLATION_TOKEN = 'ghs_fakeInstallationToken0123456789';

export class FakeGithub {
  readonly appId = 4242;
  readonly installationId = 77;
  readonly privateKey: string;
  private readonly publicKey: KeyObject;
  readonly callbacks: ReceivedCallback[] = [];
  /** Every request, `METHOD path`, in order. */
  readonly requests: string[] = [];
  private waiters: Array<{
    runId: string;
    resolve: (c: ReceivedCallback) => void;
  }> = [];
  private server?: Server;
  origin = '';

  constructor(private readonly owner: string) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    this.privateKey = privateKey
      .export({ type: 'pkcs1', format: 'pem' })
      .toString();
    this.publicKey = createPublicKey(
      publicKey.export({ type: 'spki', format: 'pem' }),
    );
  }

  /** The callback for this run, once it arrives. */
  callbackFor(runId: string): Promise<ReceivedCallback> {
    const seen = this.callbacks.find(c => c.runId === runId);
    if (seen) return Promise.resolve(seen);
    return new Promise(resolve => this.waiters.push({ runId, resolve }));
  }

  /** Whether the App's JWT (RS256, issuer the App id) verifies with its public key. */
  private appJwtValid(authorization: string | undefined): boolean {
    const match = /^bearer (.+)$/i.exec(authorization ?? '');
    if (!match) return false;
    const [header, payload, signature] = match[1].split('.');
    if (!signature) return false;
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      this.publicKey,
      Buffer.from(signature, 'base64url'),
    );
    const claims = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8'),
    );
    return ok && String(claims.iss) === String(this.appId);
  }

  private async body(req: IncomingMessage): Promise<any> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text ? JSON.parse(text) : undefined;
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      this.requests.push(`${req.method} ${path}`);
      const json = (status: number, data: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(data));
      };
      if (req.method === 'GET' && path === '/app/installations') {
        if (!this.appJwtValid(req.headers.authorization))
          return json(401, { message: 'Bad credentials' });
        return json(200, [
          {
            id: this.installationId,
            account: { login: this.owner },
            suspended_at: null,
            repository_selection: 'all',
          },
        ]);
      }
      if (
        req.method === 'POST' &&
        path === `/app/installations/${this.installationId}/access_tokens`
      ) {
        if (!this.appJwtValid(req.headers.authorization))
          return json(401, { message: 'Bad credentials' });
        return json(201, {
          token: INSTALLATION_TOKEN,
          expires_at: new Date(Date.now() + 3600_000).toISOString(),
          repository_selection: 'all',
        });
      }
      const callback =
        /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/deployment_protection_rule$/.exec(
          path,
        );
      if (req.method === 'POST' && callback) {
        const authorization = req.headers.authorization;
        if (
          !/^(bearer|token) /i.test(authorization ?? '') ||
          !authorization!.endsWith(INSTALLATION_TOKEN)
        ) {
          return json(401, { message: 'Bad credentials' });
        }
        const received: ReceivedCallback = {
          owner: callback[1],
          repo: callback[2],
          runId: callback[3],
          authorization,
          body: await this.body(req),
        };
        this.callbacks.push(received);
        this.waiters
          .filter(w => w.runId === received.runId)
          .forEach(w => w.resolve(received));
        this.waiters = this.waiters.filter(w => w.runId !== received.runId);
        res.writeHead(204);
        return res.end();
      }
      return json(404, { message: 'Not Found' });
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const closed = new Promise(resolve => this.server?.close(resolve));
    this.server?.closeAllConnections(); // the clients' keep-alive connections
    await closed;
  }

  static readonly installationToken = INSTALLATION_TOKEN;
}
