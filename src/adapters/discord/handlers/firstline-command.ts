// `/firstline setup [agents-channel:<channel>] [support-forum:<forum>] [support-forum-off:True]`: a
// server's Firstline settings. Its agents' channel: where its escalations are posted and its agents
// act (else DISCORD_AGENTS_CHANNEL_ID, when that channel is in this server). A support forum: every
// new post in it becomes a ticket, answered in the post; one per server, choosing another replaces it.
// Members who manage the server, Firstline's Discord admins and the admins its settings name change
// them; with no options anyone sees them. Every answer is shown to the one who typed it only.
import { ChannelType, MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction, type Client } from 'discord.js';
import { userMessage } from '../../../pipeline/chat/wording/user-message.js';
import type { DiscordDeps } from '../discord-deps.js';
import { discordUser } from './common.js';

export const FIRSTLINE_USAGE = [
  '`/firstline setup agents-channel:#channel` — escalations from this server are posted there, and who can see it acts as an agent',
  '`/firstline setup support-forum:#forum` — every new post in that forum becomes a ticket, answered in the post',
  '`/firstline setup support-forum-off:True` — the forum is an ordinary forum again',
  '`/firstline setup` — how this server is set',
].join('\n');

export const SETUP_REFUSAL = 'Only members who can manage this server (or Firstline’s admins) can change its Firstline settings.';

/** The server's support forums (forums only: other kinds of support channel are set elsewhere). */
async function supportForumsOf(deps: DiscordDeps, client: Client, guildId: string): Promise<string[]> {
  const channels = await deps.supportChannels.list({ platform: 'DISCORD', workspaceId: guildId });
  return channels.map((c) => c.channelId).filter((id) => client.channels.cache.get(id)?.type === ChannelType.GuildForum);
}

const describeForum = (forumId: string) =>
  `Support forum: <#${forumId}>. Every new post there becomes a ticket, answered in the post; ` +
  'its tags show where it stands when the forum has tags named open, answered, with an agent and resolved ' +
  '(Discord lets me set them with the Manage Posts permission in that forum).';

const describeAgentsChannel = (channelId: string | undefined, isOwnSetting: boolean) =>
  channelId
    ? `Agents' channel: <#${channelId}>${isOwnSetting ? '' : ' (the deployment’s default)'}. Escalations from this server are posted there, and who can see it acts as an agent.`
    : "Agents' channel: none, so escalations from this server reach no agents. `/firstline setup agents-channel:#channel` sets one.";

async function describeSettings(deps: DiscordDeps, client: Client, guildId: string): Promise<string> {
  const forums = await supportForumsOf(deps, client, guildId);
  const own = await deps.workspaces.find('DISCORD', guildId);
  const agents = await deps.servers.agentsChannelOf(guildId);
  return [
    forums.length > 0 ? forums.map(describeForum).join('\n') : 'No support forum is set. `/firstline setup support-forum:#forum` sets one.',
    describeAgentsChannel(agents, Boolean(own?.agentsChannelId)),
  ].join('\n');
}

export async function handleFirstlineCommand(deps: DiscordDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const say = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  if (interaction.options.getSubcommand(false) !== 'setup') return void (await say(FIRSTLINE_USAGE));
  const guildId = interaction.guildId;
  if (!guildId) return void (await say('Use `/firstline setup` in the server it is for.'));
  const forum = interaction.options.getChannel('support-forum');
  const off = interaction.options.getBoolean('support-forum-off') === true;
  const agents = interaction.options.getChannel('agents-channel');
  try {
    if (!forum && !off && !agents) return void (await say(await describeSettings(deps, interaction.client, guildId)));
    const canManage = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true;
    if (!(await deps.servers.isAdmin(guildId, interaction.user.id, canManage))) return void (await say(SETUP_REFUSAL));
    if (forum && off) return void (await say('Choose a support forum or turn it off, not both.'));
    if (forum && forum.type !== ChannelType.GuildForum) return void (await say('The support forum must be a forum channel.'));
    if (agents && agents.type !== ChannelType.GuildText) return void (await say('The agents’ channel must be a text channel.'));
    const said: string[] = [];
    if (agents) {
      await deps.workspaces.update('DISCORD', guildId, { agentsChannelId: agents.id });
      said.push(describeAgentsChannel(agents.id, true));
    }
    if (forum || off) said.push(await setSupportForum(deps, interaction, guildId, forum?.id));
    await say(said.join('\n'));
  } catch (err) {
    deps.log.error({ err, guildId }, '/firstline setup failed');
    await say(userMessage(err)).catch(() => undefined);
  }
}

/** Makes `forumId` the server's support forum, or (undefined) turns its support forum off; says what it did. */
async function setSupportForum(
  deps: DiscordDeps,
  interaction: ChatInputCommandInteraction,
  guildId: string,
  forumId: string | undefined,
): Promise<string> {
  const current = await supportForumsOf(deps, interaction.client, guildId);
  if (!forumId) {
    for (const id of current) await deps.supportChannels.remove('DISCORD', id);
    return current.length > 0
      ? 'No support forum any more: new posts open no tickets. Open tickets keep their posts.'
      : 'There was no support forum.';
  }
  const user = await deps.users.findOrCreateChatUser(discordUser(interaction.user));
  await deps.supportChannels.save({
    platform: 'DISCORD',
    workspaceId: guildId,
    channelId: forumId,
    audience: 'EVERYONE',
    enabledById: user.id,
  });
  for (const id of current) if (id !== forumId) await deps.supportChannels.remove('DISCORD', id);
  return describeForum(forumId);
}
