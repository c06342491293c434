// `/metrics [24h|7d|30d]`: the admin metrics, ephemeral, for admins only.
import type { App } from '@slack/bolt';
import type { MetricsWindow } from '../../../domain/metrics.js';
import { metricsMessage } from '../blocks.js';
import type { SlackDeps } from '../slack-deps.js';
import { userMessage } from '../../../pipeline/chat/wording/user-message.js';
import { readAdminMetrics } from '../../../pipeline/metrics/read-admin-metrics.js';

const WINDOWS: readonly MetricsWindow[] = ['24h', '7d', '30d'];
export const METRICS_REFUSAL = "Sorry, `/metrics` is for Firstline's admins. Ask one of them, or a workspace admin, for the figures.";

export function registerMetricsCommand(app: App, deps: SlackDeps): void {
  app.command('/metrics', async ({ command, ack, respond }) => {
    const arg = command.text.trim() || '7d';
    if (!WINDOWS.includes(arg as MetricsWindow))
      return ack({ response_type: 'ephemeral', text: 'Usage: `/metrics [24h|7d|30d]` (default 7d).' });
    // users.info and the aggregates may take a moment: ack first, answer through response_url.
    await ack();
    try {
      if (!(await deps.people.isAdmin(command.team_id, command.user_id))) {
        await respond({ response_type: 'ephemeral', text: METRICS_REFUSAL });
        return;
      }
      // Installed in many workspaces, each sees its own figures; one workspace sees the deployment's.
      const scope = deps.teams.auth === 'oauth' ? { platform: 'SLACK' as const, workspaceId: command.team_id } : undefined;
      const { metrics, sla } = await readAdminMetrics(deps, arg as MetricsWindow, new Date(), scope);
      await respond({ response_type: 'ephemeral', ...metricsMessage(metrics, sla) });
    } catch (err) {
      deps.log.error({ err }, '/metrics failed');
      await respond({ response_type: 'ephemeral', text: userMessage(err) });
    }
  });
}
