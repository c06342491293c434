// Every request is checked at the edge, before validation: a body, query or path parameter holding a
// character PostgreSQL cannot store is refused with 400 naming the field (see domain/unstorable-text.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findUnstorableText, unstorableTextError } from '../domain/unstorable-text.js';

function rejectUnstorableText(request: FastifyRequest): void {
  for (const [where, value] of [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const field = findUnstorableText(value, where);
    if (field !== null) throw unstorableTextError(field);
  }
}

export function registerUnstorableTextCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => rejectUnstorableText(request));
}
