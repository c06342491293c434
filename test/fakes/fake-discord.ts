// A local stand-in for Discord: REST (/api/v10/…, records every call and answers like Discord) and
// a minimal gateway on the same port (HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACK), so a
// real discord.js client runs against it. Tests dispatch INTERACTION_CREATE (commands, button clicks,
// select-menu choices, modals) and MESSAGE_CREATE, and new posts in the server's forums (THREAD_CREATE,
// then the starter MESSAGE_CREATE). With `{ secondServer: true }` the bot is in a second server too,
// with its own channels and agents' role; the server of a command, click or message is the one its
// channel is in (a user is a member of both unless `members` says otherwise). GUILD_DELETE removes
// the bot. DMs' messages can be fetched by id until `deleteMessage`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const APP_ID = '100000000000000001';
export const GUILD_ID = '200000000000000001';
export const SUPPORT_CHANNEL = '300000000000000001';
export const AGENTS_CHANNEL_ID = '300000000000000002';
/** A forum (type 15) with status tags and one other tag. */
export const FORUM_CHANNEL = '300000000000000003';
/** Another forum, with the same tags. */
export const OTHER_FORUM = '300000000000000004';
/** The role that may see the agents' channel (everyone else may not). */
export const AGENT_ROLE = '400000000000000001';
/** The second server (`{ secondServer: true }`), named after the first alphabetically, and its channels. */
export const SECOND_GUILD_ID = '200000000000000002';
export const SECOND_SUPPORT_CHANNEL = '310000000000000001';
export const SECOND_AGENTS_CHANNEL_ID = '310000000000000002';
export const SECOND_FORUM_CHANNEL = '310000000000000003';
export const SECOND_AGENT_ROLE = '400000000000000002';
const GUILD_NAMES: Record<string, string> = { [GUILD_ID]: 'Fake server', [SECOND_GUILD_ID]: 'Second server' };
/** Each server's channels, and which of them is its agents' channel and its forums. */
const CHANNELS_OF: Record<string, string[]> = {
  [GUILD_ID]: [SUPPORT_CHANNEL, AGENTS_CHANNEL_ID, FORUM_CHANNEL, OTHER_FORUM],
  [SECOND_GUILD_ID]: [SECOND_SUPPORT_CHANNEL, SECOND_AGENTS_CHANNEL_ID, SECOND_FORUM_CHANNEL],
};
const AGENT_ROLE_OF: Record<string, string> = { [GUILD_ID]: AGENT_ROLE, [SECOND_GUILD_ID]: SECOND_AGENT_ROLE };
const FORUMS = [FORUM_CHANNEL, OTHER_FORUM, SECOND_FORUM_CHANNEL];
/** The forums' tags, as a forum's moderators might name them. */
export const FORUM_TAGS = [
  { id: '410000000000000001', name: 'Open' },
  { id: '410000000000000002', name: 'Answered' },
  { id: '410000000000000003', name: 'With an agent' },
  { id: '410000000000000004', name: 'Resolved' },
  { id: '410000000000000005', name: 'Bug' },
];
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
const VIEW_CHANNEL = 1n << 10n;
const VIEW_AND_SEND = VIEW_CHANNEL | (1n << 11n);

/** A slash command's option; a subcommand (type 1) carries its own options. */
export interface CommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: CommandOption[];
}

interface FakeThread {
  id: string;
  parentId: string;
  name: string;
  ownerId: string;
  appliedTags: string[];
}

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
  /** Users with the agents' role in the first server: they see its agents' channel. */
  readonly agents = new Set<string>();
  /** Users with the second server's agents' role. */
  readonly secondAgents = new Set<string>();
  /** A server's members, when set; a server without an entry has everyone as a member. */
  readonly members = new Map<string, Set<string>>();
  /** The servers the bot is in. */
  readonly guilds: string[];

  constructor(options: { secondServer?: boolean } = {}) {
    this.guilds = options.secondServer ? [GUILD_ID, SECOND_GUILD_ID] : [GUILD_ID];
  }

  /** The environment that points Firstline at this fake: the bot, and the first server's agents' channel. */
  appEnv(): Record<string, string> {
    return {
      DISCORD_TOKEN: 'fake.discord.token',
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_AGENTS_CHANNEL_ID: AGENTS_CHANNEL_ID,
      DISCORD_API_URL: this.apiUrl,
    };
  }

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

  /** The bot is removed from a server (or, `outage`, the server is unavailable for a while). */
  leaveGuild(guildId: string, outage = false): void {
    this.dispatch('GUILD_DELETE', outage ? { id: guildId, unavailable: true } : { id: guildId });
  }

  /** The server a channel (or a thread of one) is in; a channel the fake does not know is the first server's. */
  guildOf(channelId: string): string {
    const parent = this.forumPosts.get(channelId)?.parentId ?? this.threadParents.get(channelId) ?? channelId;
    return Object.keys(CHANNELS_OF).find((guild) => CHANNELS_OF[guild]!.includes(parent)) ?? GUILD_ID;
  }

  dispatch(type: string, data: unknown): void {
    if (!this.socket) throw new Error('no gateway connection');
    this.seq += 1;
    this.socket.send(JSON.stringify({ op: 0, t: type, s: this.seq, d: data }));
  }

  /** A slash command typed by `from` in a server channel (or in a DM when `channelId` is a DM's). */
  command(name: string, options: CommandOption[], from: FakeUser, where: { channelId?: string; dm?: boolean; admin?: boolean } = {}) {
    const id = this.nextId();
    const token = `token-${id}`;
    const channelId = where.channelId ?? SUPPORT_CHANNEL;
    this.interactionChannels.set(token, channelId);
    if (where.dm === true) this.dmChannels.set(channelId, from);
    // Discord resolves the channels a command names (type 7) and sends them along.
    const named = (list: CommandOption[]): string[] => list.flatMap((o) => (o.type === 7 ? [String(o.value)] : named(o.options ?? [])));
    const channels = Object.fromEntries(
      named(options).map((channel) => [channel, { ...this.channelObject(channel), permissions: String(VIEW_AND_SEND) }]),
    );
    this.dispatch('INTERACTION_CREATE', {
      ...this.interactionBase(id, token, from, channelId, where.dm === true, where.admin === true),
      type: 2,
      data: { id: this.nextId(), name, type: 1, options, ...(Object.keys(channels).length > 0 ? { resolved: { channels } } : {}) },
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

  /** A choice in a select menu (component type 3) of a message the bot posted, in a server channel or (`dm`) a DM. */
  choose(customId: string, values: string[], from: FakeUser, message: { channelId: string; id: string }, where: { dm?: boolean } = {}) {
    const id = this.nextId();
    const token = `token-${id}`;
    // Its deferred update edits the menu's message (@original).
    this.interactionChannels.set(token, message.channelId);
    this.originals.set(token, message.id);
    this.dispatch('INTERACTION_CREATE', {
      ...this.interactionBase(id, token, from, message.channelId, where.dm === true, false),
      type: 3,
      message: this.messageObject(message.id, message.channelId, { content: '' }, BOT),
      data: { custom_id: customId, component_type: 3, values },
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
    if (dm) {
      this.dmChannels.set(channelId, from);
      this.dmMessages.set(`${channelId}/${id}`, { content, author: from });
    }
    this.dispatch('MESSAGE_CREATE', {
      ...this.messageObject(id, channelId, { content }, from),
      // Discord says which kind of channel a message is in (1: DM, 11: public thread).
      ...(dm
        ? { channel_type: 1 }
        : {
            guild_id: this.guildOf(channelId),
            member: this.member(false, from.id, this.guildOf(channelId)),
            channel_type: this.threads.has(channelId) ? 11 : 0,
          }),
    });
    return id;
  }

  /**
   * A new post in a forum, as Discord announces it: the post's thread (THREAD_CREATE), then its
   * starter message, which has the thread's id. `redeliver` sends both again (a resumed gateway).
   */
  forumPost(from: FakeUser, forumId: string, title: string, content: string, tags: string[] = []) {
    const id = this.nextId();
    const post: FakeThread = { id, parentId: forumId, name: title, ownerId: from.id, appliedTags: [...tags] };
    this.forumPosts.set(id, post);
    this.threads.add(id);
    const send = () => {
      this.dispatch('THREAD_CREATE', { ...this.threadObject(post), newly_created: true });
      this.dispatch('MESSAGE_CREATE', {
        ...this.messageObject(id, id, { content }, from),
        guild_id: this.guildOf(forumId),
        member: this.member(false, from.id, this.guildOf(forumId)),
        channel_type: 11,
        position: 0,
      });
    };
    send();
    return { threadId: id, redeliver: send };
  }

  /** A DM's message is deleted by its author: fetching it answers Unknown Message. */
  deleteMessage(channelId: string, messageId: string): void {
    this.dmMessages.delete(`${channelId}/${messageId}`);
    this.dispatch('MESSAGE_DELETE', { id: messageId, channel_id: channelId });
  }

  /** The names of the tags a forum post carries now. */
  tagsOf(threadId: string): string[] {
    const post = this.forumPosts.get(threadId);
    return (post?.appliedTags ?? []).map((tag) => FORUM_TAGS.find((t) => t.id === tag)?.name ?? tag);
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
      guilds: this.guilds.map((id) => ({ id, unavailable: true })),
      session_id: 'fake-session',
      resume_gateway_url: `ws://127.0.0.1:${this.port}`,
      application: { id: APP_ID, flags: 0 },
      shard: [0, 1],
    });
    for (const guild of this.guilds) this.dispatch('GUILD_CREATE', this.guildObject(guild));
    this.identified = true;
  }

  private guildObject(id: string): Record<string, unknown> {
    return {
      id,
      name: GUILD_NAMES[id],
      icon: null,
      owner_id: '900000000000000001',
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        {
          id,
          name: '@everyone',
          color: 0,
          hoist: false,
          position: 0,
          permissions: String(VIEW_AND_SEND),
          managed: false,
          mentionable: false,
          flags: 0,
        },
        {
          id: AGENT_ROLE_OF[id],
          name: 'agents',
          color: 0,
          hoist: false,
          position: 1,
          permissions: '0',
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
      channels: CHANNELS_OF[id]!.map((channel) => this.channelObject(channel)),
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      joined_at: new Date().toISOString(),
      large: false,
    };
  }

  private member(admin: boolean, userId?: string, guildId = GUILD_ID) {
    const agents = guildId === SECOND_GUILD_ID ? this.secondAgents : this.agents;
    return {
      roles: userId !== undefined && agents.has(userId) ? [AGENT_ROLE_OF[guildId]] : [],
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
    const guildId = this.guildOf(channelId);
    return {
      ...common,
      guild_id: guildId,
      guild_locale: 'en-US',
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guildId, name: 'channel' },
      member: { ...this.member(admin, from.id, guildId), user: from },
      context: 0,
      authorizing_integration_owners: { '0': guildId },
    };
  }

  /** A channel of the server as Discord describes it; only the agents' role sees the agents' channel. */
  private channelObject(id: string): Record<string, unknown> {
    const post = this.forumPosts.get(id);
    if (post) return this.threadObject(post);
    const names: Record<string, string> = {
      [SUPPORT_CHANNEL]: 'support',
      [AGENTS_CHANNEL_ID]: 'agents',
      [FORUM_CHANNEL]: 'help-forum',
      [SECOND_SUPPORT_CHANNEL]: 'support',
      [SECOND_AGENTS_CHANNEL_ID]: 'agents',
      [SECOND_FORUM_CHANNEL]: 'help-forum',
    };
    const guildId = this.guildOf(id);
    const base = {
      id,
      type: 0,
      guild_id: guildId,
      name: names[id] ?? `channel-${id.slice(-3)}`,
      position: 0,
      parent_id: null,
      nsfw: false,
    };
    if (id === AGENTS_CHANNEL_ID || id === SECOND_AGENTS_CHANNEL_ID) {
      return {
        ...base,
        permission_overwrites: [
          { id: guildId, type: 0, allow: '0', deny: String(VIEW_CHANNEL) },
          { id: AGENT_ROLE_OF[guildId], type: 0, allow: String(VIEW_CHANNEL), deny: '0' },
        ],
      };
    }
    if (!FORUMS.includes(id)) return { ...base, permission_overwrites: [] };
    return {
      ...base,
      type: 15,
      permission_overwrites: [],
      topic: null,
      flags: 0,
      rate_limit_per_user: 0,
      default_thread_rate_limit_per_user: 0,
      available_tags: FORUM_TAGS.map((tag) => ({ ...tag, moderated: false, emoji_id: null, emoji_name: null })),
      default_reaction_emoji: null,
      default_sort_order: null,
      default_forum_layout: 0,
    };
  }

  private threadObject(post: FakeThread): Record<string, unknown> {
    return {
      id: post.id,
      type: 11,
      guild_id: this.guildOf(post.parentId),
      parent_id: post.parentId,
      name: post.name,
      owner_id: post.ownerId,
      applied_tags: post.appliedTags,
      flags: 0,
      last_message_id: post.id,
      thread_metadata: { archived: false, auto_archive_duration: 10080, archive_timestamp: new Date().toISOString(), locked: false },
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
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
      return [200, this.messageObject(original, this.interactionChannels.get(m[1]!) ?? SUPPORT_CHANNEL, body, BOT)];
    }
    if ((m = /^POST \/webhooks\/\d+\/[^/]+$/.exec(route))) return [200, this.messageObject(this.nextId(), SUPPORT_CHANNEL, body, BOT)];
    if ((m = /^POST \/channels\/(\d+)\/messages$/.exec(route))) return [200, this.createMessage(m[1]!, body)];
    if ((m = /^PATCH \/channels\/(\d+)\/messages\/(\d+)$/.exec(route))) return [200, this.messageObject(m[2]!, m[1]!, body, BOT)];
    if ((m = /^POST \/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(route))) {
      const thread = {
        id: m[2]!,
        type: 11,
        guild_id: this.guildOf(m[1]!),
        parent_id: m[1]!,
        name: body.name ?? 'thread',
        owner_id: APP_ID,
        thread_metadata: { archived: false, auto_archive_duration: 10080, archive_timestamp: new Date().toISOString(), locked: false },
        message_count: 0,
        member_count: 1,
      };
      // Discord tells the gateway about the new thread too; discord.js caches it from there.
      this.threads.add(m[2]!);
      this.threadParents.set(m[2]!, m[1]!);
      setTimeout(() => this.dispatch('THREAD_CREATE', { ...thread, newly_created: true }), 0);
      return [201, thread];
    }
    if ((m = /^GET \/channels\/(\d+)\/messages\/(\d+)$/.exec(route))) {
      const written = this.dmMessages.get(`${m[1]!}/${m[2]!}`);
      if (!written) return [404, { message: 'Unknown Message', code: 10008 }];
      return [200, this.messageObject(m[2]!, m[1]!, { content: written.content }, written.author)];
    }
    if ((m = /^GET \/channels\/(\d+)$/.exec(route)) && this.dmChannels.has(m[1]!)) {
      return [200, { id: m[1]!, type: 1, recipients: [this.dmChannels.get(m[1]!)], last_message_id: null }];
    }
    if ((m = /^GET \/channels\/(\d+)$/.exec(route))) {
      const known = this.forumPosts.has(m[1]!) || this.guilds.some((guild) => CHANNELS_OF[guild]!.includes(m![1]!));
      return known ? [200, this.channelObject(m[1]!)] : [404, { message: 'Unknown Channel', code: 10003 }];
    }
    if ((m = /^PATCH \/channels\/(\d+)$/.exec(route))) {
      const post = this.forumPosts.get(m[1]!);
      if (!post) return [404, { message: 'Unknown Channel', code: 10003 }];
      if (Array.isArray(body.applied_tags)) post.appliedTags = body.applied_tags.map(String);
      const thread = this.threadObject(post);
      setTimeout(() => this.dispatch('THREAD_UPDATE', thread), 0);
      return [200, thread];
    }
    if ((m = /^GET \/guilds\/(\d+)\/members\/(\d+)$/.exec(route))) {
      const [guildId, userId] = [m[1]!, m[2]!];
      const known = this.guilds.includes(guildId) && (this.members.get(guildId)?.has(userId) ?? true);
      if (!known) return [404, { message: 'Unknown Member', code: 10007 }];
      return [200, { ...this.member(false, userId, guildId), user: user(userId) }];
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
  /** The channel each command was typed in, by its token: its reply is posted there. */
  private readonly interactionChannels = new Map<string, string>();
  private readonly byNonce = new Map<string, Record<string, unknown>>();
  private readonly created: { channelId: string; id: string }[] = [];
  private lostAnswers = 0;
  private readonly threads = new Set<string>();
  /** DMs someone wrote in, and who. */
  private readonly dmChannels = new Map<string, FakeUser>();
  /** What was written in DMs (`channel/message`), until deleted. */
  private readonly dmMessages = new Map<string, { content: string; author: FakeUser }>();
  /** Threads started from a message: the channel the message is in. */
  private readonly threadParents = new Map<string, string>();
  private readonly forumPosts = new Map<string, FakeThread>();
}
