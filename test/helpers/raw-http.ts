// Requests as a client may really send them, over a fresh TCP connection each: any method, headers
// as raw name/value pairs (duplicates kept, nothing added but Host), and the body's bytes as given.
// Fastify's inject() cannot send some of these (duplicate headers, a path with raw Latin-1 bytes), and
// only a real socket shows a connection reset instead of an answer.
import http from 'node:http';
import net from 'node:net';

export interface RawRequest {
  method: string;
  /** Path and query, already percent-encoded as the client chose (may hold junk escapes). */
  path: string;
  headers: [string, string][];
  /** The Host header: the server's own unless given; null sends none. */
  host?: string | null;
  /** Sent with a Content-Length, unless `chunked`. */
  body?: Buffer;
  chunked?: boolean;
}

export type RawResponse =
  | {
      status: number;
      headers: http.IncomingHttpHeaders;
      body: string;
      /** The connection failed after the status line arrived. */ cutOff?: string;
    }
  | { status: 'no_answer'; error: string };

/** Sends the request to baseUrl (http://host:port); a reset, a hang past timeoutMs or a client error is `no_answer`. */
export function sendRaw(baseUrl: string, req: RawRequest, timeoutMs = 20_000): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const host = req.host === undefined ? url.host : req.host;
  const headers: string[] = host === null ? [] : ['host', host];
  for (const [name, value] of req.headers) headers.push(name, value);
  if (req.body && !req.chunked) headers.push('content-length', String(req.body.length));
  if (req.chunked) headers.push('transfer-encoding', 'chunked');
  return new Promise((resolve) => {
    let settled = false;
    const done = (res: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(res);
    };
    let answer: http.IncomingMessage | undefined;
    const chunks: Buffer[] = [];
    const failed = (err: Error) => {
      const error = `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`.trim();
      if (answer)
        done({ status: answer.statusCode ?? 0, headers: answer.headers, body: Buffer.concat(chunks).toString('utf8'), cutOff: error });
      else done({ status: 'no_answer', error });
    };
    let client: http.ClientRequest;
    try {
      client = http.request(
        { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent: false, setHost: false },
        (res) => {
          answer = res;
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (err) => failed(err));
        },
      );
    } catch (err) {
      // The client itself refused to send it (e.g. a header value it considers invalid): a test bug.
      throw new Error(`cannot send ${req.method} ${req.path}: ${(err as Error).message}`, { cause: err });
    }
    const timer = setTimeout(() => {
      done({ status: 'no_answer', error: `no answer within ${timeoutMs} ms` });
      client.destroy();
    }, timeoutMs);
    client.on('error', failed);
    client.end(req.body);
  });
}

/** Writes `bytes` as they are to a fresh connection and reads the answer until the server closes it. */
export function exchangeBytes(
  baseUrl: string,
  bytes: string | Buffer,
  timeoutMs = 10_000,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms: ${Buffer.concat(chunks).toString('latin1')}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer; what arrived is judged below
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
      if (!status) return reject(new Error(`not an HTTP answer: ${JSON.stringify(text)}`));
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status, headers, body: rest.join('\r\n\r\n') });
    });
  });
}
