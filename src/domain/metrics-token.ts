// Who may read GET /metrics: anyone when no METRICS_TOKEN is configured, else a bearer of it.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Compared as equal-length digests in constant time, so the token cannot be guessed byte by byte. */
export function mayReadMetrics(authorization: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
  return timingSafeEqual(digest(given), digest(token));
}
