// One deployment, many Slack workspaces: each installs the app through OAuth (Slack's installer
// against the fake's oauth.v2.access), gets its own sealed token, agents' channel and mode, and sees
// only its own tickets and figures. Uninstalling ends its installation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/adapters/slack/blocks.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { eventually, untilStatus as untilStatusOf } from '../helpers/eventually.js';
import { ADMIN, logInAs, startTestApp, type TestApp } from '../helpers/test-app.js';
import { FakeSlack, SlackRequests, type SlackCall } from '../fakes/fake-slack.js';

const ALPHA = {
  id: 'T0ALPHA',
  name: 'Alpha Co',
  token: 'xoxb-alpha-token',
  admin: 'U0ALPHAADMIN',
  agent: 'U0ALPHAAGENT',
  agents: 'C0ALPHAAGENTS',
};
const BETA = {
  id: 'T0BETA',
  name: 'Beta Ltd',
  token: 'xoxb-beta-token',
  admin: 'U0BETAADMIN',
  agent: 'U0BETAAGENT',
  agents: 'C0BETAAGENTS',
};
const AUTO = 'I forgot my password and cannot log in';
const HUMAN = 'I was charged twice for my subscription, I want to talk to a human';

let fake: FakeSlack;
let app: TestApp;
const requests = new Map<string, SlackRequests>();
const from = (team: { id: string }) => requests.get(team.id)!;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  for (const team of [ALPHA, BETA]) {
    fake.workspaceAdmins.add(team.admin);
    fake.members.set(team.agents, new Set([team.agent]));
    fake.grants.set(`code-${team.id}`, { team: { id: team.id, name: team.name }, token: team.token, installer: team.admin });
  }
  app = await startTestApp({
    SLACK_CLIENT_ID: '1111.2222',
    SLACK_CLIENT_SECRET: 'client-secret',
    SLACK_STATE_SECRET: 'state-secret-that-is-long-enough-0123456789',
    SLACK_SIGNING_SECRET: 'test-slack-signing-secret',
    SECRETS_KEY: 'secrets-key-that-is-long-enough-0123456789',
    SLACK_API_URL: fake.apiUrl,
    SLACK_ALLOWED_TEAM_IDS: `${ALPHA.id},${BETA.id}`,
  });
  for (const team of [ALPHA, BETA]) requests.set(team.id, new SlackRequests(app.url, fake, team.id));
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

/** Installs the app in a workspace as its admin would: /slack/install, Slack's consent, the redirect back. */
async function install(team: { id: string }): Promise<Response> {
  const start = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const state = new URL(start.headers.get('location')!).searchParams.get('state');
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  return fetch(`${app.url}/slack/oauth_redirect?code=code-${team.id}&state=${state}`, { headers: { cookie } });
}

let tsSeq = 0;
const nextTs = () => `1820000${String((tsSeq += 1)).padStart(3, '0')}.000100`;
const dm = (user: string, text: string) => ({ type: 'message', channel_type: 'im', user, text, channel: `D0${user}`, ts: nextTs() });
const tickets = () => app.running.services.tickets;
const ticketOf = (channel: string, ts: string) =>
  eventually(() => tickets().findByChatMessage('SLACK', channel, ts), `the ticket of ${channel}/${ts}`);
const untilStatus = (ticketId: string, statuses: Ticket['status'][]) => untilStatusOf(app.running.services, ticketId, statuses);
const postsIn = (channel: string) => fake.callsTo('chat.postMessage', (b) => b.channel === channel);

async function command(team: { id: string }, text: string, user: string, channel: string, name = '/firstline'): Promise<string> {
  const sent = from(team).command(name, text, user, channel);
  const res = await sent.send();
  if (res.body) {
    const body = JSON.parse(res.body) as { text?: string };
    if (body.text) return body.text;
  }
  const answer = await fake.waitFor(() => fake.calls.find((c) => sent.responseUrl.endsWith(c.method)));
  return String(answer.body.text);
}

describe('installing through OAuth', () => {
  it('stores each workspace’s installation sealed, with a state tied to the installer’s browser', async () => {
    const forged = await fetch(`${app.url}/slack/oauth_redirect?code=code-${ALPHA.id}&state=forged`);
    expect(forged.status).toBe(400);
    fake.grants.set('code-T0STRANGER', { team: { id: 'T0STRANGER', name: 'Stranger' }, token: 'xoxb-stranger', installer: 'U0X' });
    expect((await install({ id: 'T0STRANGER' })).status).toBe(400);
    expect(await app.running.services.installations!.find('SLACK', 'T0STRANGER')).toBeNull();
    for (const team of [ALPHA, BETA]) {
      const done = await install(team);
      expect(done.status).toBe(200);
      expect(await done.text()).toMatch(/Firstline is installed/);
    }
    const rows = await app.running.services.db.query<{ workspaceId: string; secret: string }>(
      `SELECT "workspaceId", secret FROM "ChatInstallation" ORDER BY "workspaceId"`,
      [],
    );
    expect(rows.map((r) => r.workspaceId)).toEqual([ALPHA.id, BETA.id]);
    for (const row of rows) expect(row.secret).not.toMatch(/xoxb/);

    const admin = await logInAs(app, ADMIN.email, ADMIN.password);
    const listed = await app.request({ method: 'GET', url: '/admin/chat-workspaces', headers: admin });
    expect(
      listed
        .json()
        .installations.map((i: { workspace_id: string }) => i.workspace_id)
        .sort(),
    ).toEqual([ALPHA.id, BETA.id]);
    expect(listed.body).not.toMatch(/xoxb/);
  });

  it('lets each workspace’s admin choose its agents’ channel, and refuses its other members', async () => {
    expect(await command(ALPHA, 'agents-channel', ALPHA.agent, ALPHA.agents)).toBe('Only admins can change how Firstline works here.');
    for (const team of [ALPHA, BETA]) {
      expect(await command(team, 'agents-channel', team.admin, team.agents)).toMatch(new RegExp(`posted in <#${team.agents}>`));
    }
    expect(await command(BETA, 'mode live', 'U0BETAOPS', BETA.agents)).toBe('Only admins can change how Firstline works here.');
    expect(await command(BETA, 'admins add <@U0BETAOPS|ops>', BETA.admin, BETA.agents)).toMatch(
      /besides the workspace's own: <@U0BETAOPS>/,
    );
    expect(await command(BETA, 'mode shadow', 'U0BETAOPS', BETA.agents)).toMatch(/suggested to agents only/);
  });
});

describe('each workspace on its own', () => {
  let alphaTicket: Ticket;

  it('answers each workspace’s customers and posts its escalations in its own agents’ channel, with its own token', async () => {
    const alphaDm = dm('U0ALPHACUST', HUMAN);
    const betaDm = dm('U0BETACUST', HUMAN);
    await from(ALPHA).event(alphaDm);
    await from(BETA).event(betaDm);
    alphaTicket = await ticketOf(alphaDm.channel, alphaDm.ts);
    const betaTicket = await ticketOf(betaDm.channel, betaDm.ts);
    expect([alphaTicket.chatWorkspaceId, betaTicket.chatWorkspaceId]).toEqual([ALPHA.id, BETA.id]);
    await untilStatus(alphaTicket.id, ['ESCALATED']);
    await untilStatus(betaTicket.id, ['ESCALATED']);
    const alphaPost = await fake.waitFor(() =>
      postsIn(ALPHA.agents).find((c) => String(c.body.text).startsWith(`Ticket #${alphaTicket.number} `)),
    );
    const betaPost = await fake.waitFor(() =>
      postsIn(BETA.agents).find((c) => String(c.body.text).startsWith(`Ticket #${betaTicket.number} `)),
    );
    expect([alphaPost.token, betaPost.token]).toEqual([ALPHA.token, BETA.token]);
    const tokensIn = (channel: string) => new Set(fake.calls.filter((c: SlackCall) => c.body.channel === channel).map((c) => c.token));
    // The customer's notice is a delivery of its own, which may land after the agents' post.
    await fake.waitFor(() => tokensIn(alphaDm.channel).size > 0 && tokensIn(betaDm.channel).size > 0);
    expect(tokensIn(alphaDm.channel)).toEqual(new Set([ALPHA.token]));
    expect(tokensIn(betaDm.channel)).toEqual(new Set([BETA.token]));
    // Neither agents' channel shows the other workspace's ticket.
    expect(postsIn(ALPHA.agents).some((c) => String(c.body.text).startsWith(`Ticket #${betaTicket.number} `))).toBe(false);
    expect(postsIn(BETA.agents).some((c) => String(c.body.text).startsWith(`Ticket #${alphaTicket.number} `))).toBe(false);
  });

  it('keeps one workspace’s agents away from another’s tickets', async () => {
    const answer = await command(BETA, `${alphaTicket.number} Refunded`, BETA.agent, BETA.agents, '/resolve');
    expect(answer).toBe(`There is no ticket #${alphaTicket.number}.`);
    const ephemeralsBefore = fake.callsTo('chat.postEphemeral').length;
    await from(BETA).click(ACTIONS.claim, alphaTicket.id, BETA.agent, { channel: BETA.agents, ts: '1.1' });
    await fake.waitFor(() => fake.callsTo('chat.postEphemeral').length > ephemeralsBefore);
    expect(fake.callsTo('chat.postEphemeral').at(-1)?.body.text).toBe('That ticket no longer exists.');
    expect((await tickets().findById(alphaTicket.id))?.status).toBe('ESCALATED');
    // Alpha's own agent may.
    expect(await command(ALPHA, `${alphaTicket.number} Refunded today`, ALPHA.agent, ALPHA.agents, '/resolve')).toMatch(/resolved/);
  });

  it('sends automatic answers where the mode is live and only suggests them where a workspace chose shadow', async () => {
    const alphaDm = dm('U0ALPHACUST2', AUTO);
    const betaDm = dm('U0BETACUST2', AUTO);
    await from(ALPHA).event(alphaDm);
    await from(BETA).event(betaDm);
    const alpha = await untilStatus((await ticketOf(alphaDm.channel, alphaDm.ts)).id, ['AUTO_RESOLVED', 'ESCALATED']);
    const beta = await untilStatus((await ticketOf(betaDm.channel, betaDm.ts)).id, ['AUTO_RESOLVED', 'ESCALATED']);
    expect(alpha.status).toBe('AUTO_RESOLVED');
    expect(beta).toMatchObject({ status: 'ESCALATED', escalationReason: 'shadow_mode' });
  });

  it('reports to each workspace’s admin only its own figures', async () => {
    const sent = from(BETA).command('/metrics', '30d', BETA.admin, BETA.agents);
    await sent.send();
    const answer = await fake.waitFor(() => fake.calls.find((c) => sent.responseUrl.endsWith(c.method)));
    const blocks = JSON.stringify(answer.body);
    const total = await app.running.services.db.prisma.ticket.count({ where: { chatWorkspaceId: BETA.id } });
    const everything = await app.running.services.db.prisma.ticket.count();
    expect(total).toBeLessThan(everything);
    expect(blocks).toContain(`*Tickets*\\n${total}`);
  });
});

describe('uninstalling', () => {
  it('deletes the workspace’s installation, and its later events open nothing', async () => {
    const res = await from(BETA).event({ type: 'app_uninstalled' });
    expect(res.status).toBe(200);
    await eventually(async () => (await app.running.services.installations!.find('SLACK', BETA.id)) === null, 'the installation deleted');
    const before = await app.running.services.db.prisma.ticket.count();
    const late = await from(BETA).event(dm('U0BETACUST3', HUMAN));
    expect(late.status).toBe(200);
    // Alpha still works.
    const alphaDm = dm('U0ALPHACUST3', HUMAN);
    await from(ALPHA).event(alphaDm);
    await ticketOf(alphaDm.channel, alphaDm.ts);
    expect(await app.running.services.db.prisma.ticket.count()).toBe(before + 1);
  });

  it('deletes it too when Slack revokes the bot’s token, but not for a user’s token', async () => {
    expect((await install(BETA)).status).toBe(200);
    await from(BETA).event({ type: 'tokens_revoked', tokens: { oauth: ['U0BETACUST'] } });
    expect(await app.running.services.installations!.find('SLACK', BETA.id)).not.toBeNull();
    await from(BETA).event({ type: 'tokens_revoked', tokens: { bot: ['U0BOT'] } });
    await eventually(async () => (await app.running.services.installations!.find('SLACK', BETA.id)) === null, 'the installation deleted');
  });
});

describe('/admin/chat-workspaces', () => {
  it('changes a workspace’s settings for admins, field by field, and forgets them', async () => {
    const admin = await logInAs(app, ADMIN.email, ADMIN.password);
    const url = `/admin/chat-workspaces/slack/${ALPHA.id}`;
    const patched = await app.request({
      method: 'PATCH',
      url,
      headers: admin,
      payload: { auto_resolve_mode: 'SHADOW', admin_user_ids: ['U0ALPHAOPS'] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ agents_channel_id: ALPHA.agents, auto_resolve_mode: 'SHADOW', admin_user_ids: ['U0ALPHAOPS'] });
    const reset = await app.request({ method: 'PATCH', url, headers: admin, payload: { auto_resolve_mode: null } });
    expect(reset.json()).toMatchObject({ agents_channel_id: ALPHA.agents, auto_resolve_mode: null });
    expect((await app.request({ method: 'PATCH', url, headers: admin, payload: {} })).statusCode).toBe(400);
    expect((await app.request({ method: 'PATCH', url, headers: admin, payload: { agents_channel_id: '#general' } })).statusCode).toBe(400);
    expect((await app.request({ method: 'PATCH', url, payload: { auto_resolve_mode: null } })).statusCode).toBe(401);
    expect((await app.request({ method: 'DELETE', url, headers: admin })).statusCode).toBe(204);
    expect((await app.request({ method: 'DELETE', url, headers: admin })).statusCode).toBe(404);
  });
});
