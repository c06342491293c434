// `/firstline setup [support-forum:<forum>] [support-forum-off:True]`: a server's Firstline settings.
// A support forum: every new post in it becomes a ticket, answered in the post. One per server:
// choosing another replaces it. Members who manage the server (or Firstline's Discord admins)
// change it; with no options anyone sees it. Every answer is shown to the one who typed it only.
import { ChannelType, MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction, type Client } from 'discord.js';
import { userMessage } from '../../../pipeline/chat/wording/user-message.js';
import type { DiscordDeps } from '../discord-deps.js';
import { discordUser } from './common.js';

export const FIRSTLINE_USAGE = [
  '`/firstline setup support-forum:#forum` — every new post in that forum becomes a ticket, answered in the post',
  '`/firstline setup support-forum-off:True` — the forum is an ordinary forum again',
  '`/firstline setup` — how this server is set',
].join('\n');

export const SETUP_REFUSAL = 'Only members who can manage this server (or Firstline’s admins) can change its Firstline settings.';

const isSettingsAdmin = (deps: DiscordDeps, interaction: ChatInputCommandInteraction): boolean =>
  deps.adminUserIds.includes(interaction.user.id) || interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true;

/** The server's support forums (forums only: other kinds of support channel are set elsewhere). */
async function supportForumsOf(deps: DiscordDeps, client: Client, guildId: string): Promise<string[]> {
  const channels = await deps.supportChannels.list({ platform: 'DISCORD', workspaceId: guildId });
  return channels.map((c) => c.channelId).filter((id) => client.channels.cache.get(id)?.type === ChannelType.GuildForum);
}

const describeForum = (forumId: string) =>
  `Support forum: <#${forumId}>. Every new post there becomes a ticket, answered in the post; ` +
  'its tags show where it stands when the forum has tags named open, answered, with an agent and resolved ' +
  '(Discord lets me set them with the Manage Posts permission in that forum).';

export async function handleFirstlineCommand(deps: DiscordDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const say = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  if (interaction.options.getSubcommand(false) !== 'setup') return void (await say(FIRSTLINE_USAGE));
  const guildId = interaction.guildId;
  if (!guildId) return void (await say('Use `/firstline setup` in the server it is for.'));
  const forum = interaction.options.getChannel('support-forum');
  const off = interaction.options.getBoolean('support-forum-off') === true;
  try {
    const current = await supportForumsOf(deps, interaction.client, guildId);
    if (!forum && !off) {
      const shown = current.map(describeForum).join('\n');
      return void (await say(shown || 'No support forum is set. `/firstline setup support-forum:#forum` sets one.'));
    }
    if (!isSettingsAdmin(deps, interaction)) return void (await say(SETUP_REFUSAL));
    if (forum && off) return void (await say('Choose a support forum or turn it off, not both.'));
    if (!forum) {
      for (const id of current) await deps.supportChannels.remove('DISCORD', id);
      return void (await say(
        current.length > 0
          ? 'No support forum any more: new posts open no tickets. Open tickets keep their posts.'
          : 'There was no support forum.',
      ));
    }
    if (forum.type !== ChannelType.GuildForum) return void (await say('The support forum must be a forum channel.'));
    const user = await deps.users.findOrCreateChatUser(discordUser(interaction.user));
    await deps.supportChannels.save({
      platform: 'DISCORD',
      workspaceId: guildId,
      channelId: forum.id,
      audience: 'EVERYONE',
      enabledById: user.id,
    });
    for (const id of current) if (id !== forum.id) await deps.supportChannels.remove('DISCORD', id);
    await say(describeForum(forum.id));
  } catch (err) {
    deps.log.error({ err, guildId }, '/firstline setup failed');
    await say(userMessage(err)).catch(() => undefined);
  }
}
