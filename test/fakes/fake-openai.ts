// A local OpenAI-compatible server (127.0.0.1, random port) for POST /v1/chat/completions, so tests
// drive the real SDK over real HTTP. Each test picks the answer: content, delay, error status, filter.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FakeChatRequestBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  max_completion_tokens?: number;
  [field: string]: unknown;
}

export interface FakeOpenAiRequest {
  path: string;
  body: FakeChatRequestBody;
  /** Lower-cased names, as Node reports them. */
  headers: Record<string, string>;
}

export type FinishReason = 'stop' | 'length' | 'content_filter';

export type FakeOpenAiReply =
  /** A completion; `content: null` or '' for an empty answer. */
  | { content: string | null; finishReason?: FinishReason; refusal?: string; delayMs?: number }
  /** An error response in OpenAI's shape. */
  | { status: number; message?: string; delayMs?: number };

export type FakeOpenAiHandler = (request: FakeOpenAiRequest) => FakeOpenAiReply;

export interface FakeOpenAi {
  /** Base URL including /v1, as the SDK's `baseURL` wants it. */
  url: string;
  /** Every chat-completion request received, in order (recorded before any delay). */
  requests: FakeOpenAiRequest[];
  respondWith(handler: FakeOpenAiHandler): void;
  close(): Promise<void>;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: FakeOpenAiRequest[] = [];
  let handler: FakeOpenAiHandler = () => ({ content: 'Fake reply.' });
  // Aborted on close, so delayed answers stop waiting instead of keeping the process alive.
  const closing = new AbortController();

  const server = http.createServer((req, res) => {
    void serve(req, res).catch(() => res.destroy());
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      return sendJson(res, 404, { error: { message: 'Not found', type: 'invalid_request_error', code: null } });
    }
    const request: FakeOpenAiRequest = { path: req.url, body: JSON.parse(raw) as FakeChatRequestBody, headers: flatHeaders(req.headers) };
    requests.push(request);
    const reply = handler(request);
    if (reply.delayMs) {
      try {
        await sleep(reply.delayMs, undefined, { signal: closing.signal });
      } catch {
        return; // closing
      }
    }
    if (res.destroyed) return; // the client gave up
    if ('status' in reply) {
      return sendJson(res, reply.status, { error: { message: reply.message ?? 'Fake failure', type: 'server_error', code: null } });
    }
    sendJson(res, 200, completion(request.body.model, reply));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    respondWith(next) {
      handler = next;
    },
    async close() {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function completion(model: string, reply: Extract<FakeOpenAiReply, { content: unknown }>) {
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.content, refusal: reply.refusal ?? null },
        finish_reason: reply.finishReason ?? 'stop',
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_fake_${status}` }).end(JSON.stringify(body));
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  );
}
