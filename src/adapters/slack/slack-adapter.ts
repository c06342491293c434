// The Slack adapter: a Bolt app in HTTP mode (POST /slack/events on Firstline's HTTP server) or in
// Socket Mode (SLACK_APP_TOKEN), its listeners, and the messengers the delivery queue posts with.
// One workspace with SLACK_BOT_TOKEN, or every workspace that installs the app through OAuth
// (SLACK_CLIENT_ID): then each has its own token and settings (slack-teams.ts).
import type { OutboundPolicy } from '../../domain/resilience.js';
import { App, type webApi } from '@slack/bolt';
import type { FastifyPluginAsync } from 'fastify';
import type { ChatMessenger } from '../../domain/ports/chat.js';
import type { InstallationRepository } from '../../domain/ports/workspaces.js';
import { boltLogger } from './bolt-logger.js';
import { FastifySlackReceiver } from './fastify-receiver.js';
import { registerListeners } from './listeners/index.js';
import type { SlackDeps } from './slack-deps.js';
import { createSlackInstaller, type SlackOAuth } from './slack-installer.js';
import { createSlackMessenger } from './slack-messenger.js';
import { createSlackPeople } from './slack-people.js';
import { createSlackTeams } from './slack-teams.js';

export interface SlackSettings {
  auth: { kind: 'token'; botToken: string } | ({ kind: 'oauth' } & SlackOAuth);
  signingSecret: string | undefined;
  appToken: string | undefined;
  agentsChannel: string | undefined;
  adminUserIds: readonly string[];
  apiUrl: string | undefined;
}

export interface SlackAdapter {
  mode: 'http' | 'socket';
  /** The messenger that speaks in a workspace (null: the default one); undefined where the app is not installed. */
  messengerFor(teamId: string | null): Promise<ChatMessenger | undefined>;
  /** HTTP mode: the routes to mount on the HTTP server before it listens (events, and OAuth's install pages). */
  httpPlugins: FastifyPluginAsync[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** OAuth keeps tokens sealed in the database: the configuration makes SECRETS_KEY required with it. */
function requireInstallations(installations: InstallationRepository | undefined): InstallationRepository {
  if (!installations) throw new Error('SECRETS_KEY is required to install the Slack app through OAuth');
  return installations;
}

export function createSlackAdapter(
  settings: SlackSettings,
  deps: Omit<SlackDeps, 'people' | 'teams' | 'defaultAgentsChannel'> & { installations: InstallationRepository | undefined },
  policy: OutboundPolicy,
): SlackAdapter {
  const log = deps.log.child({ component: 'slack' });
  const logger = boltLogger(log);
  const clientOptions: webApi.WebClientOptions = { slackApiUrl: settings.apiUrl, logger };
  const teams = createSlackTeams({
    auth: settings.auth.kind === 'token' ? settings.auth : { kind: 'oauth' },
    defaultAgentsChannel: settings.agentsChannel,
    installations: deps.installations,
    workspaces: deps.workspaces,
    clientOptions,
    log,
  });
  const people = createSlackPeople(teams, deps.workspaces, settings);
  const installer =
    settings.auth.kind === 'oauth'
      ? createSlackInstaller(settings.auth, {
          installations: requireInstallations(deps.installations),
          log,
          clientOptions,
          onRemoved: (team) => teams.forget(team),
        })
      : undefined;

  const socket = settings.appToken !== undefined;
  const receiver = socket ? undefined : new FastifySlackReceiver({ signingSecret: settings.signingSecret!, log });
  const token = settings.auth.kind === 'token' ? settings.auth.botToken : undefined;
  const app = socket
    ? new App({
        token,
        appToken: settings.appToken,
        socketMode: true,
        logger,
        clientOptions,
        // apps.connections.open goes through this client: point it at the same Web API.
        installerOptions: { clientOptions },
      })
    : installer
      ? new App({ receiver, logger, clientOptions, authorize: (source) => installer.provider.authorize(source) })
      : new App({ token, receiver, logger, clientOptions });
  registerListeners(app, { ...deps, log, people, teams, defaultAgentsChannel: settings.agentsChannel });

  return {
    mode: socket ? 'socket' : 'http',
    async messengerFor(teamId) {
      const client = await teams.outboundFor(teamId);
      return client ? createSlackMessenger(client, await teams.agentsChannelFor(teamId), policy) : undefined;
    },
    httpPlugins: [...(receiver ? [receiver.plugin()] : []), ...(installer ? [installer.routes] : [])],
    async start() {
      if (socket) await app.start();
    },
    async stop() {
      if (socket) await app.stop();
    },
  };
}
