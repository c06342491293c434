// Assertions on the API's responses, shared by the integration tests.
import { expect } from 'vitest';
import type { z } from 'zod';
import type { ZErrorBody } from '../../src/http/views.js';

/** What `error` holds in an error response. */
export type ApiError = z.infer<typeof ZErrorBody>['error'];

/** A response as Fastify's inject gives it, or any object shaped like one. */
export interface JsonResponse {
  statusCode: number;
  json(): unknown;
}

/** Asserts the status and that the body is exactly {error:{code,message,details?}}; returns the error. */
export function expectError(res: JsonResponse, status: number, code: string): ApiError {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { error: ApiError };
  expect(Object.keys(body)).toEqual(['error']);
  expect(['code', 'message', 'details']).toEqual(expect.arrayContaining(Object.keys(body.error)));
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  if ('details' in body.error) expect(typeof body.error.details).toBe('object');
  return body.error;
}

/** Asserts a 400 validation_failed error and returns the names of the fields it lists (e.g. `body.message`). */
export function invalidFields(res: JsonResponse): string[] {
  const error = expectError(res, 400, 'validation_failed');
  return (error.details?.fields as { field: string }[]).map((f) => f.field);
}
