import { generateApiKey } from '../../domain/api-key-secret.js';
import type { ApiKey } from '../../domain/api-key.js';
import type { ApiKeyRepository } from '../../domain/ports/access.js';

/** Creates a named key; the returned `key` is the only time the secret is available. */
export async function createApiKey(
  apiKeys: ApiKeyRepository,
  input: { name: string; createdById: string },
): Promise<ApiKey & { key: string }> {
  const generated = generateApiKey();
  const row = await apiKeys.create({
    name: input.name,
    prefix: generated.prefix,
    secretHash: generated.secretHash,
    createdById: input.createdById,
  });
  return { ...row, key: generated.key };
}
