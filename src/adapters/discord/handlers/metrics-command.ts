// `/metrics window:<24h|7d|30d>`: the admin metrics as an ephemeral embed, for admins only. In a
// server, its own tickets' figures; in the default server (and for Firstline's admins in a DM), the
// whole deployment's.
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { MetricsWindow } from '../../../domain/metrics.js';
import { userMessage } from '../../../pipeline/chat/wording/user-message.js';
import { readAdminMetrics } from '../../../pipeline/metrics/read-admin-metrics.js';
import type { DiscordDeps } from '../discord-deps.js';
import { metricsEmbed } from '../messages.js';
import { metricsScopeOf } from '../server-scope.js';

const WINDOWS: readonly MetricsWindow[] = ['24h', '7d', '30d'];
export const METRICS_REFUSAL =
  "Sorry, `/metrics` is for Firstline's admins. Ask one of them, or someone who manages this server, for the figures.";

export async function handleMetricsCommand(deps: DiscordDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const canManage = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true;
  if (!(await deps.servers.isAdmin(interaction.guildId, interaction.user.id, canManage))) {
    return void (await interaction.reply({ content: METRICS_REFUSAL, flags: MessageFlags.Ephemeral }));
  }
  const chosen = interaction.options.getString('window') ?? '7d';
  const window = WINDOWS.includes(chosen as MetricsWindow) ? (chosen as MetricsWindow) : '7d';
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  try {
    const scope = interaction.guildId ? metricsScopeOf(await deps.servers.serverOf(interaction.guildId)) : undefined;
    const { metrics, sla } = await readAdminMetrics(deps, window, new Date(), scope);
    await interaction.editReply({ embeds: [metricsEmbed(metrics, sla)] });
  } catch (err) {
    deps.log.error({ err }, '/metrics failed');
    await interaction.editReply({ content: userMessage(err) });
  }
}
