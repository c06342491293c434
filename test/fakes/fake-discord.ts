// A local stand-in for Discord: REST (/api/v10/…, records every call and answers like Discord) and
// a minimal gateway on the same port (HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACK), so a
// real discord.js client runs against it. Tests dispatch INTERACTION_CREATE and MESSAGE_CREATE.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const APP_ID = '100000000000000001';
export const GUILD_ID = '200000000000000001';
export const SUPPORT_CHANNEL = '300000000000000001';
export const AGENTS_CHANNEL_ID = '300000000000000002';
export const BOT = { id: APP_ID, username: 'firstline', discriminator: '0', global_name: 'Firstline', avatar: null, bot: true };

export interface DiscordCall {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  at: number;
  status?: number;
  response?: Record<string, unknown>;
}

type Scripted = { status: number; headers?: Record<string, string>; body: Record<string, unknown> };

const MANAGE_GUILD = 1n << 5n;
const VIEW_AND_SEND = (1n << 10n) | (1n << 11n);

export interface FakeUser {
  id: string;
  username: string;
  global_name: string;
  discriminator: string;
  avatar: null;
}

export const user = (id: string, name = `user${id.slice(-3)}`): FakeUser => ({
  id,
  username: name,
  global_name: name,
  discriminator: '0',
  avatar: null,
});

export class FakeDiscord {
  readonly calls: DiscordCall[] = [];
  private readonly scripted = new Map<string, Scripted[]>();
  private server!: http.Server;
  private wss!: WebSocketServer;
  private socket: WebSocket | undefined;
  private seq = 0;
  private snowflake = 500_000_000_000_000_000n;
  port = 0;
  identified = false;
  /** The intents bitfield the client identified with. */
  identifyIntents: number | undefined;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  nextId(): string {
    this.snowflake += 1n;
    return String(this.snowflake);
  }

  /** The next `times` requests matching `METHOD /path-regex` get this answer. */
  script(route: string, answer: Scripted, times = 1): void {
    this.scripted.set(route, [...(this.scripted.get(route) ?? []), ...Array.from({ length: times }, () => answer)]);
  }

  /** The next `times` posts to the channel are answered with 429. */
  rateLimitMessages(channelId: string, retryAfterSeconds: number, times = 1): void {
    this.script(
      `POST /channels/${channelId}/messages$`,
      {
        status: 429,
        headers: { 'retry-after': String(retryAfterSeconds), 'x-ratelimit-scope': 'user', 'x-ratelimit-bucket': 'fake-bucket' },
        body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false, code: 0 },
      },
      times,
    );
  }

  /**
   * The next `times` channel messages are created but their answer is lost (a 500 comes back), as
   * when Discord posts and the connection drops before the reply arrives.
   */
  loseMessageAnswers(times = 1): void {
    this.lostAnswers += times;
  }

  /** Distinct messages created in a channel (or thread): a post Discord deduplicated by its nonce counts once. */
  messagesCreatedIn(channelId: string): string[] {
    return this.created.filter((c) => c.channelId === channelId).map((c) => c.id);
  }

  callsTo(method: string, path: RegExp): DiscordCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /** Messages posted to a channel (or thread), in order, as the fake stored them. */
  postsIn(channelId: string): DiscordCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.path === `/api/v10/channels/${channelId}/messages` && c.status === 200);
  }

  async waitFor<T>(find: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `fake discord: condition not met within ${timeoutMs} ms; calls: ${this.calls.map((c) => `${c.method} ${c.path}`).join(', ')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  dispatch(type: string, data: unknown): void {
    if (!this.socket) throw new Error('no gateway connection');
    this.seq += 1;
    this.socket.send(JSON.stringify({ op: 0, t: type, s: this.seq, d: data }));
  }

  /** A slash command typed by `from` in a server channel (or in a DM when `channelId` is a DM's). */
  command(
    name: string,
    options: { name: string; type: number; value: string | number }[],
    from: FakeUser,
    where: { channelId?: string; dm?: boolean; admin?: boolean } = {},
  ) {
    const id = this.nextId();
    const token = `token-${id}`;
    const channelId = where.channelId ?? SUPPORT_CHANNEL;
    this.dispatch('INTERACTION_CREATE', {
      ...this.interactionBase(id, token, from, channelId, where.dm === true, where.admin === true),
      type: 2,
      data: { id: this.nextId(), name, type: 1, options },
    });
    return { id, token };
  }

  /** A click on a button of a message the bot posted. */
  click(customId: string, from: FakeUser, message: { channelId: string; id: string; content?: string }) {
    const id = this.nextId();
    const token = `token-${id}`;
    this.dispatch('INTERACTION_CREATE', {
      ...this.interactionBase(id, token, from, message.channelId, false, false),
      type: 3,
      message: this.messageObject(message.id, message.channelId, { content: message.content ?? '' }, BOT),
      data: { custom_id: customId, component_type: 2 },
    });
    return { id, token };
  }

  submitModal(customId: string, fields: Record<string, string>, from: FakeUser, channelId: string) {
    const id = this.nextId();
    const token = `token-${id}`;
    this.dispatch('INTERACTION_CREATE', {
      ...this.interactionBase(id, token, from, channelId, false, false),
      type: 5,
      data: {
        custom_id: customId,
        components: Object.entries(fields).map(([field, value]) => ({ type: 1, components: [{ type: 4, custom_id: field, value }] })),
      },
    });
    return { id, token };
  }

  /** A message someone wrote: in a DM (no guild) or in a server channel or thread. */
  message(from: FakeUser, content: string, channelId: string, dm = false): string {
    const id = this.nextId();
    this.dispatch('MESSAGE_CREATE', {
      ...this.messageObject(id, channelId, { content }, from),
      // Discord says which kind of channel a message is in (1: DM, 11: public thread).
      ...(dm
        ? { channel_type: 1 }
        : { guild_id: GUILD_ID, member: this.member(false), channel_type: this.threads.has(channelId) ? 11 : 0 }),
    });
    return id;
  }

  /** The interaction's callback (reply, defer, update, modal), once it arrived. */
  callbackOf(interaction: { id: string; token: string }): DiscordCall | undefined {
    return this.calls.find(
      (c) => c.method === 'POST' && c.path === `/api/v10/interactions/${interaction.id}/${interaction.token}/callback`,
    );
  }

  /** Edits of the interaction's original response (editReply). */
  editsOf(interaction: { token: string }): DiscordCall[] {
    return this.calls.filter(
      (c) => c.method === 'PATCH' && c.path === `/api/v10/webhooks/${APP_ID}/${interaction.token}/messages/@original`,
    );
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket) => {
      this.socket = socket;
      socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
      socket.on('message', (raw) => {
        const frame = JSON.parse(String(raw)) as { op: number; d?: { intents?: number } };
        if (frame.op === 1) socket.send(JSON.stringify({ op: 11 }));
        if (frame.op === 2) {
          this.identifyIntents = frame.d?.intents;
          this.ready();
        }
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.socket?.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private ready(): void {
    this.dispatch('READY', {
      v: 10,
      user: BOT,
      guilds: [{ id: GUILD_ID, unavailable: true }],
      session_id: 'fake-session',
      resume_gateway_url: `ws://127.0.0.1:${this.port}`,
      application: { id: APP_ID, flags: 0 },
      shard: [0, 1],
    });
    const channel = (id: string, name: string) => ({
      id,
      type: 0,
      guild_id: GUILD_ID,
      name,
      position: 0,
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
    });
    this.dispatch('GUILD_CREATE', {
      id: GUILD_ID,
      name: 'Fake server',
      icon: null,
      owner_id: '900000000000000001',
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        {
          id: GUILD_ID,
          name: '@everyone',
          color: 0,
          hoist: false,
          position: 0,
          permissions: String(VIEW_AND_SEND),
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      emojis: [],
      features: [],
      mfa_level: 0,
      system_channel_flags: 0,
      premium_tier: 0,
      preferred_locale: 'en-US',
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      unavailable: false,
      member_count: 3,
      members: [],
      channels: [channel(SUPPORT_CHANNEL, 'support'), channel(AGENTS_CHANNEL_ID, 'agents')],
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      joined_at: new Date().toISOString(),
      large: false,
    });
    this.identified = true;
  }

  private member(admin: boolean) {
    return {
      roles: [],
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      permissions: String(VIEW_AND_SEND | (admin ? MANAGE_GUILD : 0n)),
    };
  }

  private interactionBase(id: string, token: string, from: FakeUser, channelId: string, dm: boolean, admin: boolean) {
    const common = {
      id,
      application_id: APP_ID,
      token,
      version: 1,
      locale: 'en-US',
      app_permissions: String(VIEW_AND_SEND),
      entitlements: [],
      attachment_size_limit: 8_388_608,
    };
    if (dm) {
      return {
        ...common,
        channel_id: channelId,
        channel: { id: channelId, type: 1, recipients: [from] },
        user: from,
        context: 1,
        authorizing_integration_owners: { '1': from.id },
      };
    }
    return {
      ...common,
      guild_id: GUILD_ID,
      guild_locale: 'en-US',
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: GUILD_ID, name: 'channel' },
      member: { ...this.member(admin), user: from },
      context: 0,
      authorizing_integration_owners: { '0': GUILD_ID },
    };
  }

  private messageObject(id: string, channelId: string, body: Record<string, unknown>, author: unknown) {
    return {
      id,
      channel_id: channelId,
      author,
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      ...body,
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> | undefined;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const call: DiscordCall = { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), body, at: Date.now() };
    this.calls.push(call);
    const send = (status: number, payload?: Record<string, unknown>, headers: Record<string, string> = {}) => {
      call.status = status;
      call.response = payload;
      if (payload === undefined) return void res.writeHead(status, headers).end();
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };
    const route = `${call.method} ${call.path.replace(/^\/api\/v10/, '')}`;
    for (const [pattern, queue] of this.scripted) {
      if (queue.length > 0 && new RegExp(`^${pattern}`).test(route)) {
        const answer = queue.shift()!;
        return send(answer.status, answer.body, answer.headers);
      }
    }
    const [status, payload] = this.answer(route, body ?? {}, url);
    if (status === 200 && /^POST \/channels\/\d+\/messages$/.test(route) && this.lostAnswers > 0) {
      this.lostAnswers -= 1;
      return send(500, { message: '500: Internal Server Error', code: 0 });
    }
    send(status, payload);
  }

  /**
   * A channel message, or the one already made with the same nonce when enforce_nonce is set (as
   * Discord does for the same author within a few minutes).
   */
  private createMessage(channelId: string, body: Record<string, unknown>): Record<string, unknown> {
    const nonce = body.enforce_nonce === true && typeof body.nonce === 'string' ? `${channelId}:${body.nonce}` : undefined;
    const earlier = nonce ? this.byNonce.get(nonce) : undefined;
    if (earlier) return earlier;
    const message = this.messageObject(this.nextId(), channelId, body, BOT);
    this.created.push({ channelId, id: String(message.id) });
    if (nonce) this.byNonce.set(nonce, message);
    return message;
  }

  private answer(route: string, body: Record<string, unknown>, url: URL): [number, Record<string, unknown>?] {
    let m: RegExpExecArray | null;
    if (route === 'GET /gateway/bot') {
      return [
        200,
        {
          url: `ws://127.0.0.1:${this.port}`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      ];
    }
    if ((m = /^POST \/interactions\/(\d+)\/[^/]+\/callback$/.exec(route))) {
      if (url.searchParams.get('with_response') === 'true') {
        return [
          200,
          {
            interaction: { id: m[1], type: 2 },
            resource: {
              type: body.type,
              message: this.messageObject(this.nextId(), SUPPORT_CHANNEL, (body.data ?? {}) as Record<string, unknown>, BOT),
            },
          },
        ];
      }
      return [204];
    }
    if ((m = /^PATCH \/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(route))) {
      const original = this.originals.get(m[1]!) ?? this.nextId();
      this.originals.set(m[1]!, original);
      return [200, this.messageObject(original, SUPPORT_CHANNEL, body, BOT)];
    }
    if ((m = /^POST \/webhooks\/\d+\/[^/]+$/.exec(route))) return [200, this.messageObject(this.nextId(), SUPPORT_CHANNEL, body, BOT)];
    if ((m = /^POST \/channels\/(\d+)\/messages$/.exec(route))) return [200, this.createMessage(m[1]!, body)];
    if ((m = /^PATCH \/channels\/(\d+)\/messages\/(\d+)$/.exec(route))) return [200, this.messageObject(m[2]!, m[1]!, body, BOT)];
    if ((m = /^POST \/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(route))) {
      const thread = {
        id: m[2]!,
        type: 11,
        guild_id: GUILD_ID,
        parent_id: m[1]!,
        name: body.name ?? 'thread',
        owner_id: APP_ID,
        thread_metadata: { archived: false, auto_archive_duration: 10080, archive_timestamp: new Date().toISOString(), locked: false },
        message_count: 0,
        member_count: 1,
      };
      // Discord tells the gateway about the new thread too; discord.js caches it from there.
      this.threads.add(m[2]!);
      setTimeout(() => this.dispatch('THREAD_CREATE', { ...thread, newly_created: true }), 0);
      return [201, thread];
    }
    if ((m = /^PUT \/applications\/\d+\/(guilds\/\d+\/)?commands$/.exec(route))) {
      return [
        200,
        (body as unknown as { name: string }[]).map((c) => ({
          ...c,
          id: this.nextId(),
          application_id: APP_ID,
          version: '1',
        })) as unknown as Record<string, unknown>,
      ];
    }
    return [404, { message: 'Unknown route', code: 0 }];
  }

  private readonly originals = new Map<string, string>();
  private readonly byNonce = new Map<string, Record<string, unknown>>();
  private readonly created: { channelId: string; id: string }[] = [];
  private lostAnswers = 0;
  private readonly threads = new Set<string>();
}
