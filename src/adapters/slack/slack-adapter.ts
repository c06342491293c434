// The Slack adapter: a Bolt app in HTTP mode (POST /slack/events on Firstline's HTTP server) or in
// Socket Mode (SLACK_APP_TOKEN), its listeners, and the messenger the delivery queue posts with.
import type { OutboundPolicy } from '../../domain/resilience.js';
import { App, webApi } from '@slack/bolt';
import type { FastifyPluginAsync } from 'fastify';
import type { ChatMessenger } from '../../domain/ports/chat.js';
import { boltLogger } from './bolt-logger.js';
import { FastifySlackReceiver } from './fastify-receiver.js';
import { registerListeners } from './listeners/index.js';
import type { SlackDeps } from './slack-deps.js';
import { createSlackMessenger } from './slack-messenger.js';
import { createSlackPeople } from './slack-people.js';

export interface SlackSettings {
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  agentsChannel: string | undefined;
  adminUserIds: readonly string[];
  apiUrl: string | undefined;
}

export interface SlackAdapter {
  mode: 'http' | 'socket';
  messenger: ChatMessenger;
  /** HTTP mode: the route to mount on the HTTP server before it listens. */
  httpPlugin: FastifyPluginAsync | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlackAdapter(
  settings: SlackSettings,
  deps: Omit<SlackDeps, 'people' | 'agentsChannel'>,
  policy: OutboundPolicy,
): SlackAdapter {
  const log = deps.log.child({ component: 'slack' });
  const logger = boltLogger(log);
  const clientOptions = { slackApiUrl: settings.apiUrl, logger };
  // Listeners' calls (views.open, ephemerals) keep the SDK's own retries: they are tied to a click.
  const client = new webApi.WebClient(settings.botToken, clientOptions);
  const people = createSlackPeople(client, settings);
  const outbound = new webApi.WebClient(settings.botToken, {
    ...clientOptions,
    // The delivery queue retries, honouring Retry-After, instead of the SDK waiting in-process.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 10_000,
  });

  const socket = settings.appToken !== undefined;
  const receiver = socket ? undefined : new FastifySlackReceiver({ signingSecret: settings.signingSecret!, log });
  const app = socket
    ? new App({
        token: settings.botToken,
        appToken: settings.appToken,
        socketMode: true,
        logger,
        clientOptions,
        // apps.connections.open goes through this client: point it at the same Web API.
        installerOptions: { clientOptions },
      })
    : new App({ token: settings.botToken, receiver, logger, clientOptions });
  registerListeners(app, { ...deps, log, people, agentsChannel: settings.agentsChannel });

  return {
    mode: socket ? 'socket' : 'http',
    messenger: createSlackMessenger(outbound, settings.agentsChannel, policy),
    httpPlugin: receiver?.plugin(),
    async start() {
      if (socket) await app.start();
    },
    async stop() {
      if (socket) await app.stop();
    },
  };
}
