import { AppError } from '../../domain/errors.js';
import type { UserRepository } from '../../domain/ports/access.js';
import type { Actor } from '../../domain/ticket.js';

export interface CustomerRef {
  email?: string;
  externalId?: string;
  name?: string;
}

/**
 * Who an API ticket is for. A signed-in user opens tickets for themselves only; an integration must
 * name the end customer, one of its own (created on first use, linked to its key, never a registered
 * account or another integration's customer with the same email), and owns the tickets it opens.
 */
export async function resolveApiRequester(
  users: UserRepository,
  actor: Actor,
  customer: CustomerRef | undefined,
): Promise<{ requesterId: string; apiKeyId: string | null }> {
  if (actor.kind === 'api_key') {
    if (!customer) {
      throw new AppError('validation_failed', {
        message: 'An integration must say which customer the ticket is for.',
        details: { fields: [{ field: 'body.customer', message: 'is required for API keys' }] },
      });
    }
    const user = await users.findOrCreateIntegrationCustomer(actor.apiKeyId, customer);
    return { requesterId: user.id, apiKeyId: actor.apiKeyId };
  }
  if (actor.kind === 'user') {
    if (customer) {
      throw new AppError('validation_failed', {
        message: 'Only integrations can open tickets for someone else.',
        details: { fields: [{ field: 'body.customer', message: 'is only for API keys' }] },
      });
    }
    return { requesterId: actor.userId, apiKeyId: null };
  }
  throw new AppError('forbidden');
}
