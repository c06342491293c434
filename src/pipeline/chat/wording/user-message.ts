import { isAppError } from '../../../domain/errors.js';

/** What a person in chat is told when their action failed: our safe message, never internals. */
export function userMessage(err: unknown): string {
  if (isAppError(err) && err.code !== 'internal' && err.code !== 'unavailable') return err.message;
  return 'Sorry, something went wrong on our side. Please try again in a minute.';
}
