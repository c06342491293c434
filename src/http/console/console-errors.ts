// Errors under /console become HTML: a page, or for an htmx request a message swapped into the
// page's alert region. The codes and statuses are the API's (toAppError, HTTP_STATUS); an expired
// session goes back to the sign-in form.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { setRetryAfter, toAppError, unavailableError } from '../error-handler.js';
import { HTTP_STATUS } from '../error-status.js';
import { isHtmx, sendToSignIn } from './console-guard.js';
import { renderPage } from './render.js';

/** @fastify/csrf-protection's refusals (a missing secret or a wrong token): 403, said plainly. */
function csrfError(err: unknown): AppError | null {
  const code = (err as FastifyError | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('FST_CSRF_')) return null;
  return new AppError('forbidden', {
    message: 'This form has expired or did not come from the console. Reload the page and try again.',
    cause: err,
  });
}

/** A validation failure names what was wrong with each field, as its schema says it. */
function messageOf(err: AppError): string {
  const fields = err.details?.fields;
  if (err.code !== 'validation_failed' || !Array.isArray(fields) || fields.length === 0) return err.message;
  return fields.map((f: { field?: string; message?: string }) => (f.field ? `${f.field}: ${f.message}` : String(f.message))).join(' ');
}

/** What a page says: the error's own words, except for an internal fault, whose details stay in the log. */
const pageMessage = (err: AppError): string => (err.code === 'internal' ? 'Something went wrong. Try again in a moment.' : messageOf(err));

/**
 * `unavailableDependency`: tells a fault of a dependency that is down (the database, Redis) from any
 * other, so the page says 503 "temporarily unavailable" with Retry-After, as the API does.
 */
export async function sendConsoleError(
  err: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  unavailableDependency?: (err: unknown) => string | null,
): Promise<FastifyReply> {
  const appError = csrfError(err) ?? unavailableError(err, unavailableDependency) ?? toAppError(err);
  if (appError.code === 'unauthorized') return sendToSignIn(request, reply);
  const status = HTTP_STATUS[appError.code];
  if (appError.code === 'internal') request.log.error({ err }, 'console request failed');
  else if (status >= 500) request.log.warn({ err: appError.cause ?? appError }, appError.message);
  setRetryAfter(reply, appError);
  const message = pageMessage(appError);
  if (isHtmx(request)) {
    // htmx swaps error responses only when told where (see the htmx-config meta in layout.eta).
    return reply.status(status).header('hx-retarget', '#flash').header('hx-reswap', 'innerHTML').view('partials/alert.eta', { message });
  }
  return renderPage(reply.status(status), 'error.eta', { title: status === 404 ? 'Not found' : 'Something is wrong', status, message });
}
