// Outbound adapter: vectors for passages and messages from any OpenAI-compatible `/v1/embeddings`
// endpoint (OpenAI, Ollama, llama.cpp, vLLM…), through the shared outbound policy with its own
// breaker. Nothing is downloaded: the model runs wherever the endpoint is. Every failure is an
// EmbeddingsUnavailableError, so callers fall back to lexical ranking.
//
// Plain fetch rather than the openai SDK: the request is one JSON POST, the SDK stays with replies/
// (the only area allowed it), and the SDK's default base64 encoding is not understood everywhere.
import { abortAfter } from '../abort-after.js';
import type { Logger } from 'pino';
import { EmbeddingsUnavailableError, type PassageEmbedder } from '../../domain/ports/knowledge.js';
import { CircuitOpenError, OutboundTimeoutError, type OutboundPolicy } from '../../domain/resilience.js';

export interface EmbeddingsClientOptions {
  /** Including /v1, as for the LLM: `${baseURL}/embeddings` is called. */
  baseURL: string;
  /** A local server may want none. */
  apiKey: string | undefined;
  model: string;
  /** Timeout per call and breaker (each dependency has its own). */
  policy: OutboundPolicy;
  log: Logger;
}

/** Texts per request: well under OpenAI's 2,048 inputs, and small enough that one slow call costs little. */
export const EMBED_BATCH = 64;
/** Longest text sent: ~2,000 tokens, well inside every common embedding model's window. */
const MAX_TEXT_CHARS = 8000;

/** An HTTP error from the endpoint: counts against the breaker like any failure. */
class EmbeddingsHttpError extends Error {
  constructor(readonly status: number) {
    super(`embeddings endpoint answered HTTP ${status}`);
  }
}

export function createEmbeddingsClient(options: EmbeddingsClientOptions): PassageEmbedder {
  const log = options.log.child({ component: 'embeddings', model: options.model });
  const url = `${options.baseURL.replace(/\/+$/, '')}/embeddings`;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const { policy } = options;

  async function embedBatch(texts: readonly string[], signal: AbortSignal): Promise<Float32Array[]> {
    const input = texts.map((t) => t.slice(0, MAX_TEXT_CHARS) || ' ');
    // 'float': the base64 encoding the openai SDK asks for is not understood by every compatible server.
    const body = JSON.stringify({ model: options.model, input, encoding_format: 'float' });
    const res = await fetch(url, { method: 'POST', headers, body, signal });
    if (!res.ok) {
      await res.arrayBuffer().catch(() => undefined);
      throw new EmbeddingsHttpError(res.status);
    }
    return vectorsOf(await res.json(), texts.length);
  }

  return {
    model: options.model,
    get breakerState() {
      return policy.state;
    },
    async embed(texts, { timeoutMs } = {}) {
      const vectors: Float32Array[] = [];
      const started = performance.now();
      try {
        for (let i = 0; i < texts.length; i += EMBED_BATCH) {
          const batch = texts.slice(i, i + EMBED_BATCH);
          const call = async (signal: AbortSignal) => {
            if (timeoutMs === undefined) return embedBatch(batch, signal);
            const deadline = abortAfter(timeoutMs, signal);
            try {
              return await embedBatch(batch, deadline.signal);
            } finally {
              deadline.done();
            }
          };
          vectors.push(...(await policy.execute(call)));
        }
        return vectors;
      } catch (err) {
        const failure = toUnavailable(err);
        // Fast failures while open would flood the log; the break itself was logged once.
        log[failure.reason === 'breaker_open' ? 'debug' : 'warn'](
          { texts: texts.length, durationMs: Math.round(performance.now() - started), reason: failure.reason, status: failure.status },
          'embeddings failed',
        );
        throw failure;
      }
    },
  };
}

/** The `data[].embedding` of an OpenAI-shaped answer, by `index`; all present and of one length, or bad_response. */
function vectorsOf(body: unknown, count: number): Float32Array[] {
  const data = typeof body === 'object' && body !== null && 'data' in body && Array.isArray(body.data) ? (body.data as unknown[]) : [];
  const vectors = new Array<Float32Array | undefined>(count);
  for (const item of data) {
    if (typeof item !== 'object' || item === null || !('embedding' in item) || !('index' in item)) continue;
    const { index, embedding } = item;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count || !Array.isArray(embedding)) continue;
    if (!embedding.every((x) => typeof x === 'number' && Number.isFinite(x))) continue;
    vectors[index] = Float32Array.from(embedding as number[]);
  }
  const dims = vectors[0]?.length ?? 0;
  if (dims === 0 || vectors.some((v) => v?.length !== dims)) throw new EmbeddingsUnavailableError('bad_response');
  return vectors as Float32Array[];
}

function toUnavailable(err: unknown): EmbeddingsUnavailableError {
  if (err instanceof EmbeddingsUnavailableError) return err;
  if (err instanceof CircuitOpenError) return new EmbeddingsUnavailableError('breaker_open');
  if (err instanceof EmbeddingsHttpError) return new EmbeddingsUnavailableError('http_error', { status: err.status });
  // Our deadlines are the only aborts.
  if (err instanceof OutboundTimeoutError || (err instanceof DOMException && (err.name === 'AbortError' || err.name === 'TimeoutError'))) {
    return new EmbeddingsUnavailableError('timeout');
  }
  // fetch's own errors can quote the URL: keep only the code.
  if (err instanceof TypeError) {
    return new EmbeddingsUnavailableError('network', { cause: (err.cause as { code?: string } | undefined)?.code ?? 'network error' });
  }
  return new EmbeddingsUnavailableError('bad_response');
}
