// Requests Node's HTTP layer would answer itself, before any route runs: a request line or headers it
// cannot parse, headers past its size limit, an Expect it does not know, an HTTP/1.1 request without
// a Host. Node answers those with an empty body and Fastify with a shape of its own; here they get
// the one error shape like every other error.
import { STATUS_CODES, type IncomingMessage, type ServerOptions, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../domain/errors.js';
import { errorBody } from './error-handler.js';
import { HTTP_STATUS } from './error-status.js';

/** For Fastify's `http` option: the Host check is registerProtocolChecks' (Node's sends an empty 400). */
export const HTTP_SERVER_OPTIONS: ServerOptions = { requireHostHeader: false };

/**
 * For Fastify's `clientErrorHandler` option: a request Node's parser refuses (bytes a URL may not
 * hold, a bad Content-Length or chunk, headers past the size limit, one that never finishes arriving).
 */
export function sendClientError(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const appError =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new AppError('headers_too_large')
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new AppError('request_timeout')
        : new AppError('bad_request', { message: `The request is not valid HTTP${err.code ? ` (${err.code})` : ''}.` });
  this.log.info({ code: err.code }, appError.message);
  if (socket.writable) {
    const status = HTTP_STATUS[appError.code];
    const body = JSON.stringify(errorBody(appError));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** Node answers an `Expect` other than 100-continue with an empty 417, unless someone listens. */
function answerUnmetExpectation(_request: IncomingMessage, response: ServerResponse): void {
  const body = JSON.stringify(errorBody(new AppError('expectation_failed')));
  response.writeHead(HTTP_STATUS.expectation_failed, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  response.end(body);
}

export function registerProtocolChecks(app: FastifyInstance): void {
  app.server.on('checkExpectation', answerUnmetExpectation);
  // HTTP/1.1 requires a Host (RFC 9112 §3.2); HTTP/1.0 clients may leave it out.
  app.addHook('onRequest', async (request) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      throw new AppError('bad_request', { message: 'An HTTP/1.1 request needs a Host header.' });
    }
  });
}
