// The Discord adapter: a discord.js client on the gateway (only the intents it needs), the handlers
// it routes interactions and messages to, and the messengers the delivery queue posts with: one per
// server the bot is in, each with that server's agents' channel (discord-servers.ts).
import type { OutboundPolicy } from '../../domain/resilience.js';
import { Client, Events, GatewayIntentBits, Partials, REST, type Interaction } from 'discord.js';
import type { ChatMessenger } from '../../domain/ports/chat.js';
import type { DiscordDeps } from './discord-deps.js';
import { createDiscordMessenger } from './discord-messenger.js';
import { createDiscordServers } from './discord-servers.js';
import { createForumPostTagger } from './forum-post-tagger.js';
import { parseDmServerCustomId } from './dm-server-question.js';
import { handleAgentButton } from './handlers/agent-buttons.js';
import { handleDmServerSelect } from './handlers/dm-server-select.js';
import { handleFeedbackButton } from './handlers/feedback-buttons.js';
import { handleFirstlineCommand } from './handlers/firstline-command.js';
import { handleMessageCreate } from './handlers/message-create.js';
import { handleMetricsCommand } from './handlers/metrics-command.js';
import { handleReplyModal } from './handlers/reply-modal.js';
import { handleResolveCommand } from './handlers/resolve-command.js';
import { handleSupportCommand } from './handlers/support-command.js';
import { CUSTOM, parseCustomId } from './messages.js';

export interface DiscordSettings {
  token: string;
  applicationId: string;
  agentsChannelId: string | undefined;
  adminUserIds: readonly string[];
  apiUrl: string | undefined;
}

export interface DiscordAdapter {
  /**
   * The messenger that speaks for a server, with its agents' channel; null (or '': a ticket from the
   * API, a DM of no server): the default server's, that of DISCORD_AGENTS_CHANNEL_ID.
   */
  messengerFor(guildId: string | null): Promise<ChatMessenger | undefined>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const LOGIN_TIMEOUT_MS = 30_000;

/**
 * Guilds (channels, threads, forums' tags), GuildMessages (follow-ups in threads, new posts in
 * support forums), DirectMessages (DMs open tickets). MessageContent is privileged: it is needed for the text of follow-ups and notes in
 * guild threads (a DM's text comes without it).
 */
export const GATEWAY_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.MessageContent,
];

async function route(deps: DiscordDeps, interaction: Interaction): Promise<void> {
  if (interaction.isChatInputCommand()) {
    if (interaction.commandName === 'support') return handleSupportCommand(deps, interaction);
    if (interaction.commandName === 'resolve') return handleResolveCommand(deps, interaction);
    if (interaction.commandName === 'metrics') return handleMetricsCommand(deps, interaction);
    if (interaction.commandName === 'firstline') return handleFirstlineCommand(deps, interaction);
    return;
  }
  if (interaction.isButton()) {
    const parsed = parseCustomId(interaction.customId);
    if (!parsed) return;
    if (parsed.action === CUSTOM.helpful || parsed.action === CUSTOM.notHelpful) {
      return handleFeedbackButton(deps, interaction, parsed.ticketId, parsed.action === CUSTOM.helpful);
    }
    if (parsed.action === CUSTOM.claim || parsed.action === CUSTOM.reply)
      return handleAgentButton(deps, interaction, parsed.ticketId, parsed.action);
    return;
  }
  if (interaction.isStringSelectMenu()) {
    const messageId = parseDmServerCustomId(interaction.customId);
    if (messageId) return handleDmServerSelect(deps, interaction, messageId);
    return;
  }
  if (interaction.isModalSubmit()) {
    const parsed = parseCustomId(interaction.customId);
    if (parsed?.action === CUSTOM.replyModal) return handleReplyModal(deps, interaction, parsed.ticketId);
  }
}

export function createDiscordAdapter(
  settings: DiscordSettings,
  deps: Omit<DiscordDeps, 'servers' | 'forumTags'>,
  policy: OutboundPolicy,
): DiscordAdapter {
  const log = deps.log.child({ component: 'discord' });
  const api = settings.apiUrl ? { api: settings.apiUrl } : {};
  const client = new Client({ intents: GATEWAY_INTENTS, partials: [Partials.Channel], rest: api });
  const forumTags = createForumPostTagger(client, log);
  // Outbound posts: no sleeping on rate limits and no retries inside the call; the delivery queue does both.
  const rest = new REST({ version: '10', ...api, rejectOnRateLimit: () => true, retries: 0, timeout: 10_000 }).setToken(settings.token);
  const servers = createDiscordServers({
    client,
    rest,
    defaultAgentsChannelId: settings.agentsChannelId,
    adminUserIds: settings.adminUserIds,
    workspaces: deps.workspaces,
    supportChannels: deps.supportChannels,
    log,
  });
  const handlerDeps: DiscordDeps = { ...deps, log, servers, forumTags };
  /** Servers' channels are cached from the gateway; a DM is fetched (and then cached) when not. A failure is retried by the queue. */
  const isDirectMessage = async (channelId: string) =>
    (client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId)))?.isDMBased() === true;

  client.on(Events.InteractionCreate, (interaction) => {
    route(handlerDeps, interaction).catch((err: unknown) => log.error({ err, interaction: interaction.id }, 'discord interaction failed'));
  });
  client.on(Events.MessageCreate, (message) => {
    handleMessageCreate(handlerDeps, message).catch((err: unknown) => log.error({ err, message: message.id }, 'discord message failed'));
  });
  // The bot was removed from the server (or the server was deleted). discord.js tells an outage
  // (GUILD_DELETE with unavailable: true) apart as GuildUnavailable and never emits this for it; a
  // server removed while unavailable comes here with `available` false and is left all the same.
  client.on(Events.GuildDelete, (guild) => {
    servers
      .leave(guild.id)
      .then((left) => log.info({ guildId: guild.id, ...left }, 'discord server left: its settings and support channels are removed'))
      .catch((err: unknown) => log.error({ err, guildId: guild.id }, 'could not remove the settings of a server the bot left'));
  });
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));

  return {
    async messengerFor(guildId) {
      return createDiscordMessenger(rest, await servers.agentsChannelOf(guildId), policy, forumTags, isDirectMessage);
    },
    async start() {
      const ready = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Discord gateway not ready within ${LOGIN_TIMEOUT_MS} ms`)), LOGIN_TIMEOUT_MS);
        client.once(Events.ClientReady, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      await client.login(settings.token);
      await ready;
    },
    async stop() {
      await client.destroy();
    },
  };
}
