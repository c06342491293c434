// POSTs a JSON body to a webhook under the shared outbound policy. The URL is a secret (Slack's and
// Discord's webhook URLs carry their token): it is never logged or put in an error message.
import { RateLimitedError, UndeliverableError } from '../../domain/ports/chat.js';
import type { OutboundPolicy } from '../../domain/resilience.js';

export interface WebhookPoster {
  post(body: unknown): Promise<void>;
}

export function createWebhookPoster(url: string, policy: OutboundPolicy): WebhookPoster {
  const once = async (body: unknown, signal: AbortSignal): Promise<void> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return;
    if (res.status === 429) throw new RateLimitedError(Number(res.headers.get('retry-after') ?? 1) * 1000);
    // A wrong or revoked URL, or a payload it refuses: the same on every retry.
    if (res.status >= 400 && res.status < 500) throw new UndeliverableError(`alert webhook refused the post (HTTP ${res.status})`);
    throw new Error(`alert webhook failed (HTTP ${res.status})`);
  };
  return {
    async post(body) {
      try {
        await policy.execute((signal) => once(body, signal));
      } catch (err) {
        // fetch's own errors can quote the URL: keep only what is safe to log.
        if (err instanceof TypeError)
          throw new Error(`alert webhook unreachable: ${(err.cause as { code?: string } | undefined)?.code ?? 'network error'}`);
        throw err;
      }
    },
  };
}
