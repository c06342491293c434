// The chat side of the api role: the Slack and Discord adapters when configured, and the two workers that turn
// ticket outcomes into chat messages (outcome feed → delivery queue → platform). The outcome
// worker runs even with no chat connected, so the feed does not pile up in Redis.
import type { FastifyPluginAsync } from 'fastify';
import { createDiscordAdapter, type DiscordAdapter } from '../adapters/discord/discord-adapter.js';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/slack-adapter.js';
import type { IntentPack } from '../intents/intent-pack.js';
import { createDeliveryWorker } from '../workers/delivery-worker.js';
import { createOutcomeWorker } from '../workers/outcome-worker.js';
import { createOfferPlanner, type OfferPlanner } from '../pipeline/offers/offer-escalations.js';
import { chatterDetectorForPack } from '../nlp/chatter.js';
import { messengersByPlatform, type MessengerFor } from '../pipeline/chat/delivery/messengers.js';
import type { ChatPlatform } from '../domain/ticket.js';
import { outboundPolicy } from './outbound-policies.js';
import type { Services } from './services.js';
import type { StopStep } from './start-worker.js';
import { startSla } from './start-sla.js';

export interface ChatSide {
  /** Routes to mount on the HTTP server (Slack's Events API in HTTP mode). */
  httpPlugins: FastifyPluginAsync[];
  /** Connects what needs the HTTP server up first, or connects out (Socket Mode). */
  connect(): Promise<void>;
  /** Offers open escalations to agents (run after every change that moves their load). */
  offers: OfferPlanner;
}

const DELIVERY_CONCURRENCY = 4;

export async function startChat(services: Services, stops: StopStep[], pack: IntentPack): Promise<ChatSide> {
  const { config, log } = services;
  const connected = new Map<ChatPlatform, MessengerFor>();
  let slack: SlackAdapter | undefined;
  let discord: DiscordAdapter | undefined;
  // The adapters suggest its intents to agents, and offers match its skills.
  const skillsByIntent = new Map(pack.intents.map((i) => [i.name, i.skills]));
  // Support channels open tickets for requests only: greetings and thanks are told apart by the pack's examples.
  const chatter = chatterDetectorForPack(pack);
  const adapterDeps = {
    ...services,
    intentNames: pack.intents.map((i) => i.name),
    maxMessageChars: config.tickets.maxMessageChars,
    isChatter: (text: string) => chatter.isChatter(text),
  };

  if (config.slack) {
    const adapter = createSlackAdapter(
      config.slack,
      { ...adapterDeps, autoResolveMode: config.pipeline.autoResolveMode },
      outboundPolicy(services.breakers, config, 'slack'),
    );
    slack = adapter;
    connected.set('SLACK', (workspaceId) => adapter.messengerFor(workspaceId));
    if (config.slack.auth.kind === 'oauth' && config.slack.auth.allowedTeamIds.length === 0)
      log.warn('SLACK_ALLOWED_TEAM_IDS is not set: any Slack workspace that finds /slack/install may install the app');
    if (config.slack.auth.kind === 'token' && !config.slack.agentsChannel)
      log.warn('SLACK_AGENTS_CHANNEL is not set: escalations are posted for agents only where /firstline agents-channel set a channel');
  } else {
    log.info('slack adapter off: neither SLACK_BOT_TOKEN nor SLACK_CLIENT_ID is set');
  }
  if (config.discord) {
    discord = createDiscordAdapter(config.discord, adapterDeps, outboundPolicy(services.breakers, config, 'discord'));
    const adapter = discord;
    connected.set('DISCORD', (guildId) => adapter.messengerFor(guildId));
    if (!config.discord.agentsChannelId)
      log.warn(
        'DISCORD_AGENTS_CHANNEL_ID is not set: escalations are posted for agents only where /firstline setup agents-channel set a channel',
      );
  } else {
    log.info('discord adapter off: DISCORD_TOKEN is not set');
  }

  const messengers = messengersByPlatform(connected);
  const connection = services.workerRedis;
  const prefix = config.redis.queuePrefix;
  const deliveryWorker = createDeliveryWorker({
    connection,
    prefix,
    concurrency: DELIVERY_CONCURRENCY,
    deliver: { ...services, messengers },
    tickets: services.tickets,
    outcomes: services.outcomes,
    log,
    onResult: (labels) => services.pipelineMetrics.recordDelivery(labels),
  });
  void deliveryWorker.run();
  stops.push({ name: 'delivery worker', stop: () => deliveryWorker.close(services.workerRedis.status !== 'ready') });
  const offers = createOfferPlanner({
    assignments: services.assignments,
    skillsFor: (intent) => (intent ? (skillsByIntent.get(intent) ?? []) : []),
    outcomes: services.outcomes,
    log,
  });
  const outcomeWorker = createOutcomeWorker({
    connection,
    prefix,
    route: { tickets: services.tickets, messengers, deliveries: services.deliveries },
    offers,
    sla: services.slaScheduler,
    log,
  });
  void outcomeWorker.run();
  stops.push({ name: 'outcome worker', stop: () => outcomeWorker.close(services.workerRedis.status !== 'ready') });
  await startSla(services, stops, { messengers, offers });

  return {
    offers,
    httpPlugins: slack?.httpPlugins ?? [],
    async connect() {
      if (slack) {
        const adapter = slack;
        await adapter.start();
        stops.push({ name: 'slack', stop: () => adapter.stop() });
        log.info({ mode: adapter.mode, agentsChannel: config.slack?.agentsChannel ?? null }, 'slack adapter started');
      }
      if (discord) {
        const adapter = discord;
        // Pushed first: a login that fails halfway still closes the client.
        stops.push({ name: 'discord', stop: () => adapter.stop() });
        await adapter.start();
        log.info({ agentsChannel: config.discord?.agentsChannelId ?? null }, 'discord adapter started');
      }
    },
  };
}
