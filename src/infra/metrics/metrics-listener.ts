// GET /metrics for a process without the API (`firstline worker`): its counters live in its own
// memory, so Prometheus has to scrape it directly. Plain node:http, one route, the same token rule.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { mayReadMetrics } from '../../domain/metrics-token.js';

export async function startMetricsListener(
  registry: Registry,
  options: { host: string; port: number; token: string | undefined },
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const json = (status: number, code: string, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: { code, message } }));
    };
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return json(404, 'not_found', 'Not found.');
    if (!mayReadMetrics(req.headers.authorization, options.token)) return json(401, 'unauthorized', 'A valid metrics token is required.');
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => json(500, 'internal', 'Metrics are unavailable.'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
