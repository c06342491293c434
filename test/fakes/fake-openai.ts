// A local OpenAI-compatible server (127.0.0.1, random port) for POST /v1/chat/completions, so tests
// drive the real SDK over real HTTP. Each test picks the answer: content, delay, error status, filter.
// POST /v1/embeddings answers deterministic vectors (a hashed bag of words, see fakeEmbedding), or
// fails or hangs when a test says so.
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

export interface FakeEmbeddingsRequest {
  model: string;
  input: string[];
  encoding_format?: string;
  headers: Record<string, string>;
}

/** How /v1/embeddings answers: vectors (the default), an error status, or nothing until `delayMs` (a hang). */
export type FakeEmbeddingsMode = { kind: 'vectors' } | { kind: 'error'; status: number } | { kind: 'hang'; delayMs?: number };

export interface FakeOpenAi {
  /** Base URL including /v1, as the SDK's `baseURL` wants it. */
  url: string;
  /** Every chat-completion request received, in order (recorded before any delay). */
  requests: FakeOpenAiRequest[];
  respondWith(handler: FakeOpenAiHandler): void;
  /** Every embeddings request received, in order (recorded before any delay). */
  embeddingRequests: FakeEmbeddingsRequest[];
  embeddingsMode(mode: FakeEmbeddingsMode): void;
  /** Words embedded as another word (e.g. `{ money: 'refund' }`), so synonyms share a dimension. */
  embeddingSynonyms(synonyms: Readonly<Record<string, string>>): void;
  close(): Promise<void>;
}

/** Dimensions of the fake vectors. */
export const FAKE_EMBEDDING_DIMENSIONS = 256;

/** Words the fake gives no meaning, as a real model gives them little. */
const FAKE_STOP_WORDS = new Set(
  'a an and any are at be by for from got how i in is it my of on or the to was what when with within you your'.split(' '),
);

/**
 * A bag of words hashed into {@link FAKE_EMBEDDING_DIMENSIONS} counts (FNV-1a), after mapping each
 * lower-cased word through `synonyms` and leaving out stop words: texts sharing words (exactly: no
 * stemming, unlike the lexical index), or synonyms of them, point the same way.
 */
export function fakeEmbedding(text: string, synonyms: Readonly<Record<string, string>> = {}): number[] {
  const vector = new Array<number>(FAKE_EMBEDDING_DIMENSIONS).fill(0);
  for (const raw of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (FAKE_STOP_WORDS.has(raw)) continue;
    const word = synonyms[raw] ?? raw;
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193) >>> 0;
    vector[hash % FAKE_EMBEDDING_DIMENSIONS]! += 1;
  }
  return vector;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: FakeOpenAiRequest[] = [];
  let handler: FakeOpenAiHandler = () => ({ content: 'Fake reply.' });
  const embeddingRequests: FakeEmbeddingsRequest[] = [];
  let embeddings: FakeEmbeddingsMode = { kind: 'vectors' };
  let synonyms: Readonly<Record<string, string>> = {};
  // Aborted on close, so delayed answers stop waiting instead of keeping the process alive.
  const closing = new AbortController();

  const server = http.createServer((req, res) => {
    void serve(req, res).catch(() => res.destroy());
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.method === 'POST' && req.url === '/v1/embeddings') return serveEmbeddings(req, res, raw);
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

  async function serveEmbeddings(req: http.IncomingMessage, res: http.ServerResponse, raw: string): Promise<void> {
    const body = JSON.parse(raw) as { model: string; input: string | string[]; encoding_format?: string };
    const input = typeof body.input === 'string' ? [body.input] : body.input;
    embeddingRequests.push({ model: body.model, input, encoding_format: body.encoding_format, headers: flatHeaders(req.headers) });
    const mode = embeddings;
    if (mode.kind === 'hang') {
      try {
        await sleep(mode.delayMs ?? 60_000, undefined, { signal: closing.signal });
      } catch {
        return; // closing
      }
    }
    if (res.destroyed) return; // the client gave up
    if (mode.kind === 'error') {
      return sendJson(res, mode.status, { error: { message: 'Fake embeddings failure', type: 'server_error', code: null } });
    }
    sendJson(res, 200, {
      object: 'list',
      model: body.model,
      data: input.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text, synonyms) })),
      usage: { prompt_tokens: input.length, total_tokens: input.length },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    respondWith(next) {
      handler = next;
    },
    embeddingRequests,
    embeddingsMode(next) {
      embeddings = next;
    },
    embeddingSynonyms(next) {
      synonyms = next;
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
