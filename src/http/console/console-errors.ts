// Errors under /console become HTML: a page, or for an htmx request a message swapped into the
// page's alert region. The codes and statuses are the API's (toAppError, HTTP_STATUS); an expired
// session goes back to the sign-in form.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { toAppError } from '../error-handler.js';
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

export async function sendConsoleError(err: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const appError = csrfError(err) ?? toAppError(err);
  if (appError.code === 'unauthorized') return sendToSignIn(request, reply);
  const status = HTTP_STATUS[appError.code];
  if (status >= 500) request.log.error({ err }, 'console request failed');
  if (appError.code === 'rate_limited' && typeof appError.details?.retryAfterSeconds === 'number') {
    void reply.header('retry-after', String(appError.details.retryAfterSeconds));
  }
  const message = status >= 500 ? 'Something went wrong. Try again in a moment.' : messageOf(appError);
  if (isHtmx(request)) {
    // htmx swaps error responses only when told where (see the htmx-config meta in layout.eta).
    return reply.status(status).header('hx-retarget', '#flash').header('hx-reswap', 'innerHTML').view('partials/alert.eta', { message });
  }
  return renderPage(reply.status(status), 'error.eta', { title: status === 404 ? 'Not found' : 'Something is wrong', status, message });
}
