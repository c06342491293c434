/** Every fault Firstline reports has one of these codes; the HTTP edge maps each to a status. */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'invalid_json'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'illegal_transition'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'request_timeout'
  | 'expectation_failed'
  | 'headers_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface AppErrorOptions {
  /** Safe to show to the person who made the request. Defaults to a generic text per code. */
  message?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.message ?? DEFAULT_MESSAGES[code], { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  bad_request: 'The request is malformed.',
  validation_failed: 'The request is invalid.',
  invalid_json: 'The request body is not valid JSON.',
  unauthorized: 'Authentication is required.',
  forbidden: 'You are not allowed to do this.',
  not_found: 'Not found.',
  conflict: 'The request conflicts with the current state.',
  illegal_transition: 'The ticket cannot move to that status from its current one.',
  payload_too_large: 'The request body is too large.',
  unsupported_media_type: 'Send the request body as application/json.',
  request_timeout: 'The request did not arrive in time.',
  expectation_failed: 'The only expectation supported is "Expect: 100-continue".',
  headers_too_large: 'The URL and headers are too large.',
  rate_limited: 'Too many attempts. Try again later.',
  unavailable: 'A dependency is unavailable.',
  internal: 'Something went wrong on our side.',
};
