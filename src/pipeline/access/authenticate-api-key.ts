import { parseApiKey, secretMatches } from '../../domain/api-key-secret.js';
import { AppError } from '../../domain/errors.js';
import type { ApiKeyRepository } from '../../domain/ports/access.js';
import type { Actor } from '../../domain/ticket.js';

const TOUCH_EVERY_MS = 60_000;

/** The integration a key belongs to. Unknown, malformed and revoked keys are all just `unauthorized`. */
export async function authenticateApiKey(apiKeys: ApiKeyRepository, key: string, now: Date = new Date()): Promise<Actor> {
  const parsed = parseApiKey(key);
  const row = parsed ? await apiKeys.findByPrefixWithSecret(parsed.prefix) : null;
  if (!parsed || !row || row.revokedAt !== null || !secretMatches(parsed.secret, row.secretHash)) {
    throw new AppError('unauthorized', { message: 'The API key is invalid or revoked.' });
  }
  // Recording every use would make each request a write; once a minute is enough to see activity.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) await apiKeys.touch(row.id, now);
  return { kind: 'api_key', apiKeyId: row.id };
}
