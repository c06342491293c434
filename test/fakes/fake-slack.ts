// A local stand-in for Slack: the Web API (records every call and answers like Slack), response_url
// endpoints, Socket Mode's WebSocket, and a signer for requests to POST /slack/events. 127.0.0.1 only.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const SIGNING_SECRET = 'test-slack-signing-secret';
export const BOT_USER = 'U0BOT';
export const TEAM = 'T0TEAM';
export const AGENTS_CHANNEL = 'C0AGENTS';

export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
  /** The token it was made with (Authorization: Bearer, or a token field). */
  token?: string;
  at: number;
  /** What the fake answered (its ts for a post). */
  response?: Record<string, unknown>;
  status?: number;
}

type Scripted = { status: number; headers?: Record<string, string>; body: Record<string, unknown>; channel?: string };

/** Form fields the SDK sends as JSON strings. */
const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata'];

/** A message the fake holds, as conversations.history and conversations.replies give it back. */
interface StoredMessage {
  channel: string;
  ts: string;
  /** Its author; the bot when absent. */
  user?: string;
  thread_ts?: string;
  text: unknown;
  metadata?: unknown;
}

function parse(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const body: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  for (const field of JSON_FIELDS) if (typeof body[field] === 'string') body[field] = JSON.parse(body[field] as string);
  return body;
}

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** Members of the agents' channel (conversations.members). */
  readonly agents = new Set<string>();
  /** Members of other channels (conversations.members), e.g. each installed workspace's agents' channel. */
  readonly members = new Map<string, Set<string>>();
  /** Workspace admins (users.info is_admin). */
  readonly workspaceAdmins = new Set<string>();
  /** Socket Mode: every frame the app sent back (acks). */
  readonly socketFrames: Record<string, unknown>[] = [];
  /** Every message posted, per channel (the bot's, and people's a test wrote with `written`). */
  readonly messages: StoredMessage[] = [];
  /** Channels shared with other organisations (conversations.info is_ext_shared). */
  readonly sharedChannels = new Set<string>();
  /** Channels the bot is in (conversations.info is_member); conversations.join adds to it. */
  readonly joinedChannels = new Set<string>([AGENTS_CHANNEL]);
  /** Private channels: the bot cannot join them by itself (method_not_supported_for_channel_type). */
  readonly privateChannels = new Set<string>();
  /** OAuth: what each grant code becomes (oauth.v2.access); each token then belongs to its workspace. */
  readonly grants = new Map<string, { team: { id: string; name: string }; token: string; installer: string }>();
  private readonly teamOfToken = new Map<string, string>();
  /**
   * Runs before the fake answers a call, after it has taken effect (a post is stored): a test can
   * stop the app's database here, between Slack posting a message and the app recording it.
   */
  afterEffect: ((call: SlackCall) => Promise<void>) | undefined;
  private readonly scripted = new Map<string, Scripted[]>();
  private readonly refusedChannels = new Map<string, string>();
  private nextTs = 1_700_000_000;
  private server!: http.Server;
  private sockets = new Set<WebSocket>();
  private wss!: WebSocketServer;
  port = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** The environment that points Firstline at this fake: one workspace over HTTP, with the agents' channel. */
  appEnv(): Record<string, string> {
    return {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_AGENTS_CHANNEL: AGENTS_CHANNEL,
      SLACK_API_URL: this.apiUrl,
    };
  }

  /** A message a person wrote, so conversations.history and conversations.replies find it (reactions fetch it). */
  written(message: { channel: string; ts: string; user: string; text: string; thread_ts?: string }): void {
    this.messages.push(message);
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** The next `times` calls of `method` (to `answer.channel`, if given) get this answer instead of the normal one. */
  script(method: string, answer: Scripted, times = 1): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...Array.from({ length: times }, () => answer)]);
  }

  /** Forgets every scripted answer not used yet (Slack is healthy again). */
  clearScripts(): void {
    this.scripted.clear();
  }

  rateLimit(method: string, channel: string, retryAfterSeconds: number, times = 1): void {
    this.script(
      method,
      { status: 429, headers: { 'retry-after': String(retryAfterSeconds) }, body: { ok: false, error: 'ratelimited' }, channel },
      times,
    );
  }

  /** Every post to this channel fails the way Slack says it (e.g. channel_not_found). */
  refuseChannel(channel: string, error: string): void {
    this.refusedChannels.set(channel, error);
  }

  callsTo(method: string, where: (body: Record<string, unknown>) => boolean = () => true): SlackCall[] {
    return this.calls.filter((c) => c.method === method && where(c.body));
  }

  async waitFor<T>(find: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() - started > timeoutMs)
        throw new Error(`fake slack: condition not met within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Socket Mode: sends an envelope to every connected app. */
  sendEnvelope(envelope: Record<string, unknown>): void {
    for (const socket of this.sockets) socket.send(JSON.stringify(envelope));
  }

  get socketConnected(): boolean {
    return this.sockets.size > 0;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => this.socketFrames.push(JSON.parse(String(data)) as Record<string, unknown>));
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          connection_info: { app_id: 'A0APP' },
          debug_info: { host: 'fake', approximate_connection_time: 3600 },
        }),
      );
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = parse(Buffer.concat(chunks).toString('utf8'), req.headers['content-type'] ?? '');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const method = path.startsWith('/api/') ? path.slice('/api/'.length) : path;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof body.token === 'string' ? body.token : undefined);
    const call: SlackCall = { method, body, at: Date.now(), ...(token ? { token } : {}) };
    this.calls.push(call);
    const send = (status: number, payload: Record<string, unknown>, headers: Record<string, string> = {}) => {
      call.response = payload;
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };

    const queue = this.scripted.get(method) ?? [];
    const index = queue.findIndex((answer) => answer.channel === undefined || answer.channel === body.channel);
    if (index >= 0) {
      const [scripted] = queue.splice(index, 1);
      return void send(scripted!.status, scripted!.body, scripted!.headers);
    }
    if (path.startsWith('/response/')) return void send(200, { ok: true });
    const answer = this.answer(method, body, token);
    await this.afterEffect?.(call);
    send(200, answer);
  }

  /** Messages of `body.channel` after `body.oldest`, newest first; metadata only when asked for, as Slack does. */
  private page(body: Record<string, unknown>, which: (m: StoredMessage) => boolean): Record<string, unknown> {
    const oldest = Number(body.oldest ?? 0);
    const withMetadata = String(body.include_all_metadata) === 'true';
    const messages = this.messages
      .filter((m) => m.channel === body.channel && which(m) && Number(m.ts) > oldest)
      .reverse()
      .map(({ metadata, channel: _channel, ...m }) => ({
        type: 'message',
        user: BOT_USER,
        ...m,
        ...(withMetadata && metadata ? { metadata } : {}),
      }));
    return { ok: true, messages, has_more: false };
  }

  private answer(method: string, body: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake',
          user: 'firstline',
          team_id: (token && this.teamOfToken.get(token)) ?? TEAM,
          user_id: BOT_USER,
          bot_id: 'B0BOT',
        };
      case 'oauth.v2.access': {
        const grant = this.grants.get(String(body.code));
        if (!grant) return { ok: false, error: 'invalid_code' };
        this.teamOfToken.set(grant.token, grant.team.id);
        return {
          ok: true,
          app_id: 'A0APP',
          authed_user: { id: grant.installer },
          scope: 'commands,chat:write',
          token_type: 'bot',
          access_token: grant.token,
          bot_user_id: BOT_USER,
          team: grant.team,
          enterprise: null,
          is_enterprise_install: false,
        };
      }
      case 'chat.postMessage': {
        const refused = this.refusedChannels.get(String(body.channel));
        if (refused) return { ok: false, error: refused };
        // Slack's ts is the post's time in seconds; kept unique here by moving on a second per post.
        this.nextTs = Math.max(this.nextTs + 1, Math.floor(Date.now() / 1000));
        const ts = `${this.nextTs}.000100`;
        const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
        this.messages.push({
          channel: String(body.channel),
          ts,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          text: body.text,
          metadata: body.metadata,
        });
        return { ok: true, channel: body.channel, ts, message: { text: body.text } };
      }
      case 'conversations.history':
        return this.page(body, (m) => m.thread_ts === undefined);
      case 'conversations.replies':
        return this.page(body, (m) => m.ts === body.ts || m.thread_ts === body.ts);
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.nextTs}.000200` };
      case 'views.open':
        return { ok: true, view: { id: 'V0VIEW' } };
      case 'conversations.info': {
        const channel = String(body.channel);
        return {
          ok: true,
          channel: {
            id: channel,
            is_private: this.privateChannels.has(channel),
            is_ext_shared: this.sharedChannels.has(channel),
            is_member: this.joinedChannels.has(channel),
          },
        };
      }
      case 'conversations.join': {
        const channel = String(body.channel);
        if (this.privateChannels.has(channel)) return { ok: false, error: 'method_not_supported_for_channel_type' };
        this.joinedChannels.add(channel);
        return { ok: true, channel: { id: channel, is_member: true } };
      }
      case 'conversations.members':
        return {
          ok: true,
          members: body.channel === AGENTS_CHANNEL ? [...this.agents] : [...(this.members.get(String(body.channel)) ?? [])],
          response_metadata: { next_cursor: '' },
        };
      case 'users.info':
        return { ok: true, user: { id: body.user, is_admin: this.workspaceAdmins.has(String(body.user)), is_owner: false } };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

export function sign(body: string, options: { timestamp?: number; secret?: string } = {}): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}

const FORM = 'application/x-www-form-urlencoded';

/** What Slack sends to POST /slack/events, correctly signed unless told otherwise. */
export class SlackRequests {
  private seq = 0;

  /** `team`: the workspace the requests come from (each installed workspace has its own). */
  constructor(
    private readonly baseUrl: string,
    private readonly fake: FakeSlack,
    private readonly team: string = TEAM,
  ) {}

  async post(
    raw: string,
    contentType: string,
    headers: Record<string, string> = sign(raw),
  ): Promise<{ status: number; body: string; ms: number }> {
    const started = performance.now();
    const res = await fetch(`${this.baseUrl}/slack/events`, {
      method: 'POST',
      body: raw,
      headers: { 'content-type': contentType, ...headers },
    });
    const body = await res.text();
    return { status: res.status, body, ms: performance.now() - started };
  }

  command(command: string, text: string, user: string, channel = 'C0GENERAL') {
    this.seq += 1;
    const raw = new URLSearchParams({
      token: 'legacy',
      team_id: this.team,
      team_domain: 'fake',
      channel_id: channel,
      channel_name: 'general',
      user_id: user,
      user_name: user.toLowerCase(),
      command,
      text,
      api_app_id: 'A0APP',
      response_url: this.fake.responseUrl(`cmd-${this.team}-${this.seq}`),
      trigger_id: `trigger-${this.seq}`,
    }).toString();
    return { raw, responseUrl: this.fake.responseUrl(`cmd-${this.team}-${this.seq}`), send: () => this.post(raw, FORM) };
  }

  event(event: Record<string, unknown>, eventId = `Ev${(this.seq += 1)}`, headers: Record<string, string> = {}) {
    const raw = JSON.stringify({
      token: 'legacy',
      team_id: this.team,
      api_app_id: 'A0APP',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.team, user_id: BOT_USER, is_bot: true }],
      event,
    });
    return this.post(raw, 'application/json', { ...sign(raw), ...headers });
  }

  interaction(payload: Record<string, unknown>) {
    const raw = new URLSearchParams({
      payload: JSON.stringify({ team: { id: this.team, domain: 'fake' }, api_app_id: 'A0APP', token: 'legacy', ...payload }),
    }).toString();
    return this.post(raw, FORM);
  }

  /** A click on a button of a message the bot posted. */
  click(actionId: string, value: string, user: string, message: { channel: string; ts: string; blocks?: unknown; text?: string }) {
    this.seq += 1;
    return this.interaction({
      type: 'block_actions',
      user: { id: user, name: user.toLowerCase(), team_id: this.team },
      trigger_id: `trigger-${this.seq}`,
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
      channel: { id: message.channel, name: 'channel' },
      message: { type: 'message', ts: message.ts, text: message.text ?? '', user: BOT_USER, blocks: message.blocks ?? [] },
      response_url: this.fake.responseUrl(`click-${this.team}-${this.seq}`),
      actions: [
        {
          type: 'button',
          action_id: actionId,
          block_id: 'b',
          value,
          text: { type: 'plain_text', text: actionId },
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    });
  }
}
