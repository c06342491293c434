// The kinds of environment variable Firstline reads, as zod fields: a blank value counts as unset,
// numbers and booleans are coerced, lists are comma-separated.
import { z } from 'zod';

export const blankToUndefined = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

export const optionalString = z.preprocess(blankToUndefined, z.string().optional());
export const int = (min: number, max: number, fallback: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
/** A comma-separated list of ids, each matching `pattern`; blank or unset is none. */
export const idList = (pattern: RegExp, message: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(pattern, message))),
  );
/** A number, fractions allowed, within [min, max]. */
export const decimal = (min: number, max: number, fallback: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().min(min).max(max).default(fallback));
export const ratio = (fallback: number) => z.preprocess(blankToUndefined, z.coerce.number().min(0).max(1).default(fallback));
export const bool = (fallback: boolean) =>
  z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  );

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
