// The workspaces the Slack app serves, and what Firstline uses in each: its bot token, its Web API
// clients and its agents' channel. With SLACK_BOT_TOKEN there is one workspace and one token; with
// OAuth (SLACK_CLIENT_ID) each workspace that installed the app has its own, kept sealed in the
// database, and a workspace that has not installed it (or uninstalled it) gets nothing.
import { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from 'pino';
import type { InstallationRepository, WorkspaceSettingsRepository } from '../../domain/ports/workspaces.js';

export type SlackAuth = { kind: 'token'; botToken: string } | { kind: 'oauth' };

export interface SlackTeams {
  readonly auth: SlackAuth['kind'];
  /** The bot token for a workspace; null asks for the default (one-workspace setups only). */
  tokenFor(teamId: string | null): Promise<string | undefined>;
  /** A client for listeners' calls (the SDK retries: they are tied to a click). */
  clientFor(teamId: string | null): Promise<webApi.WebClient | undefined>;
  /** A client for deliveries: rate limits and failures come back to the queue instead of being waited on. */
  outboundFor(teamId: string | null): Promise<webApi.WebClient | undefined>;
  /** Its agents' channel: the workspace's setting, else (one-workspace setups) SLACK_AGENTS_CHANNEL. */
  agentsChannelFor(teamId: string | null): Promise<string | undefined>;
  /** Forgets what is cached of a workspace (reinstalled, or uninstalled elsewhere). */
  forget(teamId: string): void;
  /** The app was uninstalled from the workspace, or its bot token revoked: its installation is deleted. */
  uninstall(teamId: string): Promise<boolean>;
}

/** The part of a stored installation (@slack/oauth's Installation, as JSON) this reads: its bot token. */
const ZStoredBot = z.looseObject({ bot: z.looseObject({ token: z.string().min(1) }).optional() });

/** How long a workspace's installation is kept in memory; an uninstall elsewhere is seen within this. */
const INSTALLATION_TTL_MS = 60_000;
/**
 * How long a workspace's agents' channel is kept in memory: every message the bot sees asks for it.
 * A change made in another process (the admin API, another replica) applies within this.
 */
const SETTINGS_TTL_MS = 10_000;

export function createSlackTeams(options: {
  auth: SlackAuth;
  defaultAgentsChannel: string | undefined;
  installations: InstallationRepository | undefined;
  workspaces: WorkspaceSettingsRepository;
  clientOptions: webApi.WebClientOptions;
  log: Logger;
}): SlackTeams {
  const { auth } = options;
  const installed = new Map<string, { token: string | undefined; at: number }>();
  const clients = new Map<string, { listener: webApi.WebClient; outbound: webApi.WebClient }>();

  const installedToken = async (teamId: string): Promise<string | undefined> => {
    const cached = installed.get(teamId);
    if (cached && Date.now() - cached.at < INSTALLATION_TTL_MS) return cached.token;
    const record = await options.installations?.find('SLACK', teamId);
    const token = record ? ZStoredBot.parse(JSON.parse(record.secret)).bot?.token : undefined;
    installed.set(teamId, { token, at: Date.now() });
    return token;
  };

  const channels = new Map<string, { channel: string | undefined; at: number }>();
  const ownAgentsChannel = async (teamId: string): Promise<string | undefined> => {
    const cached = channels.get(teamId);
    if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.channel;
    const channel = (await options.workspaces.find('SLACK', teamId))?.agentsChannelId ?? undefined;
    channels.set(teamId, { channel, at: Date.now() });
    return channel;
  };

  const forget = (teamId: string) => {
    const token = installed.get(teamId)?.token;
    installed.delete(teamId);
    channels.delete(teamId);
    if (token) clients.delete(token);
  };

  const tokenFor = async (teamId: string | null) => {
    if (auth.kind === 'token') return auth.botToken;
    return teamId ? installedToken(teamId) : undefined;
  };

  const clientsFor = async (teamId: string | null) => {
    const token = await tokenFor(teamId);
    if (!token) return undefined;
    let pair = clients.get(token);
    if (!pair) {
      pair = {
        listener: new webApi.WebClient(token, options.clientOptions),
        // The delivery queue retries, honouring Retry-After, instead of the SDK waiting in-process.
        outbound: new webApi.WebClient(token, {
          ...options.clientOptions,
          rejectRateLimitedCalls: true,
          retryConfig: { retries: 0 },
          timeout: 10_000,
        }),
      };
      clients.set(token, pair);
    }
    return pair;
  };

  return {
    auth: auth.kind,
    tokenFor,
    clientFor: async (teamId) => (await clientsFor(teamId))?.listener,
    outboundFor: async (teamId) => (await clientsFor(teamId))?.outbound,
    async agentsChannelFor(teamId) {
      const own = teamId ? await ownAgentsChannel(teamId) : undefined;
      return own ?? (auth.kind === 'token' ? options.defaultAgentsChannel : undefined);
    },
    forget,
    async uninstall(teamId) {
      forget(teamId);
      return (await options.installations?.remove('SLACK', teamId)) ?? false;
    },
  };
}
