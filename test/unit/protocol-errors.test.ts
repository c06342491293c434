import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { sendClientError } from '../../src/http/protocol-errors.js';

const withCode = (code: string) => Object.assign(new Error(code), { code });

/** A socket that records what is written to it and whether it was destroyed. */
function fakeSocket(state: { writable?: boolean; destroyed?: boolean } = {}) {
  const socket = {
    writable: state.writable ?? true,
    destroyed: state.destroyed ?? false,
    written: '',
    write: (s: string) => void (socket.written += s),
    destroy: () => void (socket.destroyed = true),
  };
  return socket;
}

const fastify = { log: { info: () => undefined } } as unknown as FastifyInstance;

function answerTo(err: Error, socket = fakeSocket()) {
  sendClientError.call(fastify, err, socket as unknown as Socket);
  const [head = '', body = ''] = socket.written.split('\r\n\r\n');
  return { socket, statusLine: head.split('\r\n')[0], head, body: body ? (JSON.parse(body) as unknown) : undefined };
}

describe('sendClientError', () => {
  it.each([
    [
      'a URL with bytes HTTP does not allow',
      'HPE_INVALID_URL',
      'HTTP/1.1 400 Bad Request',
      { code: 'bad_request', message: 'The request is not valid HTTP (HPE_INVALID_URL).' },
    ],
    [
      'headers past the size limit',
      'HPE_HEADER_OVERFLOW',
      'HTTP/1.1 431 Request Header Fields Too Large',
      { code: 'headers_too_large', message: 'The URL and headers are too large.' },
    ],
    [
      'a request that never finished arriving',
      'ERR_HTTP_REQUEST_TIMEOUT',
      'HTTP/1.1 408 Request Timeout',
      { code: 'request_timeout', message: 'The request did not arrive in time.' },
    ],
  ])('answers %s in the error shape and closes the connection', (_what, code, statusLine, error) => {
    const answer = answerTo(withCode(code));
    expect(answer.statusLine).toBe(statusLine);
    expect(answer.head).toMatch(/\r\nContent-Type: application\/json; charset=utf-8\r\n/);
    expect(answer.head).toMatch(/\r\nConnection: close(\r\n|$)/);
    expect(answer.body).toEqual({ error });
    expect(answer.socket.destroyed).toBe(true);
  });

  it('writes nothing to a connection that was reset or can no longer be written to', () => {
    expect(answerTo(withCode('ECONNRESET')).socket.written).toBe('');
    const unwritable = answerTo(withCode('HPE_INVALID_URL'), fakeSocket({ writable: false }));
    expect(unwritable.socket.written).toBe('');
    expect(unwritable.socket.destroyed).toBe(true);
  });
});
