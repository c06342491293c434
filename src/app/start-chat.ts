// The chat side of the api role: the Slack adapter when configured, and the two workers that turn
// ticket outcomes into chat messages (outcome feed → delivery queue → platform). The outcome
// worker runs even with no chat connected, so the feed does not pile up in Redis.
import type { FastifyPluginAsync } from 'fastify';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/slack-adapter.js';
import type { ChatMessenger } from '../domain/chat-ports.js';
import type { ChatPlatform } from '../domain/ticket.js';
import { loadIntentPack } from '../intents/intent-pack.js';
import { createDeliveryWorker } from '../pipeline/chat/delivery-worker.js';
import { createOutcomeWorker } from '../pipeline/chat/outcome-worker.js';
import type { Services } from './services.js';
import type { StopStep } from './start-worker.js';

export interface ChatSide {
  /** Routes to mount on the HTTP server (Slack's Events API in HTTP mode). */
  httpPlugins: FastifyPluginAsync[];
  /** Connects what needs the HTTP server up first, or connects out (Socket Mode). */
  connect(): Promise<void>;
}

const DELIVERY_CONCURRENCY = 4;

export async function startChat(services: Services, stops: StopStep[]): Promise<ChatSide> {
  const { config, log } = services;
  const messengers = new Map<ChatPlatform, ChatMessenger>();
  let slack: SlackAdapter | undefined;

  if (config.slack) {
    const pack = await loadIntentPack(config.pipeline.intentsFile);
    slack = createSlackAdapter(config.slack, {
      ...services,
      intentNames: pack.intents.map((i) => i.name),
      maxMessageChars: config.tickets.maxMessageChars,
    });
    messengers.set('SLACK', slack.messenger);
    if (!config.slack.agentsChannel) log.warn('SLACK_AGENTS_CHANNEL is not set: escalations are not posted for agents in Slack');
  } else {
    log.info('slack adapter off: SLACK_BOT_TOKEN is not set');
  }

  const connection = services.redis;
  const prefix = config.redis.queuePrefix;
  const deliveryWorker = createDeliveryWorker({
    connection,
    prefix,
    concurrency: DELIVERY_CONCURRENCY,
    deliver: { ...services, messengers },
    tickets: services.tickets,
    log,
    onResult: (labels) => services.pipelineMetrics.recordDelivery(labels),
  });
  void deliveryWorker.run();
  stops.push({ name: 'delivery worker', stop: () => deliveryWorker.close(services.redis.status !== 'ready') });
  const outcomeWorker = createOutcomeWorker({ connection, prefix, route: { tickets: services.tickets, messengers, deliveries: services.deliveries }, log });
  void outcomeWorker.run();
  stops.push({ name: 'outcome worker', stop: () => outcomeWorker.close(services.redis.status !== 'ready') });

  return {
    httpPlugins: slack?.httpPlugin ? [slack.httpPlugin] : [],
    async connect() {
      if (!slack) return;
      await slack.start();
      const adapter = slack;
      stops.push({ name: 'slack', stop: () => adapter.stop() });
      log.info({ mode: slack.mode, agentsChannel: config.slack?.agentsChannel ?? null }, 'slack adapter started');
    },
  };
}
