// Requests Node's HTTP parser refuses before any route runs: a request line or headers it cannot
// parse, headers past its size limit, one that never finishes arriving. Fastify answers those in a
// shape of its own; here they get the one error shape like every other error.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../domain/errors.js';
import { errorBody } from './error-handler.js';
import { HTTP_STATUS } from './error-status.js';

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
