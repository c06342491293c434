// Installing the Slack app in many workspaces (OAuth v2), with Slack's own installer (@slack/oauth,
// what Bolt uses): GET /slack/install sends the admin to Slack, GET /slack/oauth_redirect takes the
// grant back, exchanges it for the workspace's bot token and stores the installation sealed in the
// database. The state parameter is signed and tied to a cookie, so a redirect cannot be forged.
import { InstallProvider, type Installation, type InstallationStore } from '@slack/oauth';
import type { webApi } from '@slack/bolt';
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { InstallationRepository } from '../../domain/ports/workspaces.js';
import { boltLogger } from './bolt-logger.js';
import { SLACK_BOT_SCOPES } from './slack-scopes.js';

export interface SlackOAuth {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** Only these workspaces may install; empty: any may. */
  allowedTeamIds: readonly string[];
}

/** The installation store Slack's installer and Bolt's authorize read and write: our sealed rows. */
function installationStore(
  installations: InstallationRepository,
  allowedTeamIds: readonly string[],
  onRemoved: (teamId: string) => void,
): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      // An org-wide install on Enterprise Grid would serve every workspace of the org with one token:
      // not supported; each workspace installs the app itself.
      if (installation.isEnterpriseInstall || !installation.team?.id) throw new Error('org-wide installs are not supported');
      // Every workspace installed costs the deployer (tickets, LLM calls): with an allowlist, only those.
      if (allowedTeamIds.length > 0 && !allowedTeamIds.includes(installation.team.id))
        throw new Error(`workspace ${installation.team.id} is not allowed to install this app`);
      await installations.save({
        platform: 'SLACK',
        workspaceId: installation.team.id,
        name: installation.team.name ?? null,
        botUserId: installation.bot?.userId ?? null,
        installedById: installation.user.id,
        secret: JSON.stringify(installation),
      });
      onRemoved(installation.team.id); // a reinstall replaces the cached token
    },
    async fetchInstallation(query) {
      const record = query.teamId ? await installations.find('SLACK', query.teamId) : null;
      if (!record) throw new Error(`Firstline is not installed in workspace ${query.teamId ?? '(none)'}`);
      // What storeInstallation wrote: sealed with AES-GCM, whose tag proves it was not changed since.
      return JSON.parse(record.secret) as Installation;
    },
    async deleteInstallation(query) {
      if (!query.teamId) return;
      await installations.remove('SLACK', query.teamId);
      onRemoved(query.teamId);
    },
  };
}

export function createSlackInstaller(
  oauth: SlackOAuth,
  deps: { installations: InstallationRepository; log: Logger; clientOptions: webApi.WebClientOptions; onRemoved: (teamId: string) => void },
): { provider: InstallProvider; routes: FastifyPluginAsync } {
  const provider = new InstallProvider({
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    installationStore: installationStore(deps.installations, oauth.allowedTeamIds, deps.onRemoved),
    // Straight to Slack's consent screen: the install link is the button.
    directInstall: true,
    installUrlOptions: { scopes: [...SLACK_BOT_SCOPES] },
    logger: boltLogger(deps.log),
    clientOptions: { slackApiUrl: deps.clientOptions.slackApiUrl },
  });
  const routes: FastifyPluginAsync = async (fastify) => {
    fastify.get('/slack/install', { schema: { hide: true } }, async (request, reply) => {
      reply.hijack();
      await provider.handleInstallPath(request.raw, reply.raw);
    });
    fastify.get('/slack/oauth_redirect', { schema: { hide: true } }, async (request, reply) => {
      reply.hijack();
      await provider.handleCallback(request.raw, reply.raw, {
        success: (installation, _options, _req, res) => {
          deps.log.info({ team: installation.team?.id }, 'slack app installed');
          res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('Firstline is installed. In Slack, run `/firstline agents-channel` in the channel where your agents work.');
        },
        failure: (error, _options, _req, res) => {
          deps.log.warn({ err: error }, 'slack install failed');
          res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('The installation did not complete. Start again from /slack/install.');
        },
      });
    });
  };
  return { provider, routes };
}
