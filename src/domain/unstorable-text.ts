// PostgreSQL cannot store the NUL character in text ("invalid byte sequence for encoding UTF8:
// 0x00"): a string holding one would get as far as the database and fail there as a 500. Every
// boundary (the HTTP API, the Slack receiver) refuses such input with a clear error instead;
// refused rather than stripped, so what is stored is exactly what was sent, or nothing.

import { AppError } from './errors.js';

const NUL = '\u0000';

/**
 * The path of the first string (or key) holding a NUL in value, or null when there is none. Walked
 * with a stack, not recursion: a body of deeply nested arrays must not overflow the call stack.
 */
export function findUnstorableText(value: unknown, path: string): string | null {
  const pending: [unknown, string][] = [[value, path]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [current, where] = next;
    if (typeof current === 'string') {
      if (current.includes(NUL)) return where;
    } else if (current !== null && typeof current === 'object') {
      for (const [key, inner] of Object.entries(current)) {
        if (key.includes(NUL)) return `${where}.${key.replaceAll(NUL, '\\u0000')}`;
        pending.push([inner, `${where}.${key}`]);
      }
    }
  }
  return null;
}

/** The error for a field holding text that cannot be stored. */
export function unstorableTextError(field: string): AppError {
  return new AppError('validation_failed', {
    message: `Invalid request: ${field} contains a NUL character, which cannot be stored.`,
    details: { fields: [{ field, message: 'contains a NUL character (\\u0000), which cannot be stored' }] },
  });
}
