/**
 * The HTTP load of the backend bench, in its own process (forked by
 * `loadGenerator` in ./http.ts), so that the clients' CPU does not run on the
 * server's event loop: autocannon with `connections` keep-alive connections,
 * one request at a time each, for `seconds`, connection c cycling through
 * `paths` from the (c mod n)-th. Replies with every response's latency (ms),
 * the errors (socket errors, timeouts and non-2xx statuses) and the CPU this
 * process used.
 */
import autocannon from 'autocannon';

/** A window of load, as the parent sends it. */
export interface LoadRequest {
  url: string;
  paths: string[];
  connections: number;
  seconds: number;
  headers: Record<string, string>;
}

/** What the load process measured in one window. */
export interface LoadReply {
  latencies: number[];
  errors: number;
  /** CPU of this process (the load generator) during the window, ms. */
  cpuMs: number;
}

function run(request: LoadRequest): Promise<LoadReply> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const requests = request.paths.map(path => ({
    method: 'GET' as const,
    path,
  }));
  const cpuBefore = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: request.url,
        connections: request.connections,
        pipelining: 1,
        duration: request.seconds,
        headers: request.headers,
        requests,
        setupClient: client => {
          const start = next++ % requests.length;
          client.setRequests([
            ...requests.slice(start),
            ...requests.slice(0, start),
          ]);
        },
      },
      error => {
        if (error) {
          reject(error);
          return;
        }
        const cpu = process.cpuUsage(cpuBefore);
        resolve({
          latencies,
          errors,
          cpuMs: (cpu.user + cpu.system) / 1000,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode < 200 || statusCode > 299) errors++;
      latencies.push(responseTime);
    });
    instance.on('reqError', () => {
      errors++;
    });
  });
}

process.on('message', (request: LoadRequest) => {
  run(request).then(
    reply => process.send!(reply),
    error => {
      process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
      process.exit(1);
    },
  );
});
