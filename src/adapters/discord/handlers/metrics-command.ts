// `/metrics window:<24h|7d|30d>`: the admin metrics as an ephemeral embed, for admins only.
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { MetricsWindow } from '../../../domain/metrics.js';
import { userMessage } from '../../../pipeline/chat/wording/user-message.js';
import type { DiscordDeps } from '../discord-deps.js';
import { metricsEmbed } from '../messages.js';

const WINDOWS: readonly MetricsWindow[] = ['24h', '7d', '30d'];
export const METRICS_REFUSAL =
  "Sorry, `/metrics` is for Firstline's admins. Ask one of them, or someone who manages this server, for the figures.";

export async function handleMetricsCommand(deps: DiscordDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const isAdmin =
    deps.adminUserIds.includes(interaction.user.id) || interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true;
  if (!isAdmin) return void (await interaction.reply({ content: METRICS_REFUSAL, flags: MessageFlags.Ephemeral }));
  const chosen = interaction.options.getString('window') ?? '7d';
  const window = WINDOWS.includes(chosen as MetricsWindow) ? (chosen as MetricsWindow) : '7d';
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  try {
    await interaction.editReply({ embeds: [metricsEmbed(await deps.metrics.compute(window, new Date()))] });
  } catch (err) {
    deps.log.error({ err }, '/metrics failed');
    await interaction.editReply({ content: userMessage(err) });
  }
}
