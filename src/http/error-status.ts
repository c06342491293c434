import type { ErrorCode } from '../domain/errors.js';

/** The one table from error codes to HTTP statuses. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  illegal_transition: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  request_timeout: 408,
  expectation_failed: 417,
  headers_too_large: 431,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};
