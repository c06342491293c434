// Every error leaves as {error:{code, message, details?}}; 5xx never carry internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, isAppError, type ErrorCode } from '../domain/errors.js';
import { HTTP_STATUS } from './error-status.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

export function errorBody(err: AppError): ErrorBody {
  return { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
}

/** How long a client should wait before retrying while a dependency is down. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Retry-After for an error that says when to come back (rate limited, a dependency down). */
export function setRetryAfter(reply: FastifyReply, err: AppError): void {
  if ((err.code === 'rate_limited' || err.code === 'unavailable') && typeof err.details?.retryAfterSeconds === 'number') {
    void reply.header('retry-after', String(err.details.retryAfterSeconds));
  }
}

function sendError(reply: FastifyReply, err: AppError): FastifyReply {
  setRetryAfter(reply, err);
  return reply.status(HTTP_STATUS[err.code]).send(errorBody(err));
}

interface FieldProblem {
  field: string;
  message: string;
}

function zodProblems(err: ZodError, prefix: string): FieldProblem[] {
  return err.issues.map((i) => ({ field: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));
}

/** Turns whatever was thrown into an AppError; unknown faults become `internal`. */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? 'body';
    const fields: FieldProblem[] = err.validation.map((v) => ({
      field: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'is invalid',
    }));
    return new AppError('validation_failed', {
      message: `Invalid request: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`,
      details: { fields },
    });
  }
  if (err instanceof ZodError) {
    const fields = zodProblems(err, '');
    return new AppError('validation_failed', { message: 'Invalid request.', details: { fields } });
  }
  const code = (err as FastifyError | undefined)?.code;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_json');
  }
  // Any other client error Fastify raises (malformed URL, bad Content-Length, …): its own message
  // is safe to show; the status becomes the generic 400 code.
  const status = (err as FastifyError | undefined)?.statusCode;
  if (typeof code === 'string' && code.startsWith('FST_') && status !== undefined && status >= 400 && status < 500) {
    return new AppError('bad_request', { message: (err as FastifyError).message, cause: err });
  }
  return new AppError('internal', { cause: err });
}

/**
 * For Fastify's `frameworkErrors` option: errors raised before routing (a malformed URL) would
 * otherwise bypass the error handler and leave in Fastify's own shape.
 */
export function sendFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void sendError(reply, toAppError(err));
  request.log.info({ code: err.code }, err.message);
}

/** A fault that means a dependency is down becomes 503 `unavailable`, naming it, with Retry-After. */
export function unavailableError(err: unknown, unavailableDependency: ((err: unknown) => string | null) | undefined): AppError | null {
  if (isAppError(err) || unavailableDependency === undefined) return null;
  const dependency = unavailableDependency(err);
  if (dependency === null) return null;
  return new AppError('unavailable', {
    message: `Temporarily unavailable (${dependency}). Try again in a few seconds.`,
    details: { dependency, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
    cause: err,
  });
}

export function registerErrorHandling(app: FastifyInstance, unavailableDependency?: (err: unknown) => string | null): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = unavailableError(err, unavailableDependency) ?? toAppError(err);
    if (appError.code === 'internal') request.log.error({ err }, 'unhandled error');
    else if (HTTP_STATUS[appError.code] >= 500) request.log.warn({ err: appError.cause ?? appError }, appError.message);
    return sendError(reply, appError);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) =>
    sendError(reply, new AppError('not_found', { message: `No route for ${request.method} ${request.url.split('?')[0]}.` })),
  );
}
