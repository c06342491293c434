// A local stand-in for a Slack incoming webhook or a Discord channel webhook: records every POST and
// answers with scripted statuses first, then 200 (Slack's "ok") or 204 (Discord).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookCall {
  status: number;
  body: Record<string, unknown>;
  at: number;
}

export class FakeWebhook {
  readonly calls: WebhookCall[] = [];
  private readonly scripted: number[] = [];
  private server: http.Server | undefined;

  constructor(private readonly flavour: 'slack' | 'discord') {}

  /** The next `times` posts are answered with `status`. */
  fail(status: number, times = 1): void {
    this.scripted.push(...Array.from({ length: times }, () => status));
  }

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/hook/secret-token`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = this.scripted.shift() ?? (this.flavour === 'slack' ? 200 : 204);
        this.calls.push({
          status,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
          at: Date.now(),
        });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : status === 204 ? undefined : 'error');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
