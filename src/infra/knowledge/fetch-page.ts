// One HTTP GET of a knowledge page, bounded in time and size and kept on one host.
import { abortAfter, type Deadline } from '../abort-after.js';
import { decodeText } from './document-formats.js';

export const USER_AGENT = 'FirstlineBot/1.0 (+https://github.com/firstline)';
const MAX_REDIRECTS = 5;

/** The page could not be read; recorded against its URL while the rest of the source is read. */
export class PageError extends Error {}

/** Nothing answered at all (DNS failure, connection refused): the host, not the page, is the problem. */
export class UnreachableError extends Error {}

export interface FetchOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Asked before every request, redirects included (robots.txt). */
  isAllowed?: (url: URL) => boolean;
}

export interface FetchedPage {
  /** Where the content came from, after redirects. */
  url: URL;
  status: number;
  contentType: string;
  /** The text of a 2xx answer; empty for any other status, whose body is not read. */
  body: string;
}

/**
 * GETs `url`. Redirects are followed here rather than by fetch so that a redirect off the host is
 * refused before anything is sent to that other host. The timeout covers the redirects and the body.
 */
export async function fetchPage(url: URL, options: FetchOptions): Promise<FetchedPage> {
  const deadline = abortAfter(options.timeoutMs);
  try {
    return await fetchWithin(url, options, deadline);
  } finally {
    deadline.done();
  }
}

async function fetchWithin(url: URL, options: FetchOptions, deadline: Deadline): Promise<FetchedPage> {
  const { signal } = deadline;
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (options.isAllowed && !options.isAllowed(current)) throw new PageError(`disallowed by robots.txt: ${current.href}`);
    const res = await send(current, signal, options.timeoutMs);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      const next = new URL(location, current);
      if (next.host !== url.host) throw new PageError(`redirected to another host (${next.host}), not followed`);
      current = next;
      continue;
    }
    const contentType = res.headers.get('content-type') ?? '';
    if (!res.ok) {
      await res.body?.cancel();
      return { url: current, status: res.status, contentType, body: '' };
    }
    const bytes = await readCapped(res, options.maxBytes, deadline, options.timeoutMs);
    return { url: current, status: res.status, contentType, body: decodeText(bytes, contentType) };
  }
  throw new PageError(`more than ${MAX_REDIRECTS} redirects`);
}

async function send(url: URL, signal: AbortSignal, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { redirect: 'manual', signal, headers: { 'user-agent': USER_AGENT } });
  } catch (err) {
    if (isTimeout(err)) throw new PageError(`no answer within ${timeoutMs} ms`);
    const code = (err as { cause?: { code?: string } }).cause?.code;
    throw new UnreachableError(`cannot reach ${url.host}: ${code ?? (err as Error).message}`, { cause: err });
  }
}

/** The body, read chunk by chunk and abandoned as soon as it passes `maxBytes`, so an endless page is never buffered. */
async function readCapped(res: Response, maxBytes: number, stop: Deadline, timeoutMs: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    stop.abort();
    throw new PageError(`too large: ${declared} bytes, the limit is ${maxBytes}`);
  }
  if (!res.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      total += next.value.byteLength;
      if (total > maxBytes) {
        // Aborting closes the connection; cancelling the reader alone could let it drain the rest.
        stop.abort();
        throw new PageError(`too large: more than ${maxBytes} bytes`);
      }
      chunks.push(next.value);
    }
  } catch (err) {
    if (err instanceof PageError) throw err;
    if (isTimeout(err)) throw new PageError(`no complete answer within ${timeoutMs} ms`);
    throw new PageError(`connection lost while reading: ${(err as Error).message}`, { cause: err });
  }
  return Buffer.concat(chunks);
}

function isTimeout(err: unknown): boolean {
  return (err as Error | undefined)?.name === 'TimeoutError';
}
