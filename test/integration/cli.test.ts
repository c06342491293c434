// The real `firstline` CLI as child processes, run from a temp folder (so it works outside the
// repository and picks up no .env), against real PostgreSQL and Redis. Each child gets its own
// DATA_DIR and queue prefix; every child still running after a test is killed.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcrypt';
import { describe, expect, inject, it } from 'vitest';
import { EXAMPLE_JWT_SECRET } from '../../src/config/config.js';
import { MIGRATIONS_DIR } from '../../src/infra/db/paths.js';
import { runCli, startCli } from '../helpers/cli.js';
import { freePort } from '../helpers/net.js';
import { useCliSandbox } from '../helpers/cli-sandbox.js';
import { querySql } from '../helpers/test-database.js';
import { APP_ID, FakeDiscord } from '../fakes/fake-discord.js';

/** Every migration folder, oldest first (their names start with a timestamp). */
const MIGRATIONS = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const SLOW = 120_000;

// --- temp folders and queue prefixes --------------------------------------------------------------

const sandbox = useCliSandbox('cli');
const { tempDir, queuePrefix, isolated, databaseUrl } = sandbox;

const query = querySql;

async function http<T = Record<string, unknown>>(
  base: string,
  method: string,
  url: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: T }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(new URL(url, base), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as T };
}

// --- tests ----------------------------------------------------------------------------------------

describe('firstline help and unknown commands', () => {
  it.each([
    ['help', ['help']],
    ['--help', ['--help']],
    ['with no command', []],
  ])('`firstline %s` prints the usage with every command', async (_label, args) => {
    const result = await runCli(args, isolated());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: firstline <command>');
    for (const command of ['start', 'api', 'worker', 'migrate']) expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\s`, 'm'));
    expect(result.stdout).toMatch(/^\s+user create --email <email> --role user\|agent\|admin \[--password <password>\]/m);
  });

  it('rejects an unknown command with exit code 2 and the usage', async () => {
    const result = await runCli(['frobnicate'], isolated());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown command "frobnicate"');
    expect(result.stderr).toContain('Usage: firstline <command>');
  });
});

describe('firstline discord register', () => {
  const commands = JSON.parse(readFileSync(new URL('../../manifests/discord-commands.json', import.meta.url), 'utf8')) as {
    name: string;
  }[];

  it('puts the command definitions on Discord for one server with --guild, or globally without', async () => {
    const fake = await new FakeDiscord().start();
    try {
      const env = { DISCORD_TOKEN: 'fake.discord.token', DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: fake.apiUrl };
      const forGuild = await runCli(['discord', 'register', '--guild', '200000000000000001'], isolated(env));
      expect(forGuild.code).toBe(0);
      expect(forGuild.stdout).toContain('registered /support, /resolve, /metrics, /firstline for server 200000000000000001');
      const [put] = fake.callsTo('PUT', new RegExp(`/applications/${APP_ID}/guilds/200000000000000001/commands$`));
      expect(put?.body).toEqual(commands);

      const global = await runCli(['discord', 'register'], isolated(env));
      expect(global.code).toBe(0);
      expect(fake.callsTo('PUT', new RegExp(`/applications/${APP_ID}/commands$`))).toHaveLength(1);
    } finally {
      await fake.stop();
    }
  });

  it('explains what is missing without a token, and rejects a malformed server id', async () => {
    const missing = await runCli(['discord', 'register'], isolated());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID first.');
    const bad = await runCli(
      ['discord', 'register', '--guild', 'my-server'],
      isolated({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: APP_ID }),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--guild must be a server id');
  });
});

describe('invalid configuration', () => {
  it('stops startup with one message that names every problem variable', async () => {
    const result = await runCli(['start'], isolated({ PORT: 'abc', REDIS_URL: 'http://x', NODE_ENV: 'production', JWT_SECRET: undefined }));
    expect(result.code).toBe(1);
    expect(result.stderr.match(/Invalid configuration/g)).toHaveLength(1);
    expect(result.stderr).toMatch(/^Invalid configuration:\n/);
    for (const name of ['PORT', 'REDIS_URL', 'JWT_SECRET']) expect(result.stderr).toMatch(new RegExp(`^  - ${name}: `, 'm'));
    expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(result.stdout).toBe(''); // nothing started
  });

  it.each([
    ['the .env.example placeholder', EXAMPLE_JWT_SECRET, /JWT_SECRET: is still the example placeholder/],
    ['shorter than 32 characters', 'x'.repeat(31), /JWT_SECRET: must be at least 32 characters/],
  ])('refuses production with a JWT_SECRET that is %s', async (_name, secret, message) => {
    const result = await runCli(['start'], isolated({ NODE_ENV: 'production', JWT_SECRET: secret, DATABASE_URL: databaseUrl() }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Invalid configuration:\n/);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.match(/^ {2}- /gm)).toHaveLength(1); // the secret is the only problem
    expect(result.stdout).toBe('');
  });

  it('accepts production with a long enough JWT_SECRET', async () => {
    const result = await runCli(
      ['migrate'],
      isolated({ NODE_ENV: 'production', JWT_SECRET: randomBytes(36).toString('base64url'), DATABASE_URL: databaseUrl() }),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('Redis unreachable at startup', () => {
  it(
    'fails fast, names REDIS_URL and says how to start Redis',
    async () => {
      const port = await freePort();
      const cwdData = path.join(tempDir(), 'data');
      const result = await runCli(['start'], {
        ...isolated({ REDIS_URL: `redis://127.0.0.1:${port}`, DATA_DIR: cwdData }),
        timeoutMs: 15_000,
      });
      expect(result.code).not.toBe(0);
      expect(result.signal).toBeNull();
      expect(result.stderr).toContain(`REDIS_URL=redis://127.0.0.1:${port}`);
      expect(result.stderr).toContain('Start Redis');
      expect(result.stderr).toContain('redis-server');
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(existsSync(path.join(cwdData, 'pglite'))).toBe(false); // failed before touching the database
    },
    SLOW,
  );
});

describe('firstline migrate on PostgreSQL', () => {
  it(
    'reports an already migrated database as up to date, and exits once it has',
    async () => {
      const result = await runCli(['migrate'], isolated({ DATABASE_URL: databaseUrl() }));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const done = result.logs.find((l) => l.msg === 'database is up to date');
      expect(done).toMatchObject({ kind: 'postgres', applied: [] });
      // A one-shot command ends when its work is done; it must not linger on leftover timers.
      expect(result.exitedAt - done!.at).toBeLessThan(5_000);
    },
    SLOW,
  );

  it(
    'applies every migration to a brand-new empty database, in order',
    async () => {
      const adminUrl = inject('pgAdminUrl');
      const name = `${inject('pgTemplate').replace('_tpl_', '_')}_empty_${randomBytes(4).toString('hex')}`;
      await query(adminUrl, `CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      try {
        const result = await runCli(['migrate'], isolated({ DATABASE_URL: url.toString() }));
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.logs.find((l) => l.msg === 'migrations applied')).toMatchObject({ kind: 'postgres', applied: MIGRATIONS });
        const rows = await query<{ migration_name: string; finished_at: Date | null }>(
          url.toString(),
          'SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name',
        );
        expect(rows).toEqual(MIGRATIONS.map((migration_name) => ({ migration_name, finished_at: expect.any(Date) })));
        const tables = await query<{ t: string | null }>(url.toString(), `SELECT to_regclass('"TicketEvent"')::text AS t`);
        expect(tables[0]!.t).toBe('"TicketEvent"');
      } finally {
        await query(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    },
    SLOW,
  );
});

describe('firstline user create on PostgreSQL', () => {
  const userRow = async (email: string) =>
    (
      await query<{ role: string; passwordHash: string }>(databaseUrl(), 'SELECT role, "passwordHash" FROM "User" WHERE email = $1', [
        email,
      ])
    )[0];

  it(
    'creates an agent with the given password',
    async () => {
      const password = 'agent-password-1';
      const result = await runCli(
        ['user', 'create', '--email', 'a@b.c', '--role', 'agent', '--password', password],
        isolated({ DATABASE_URL: databaseUrl() }),
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('a@b.c (AGENT) saved\n');
      expect(result.stdout).not.toContain(password);
      const row = await userRow('a@b.c');
      expect(row?.role).toBe('AGENT');
      expect(await bcrypt.compare(password, row!.passwordHash)).toBe(true);
    },
    SLOW,
  );

  it(
    'without --password generates one, prints it once and stores its hash (updating an existing user)',
    async () => {
      const result = await runCli(['user', 'create', '--email', 'A@B.C', '--role', 'admin'], isolated({ DATABASE_URL: databaseUrl() }));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const printed = /^a@b\.c \(ADMIN\) saved; password: (\S+)$/m.exec(result.stdout);
      expect(printed).not.toBeNull();
      const password = printed![1]!;
      expect(password.length).toBeGreaterThanOrEqual(10);
      expect(result.stdout.split(password)).toHaveLength(2); // printed exactly once, never logged
      const row = await userRow('a@b.c');
      expect(row?.role).toBe('ADMIN');
      expect(await bcrypt.compare(password, row!.passwordHash)).toBe(true);
      expect(await bcrypt.compare('agent-password-1', row!.passwordHash)).toBe(false);
    },
    SLOW,
  );

  it.each([
    ['an unknown role', ['--role', 'bogus', '--password', 'long-enough-pw'], '--role must be one of user, agent, admin (got "bogus")'],
    ['a short password', ['--role', 'agent', '--password', 'short'], '--password must be at least 10 characters'],
  ])('refuses %s with exit code 2 and creates nobody', async (_name, flags, message) => {
    const result = await runCli(['user', 'create', '--email', 'refused@b.c', ...flags], isolated({ DATABASE_URL: databaseUrl() }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(await userRow('refused@b.c')).toBeUndefined();
  });
});

describe('firstline user create while firstline start holds the embedded database', () => {
  it(
    'saves the user through the running service, which no one else can ask, and removes its control file on stop',
    async () => {
      const options = isolated();
      const app = startCli(['start'], options);
      const listening = await app.waitForLog((l) => l.msg === 'API listening', 90_000);
      const base = String(listening.url);
      const controlFile = path.join(options.dataDir, 'control.json');
      expect(statSync(controlFile).mode & 0o777).toBe(0o600);

      const result = await runCli(['user', 'create', '--email', 'first-admin@example.com', '--role', 'admin'], options);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const password = /^first-admin@example\.com \(ADMIN\) saved by the running service; password: (\S+)$/m.exec(result.stdout)?.[1];
      expect(password).toBeDefined();
      const login = await http<{ access_token: string; user: { role: string } }>(base, 'POST', '/auth/login', {
        email: 'first-admin@example.com',
        password,
      });
      expect(login.status).toBe(200);

      // Without the token from the file (readable by its owner only) the route does not exist.
      for (const headers of [{}, { 'x-firstline-control': 'guess' }] as Record<string, string>[]) {
        const res = await fetch(new URL('/local/users', base), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: '{}',
        });
        expect(res.status).toBe(404);
      }

      app.child.kill('SIGTERM');
      expect(await app.exited).toMatchObject({ code: 0 });
      expect(existsSync(controlFile)).toBe(false);
    },
    SLOW,
  );
});

describe('firstline api and firstline worker as separate processes', () => {
  it(
    'the api takes a registration, login and ticket over HTTP; the worker process triages it',
    async () => {
      const prefix = queuePrefix();
      const env = { DATABASE_URL: databaseUrl(), QUEUE_PREFIX: prefix };

      const agent = await runCli(['user', 'create', '--email', 'agent@firstline.test', '--role', 'agent'], isolated(env));
      expect(agent.code).toBe(0);
      const agentPassword = /password: (\S+)$/m.exec(agent.stdout)![1]!;

      const api = startCli(['api'], isolated(env));
      const worker = startCli(['worker'], isolated(env));
      const listening = await api.waitForLog((l) => l.msg === 'API listening');
      await worker.waitForLog((l) => l.msg === 'worker started');
      const base = String(listening.url);
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const email = `customer-${randomBytes(4).toString('hex')}@example.com`;
      const reg = await http<{ user: unknown }>(base, 'POST', '/auth/register', { email, password: 'correct-horse-battery' });
      expect(reg.status).toBe(201);
      expect(reg.json.user).toMatchObject({ email, role: 'USER' });
      const login = await http<{ access_token: string }>(base, 'POST', '/auth/login', { email, password: 'correct-horse-battery' });
      expect(login.status).toBe(200);
      const created = await http<{ id: string; status: string }>(
        base,
        'POST',
        '/tickets',
        { message: 'I cannot log in to my account' },
        login.json.access_token,
      );
      expect(created.status).toBe(202);
      const ticketId: string = created.json.id;
      expect(ticketId).toEqual(expect.any(String));

      // The worker — a different process — decides the ticket and records why.
      let events: { type: string; actorType: string }[] = [];
      for (let i = 0; i < 200 && !events.some((e) => e.type === 'triaged'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        events = await query(databaseUrl(), 'SELECT type, "actorType" FROM "TicketEvent" WHERE "ticketId" = $1 ORDER BY id', [ticketId]);
      }
      expect(events).toContainEqual({ type: 'triaged', actorType: 'SYSTEM' });
      await worker.waitForLog((l) => l.msg === 'triage job done' && l.ticketId === ticketId, 10_000);
      expect(api.logs().some((l) => l.msg === 'triage job done' || l.msg === 'worker started')).toBe(false);

      // The password `user create` generated works for a real login, with the agent's role.
      const agentLogin = await http<{ access_token: string }>(base, 'POST', '/auth/login', {
        email: 'agent@firstline.test',
        password: agentPassword,
      });
      expect(agentLogin.status).toBe(200);
      const me = await http<{ user: unknown }>(base, 'GET', '/auth/me', undefined, agentLogin.json.access_token);
      expect(me.json.user).toMatchObject({ email: 'agent@firstline.test', role: 'AGENT' });
      const seen = await http(base, 'GET', `/tickets/${ticketId}`, undefined, agentLogin.json.access_token);
      expect(seen.status).toBe(200);

      api.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');
      expect((await api.exited).code).toBe(0);
      expect((await worker.exited).code).toBe(0);
    },
    SLOW,
  );
});

describe('graceful shutdown of firstline start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s stops and exits 0 within the 10 s shutdown limit',
    async (signal) => {
      const app = startCli(['start'], isolated({ DATABASE_URL: databaseUrl() }));
      const listening = await app.waitForLog((l) => l.msg === 'API listening');
      await app.waitForLog((l) => l.msg === 'worker started');
      const base = String(listening.url);
      expect((await fetch(new URL('/health', base))).status).toBe(200);

      const sentAt = Date.now();
      app.child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        app.exited,
        new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 10_000))),
      ]).finally(() => clearTimeout(timer));
      expect(result).not.toBe('still running');
      expect(result).toMatchObject({ code: 0, signal: null });
      expect((result as { at: number }).at - sentAt).toBeLessThanOrEqual(10_000);

      const messages = app.logs().map((l) => l.msg);
      expect(app.logs()).toContainEqual(expect.objectContaining({ msg: 'shutting down', signal }));
      expect(messages.indexOf('stopped')).toBeGreaterThan(messages.indexOf('shutting down'));
      expect(messages).not.toContain('shutdown took too long; exiting');
      await expect(fetch(new URL('/health', base))).rejects.toThrow(); // nothing listens any more
    },
    SLOW,
  );
});
