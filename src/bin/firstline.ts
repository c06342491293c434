// The `firstline` CLI. The only place that reads process.env and traps signals.
//   firstline start | api | worker | migrate | user create … | import FILE | replay FILE|--from-db | kb … | discord register [--guild ID]
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { readControlFile, type ControlFile } from '../app/local-control.js';
import { startFirstline, type RoleName } from '../app/roles.js';
import { collectStartupGarbage } from '../app/startup-memory.js';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { isAppError } from '../domain/errors.js';
import { ROLES, type Role } from '../domain/ticket.js';
import { createPasswordHasher } from '../infra/auth/password-hasher.js';
import { openDatabase, resolveDatabaseTarget, type Database } from '../infra/db/database.js';
import { createUserRepository } from '../infra/db/user-repository.js';
import { createLogger, type Logger } from '../infra/logger.js';
import { CONTROL_TOKEN_HEADER } from '../http/routes/local-control-routes.js';
import { saveUser, type SaveUserInput } from '../pipeline/access/save-user.js';
import { runImportCommand } from './import-command.js';
import { runReplayCommand } from './replay-command.js';
import { runKbCommand } from './kb-command.js';
import { registerDiscordCommands } from '../adapters/discord/register-commands.js';

const USAGE = `Usage: firstline <command>

Commands:
  start                 API and pipeline worker in one process (embedded database by default)
  api                   the REST API only
  worker                the pipeline worker only
  migrate               apply pending database migrations and exit
  user create --email <email> --role user|agent|admin [--password <password>]
                        create a user, or update the role and password of an existing one
                        (without --password a random one is generated and printed once)
  import <file> [--format csv|jsonl] [--dry-run]
                        load past conversations (CSV or JSONL: question, answer, intent,
                        created_at, external_id) as resolved tickets; a row already imported is
                        skipped, and a file with any bad row imports nothing
  replay <file> [--format csv|jsonl] [--target-precision 0.97] [--retrain-every 200]
         [--warmup N] [--json]
  replay --from-db [same options]
                        replay past conversations (a history file, or the tickets agents
                        resolved) through the analysis in time order, learning as it goes, and
                        show for each AUTO_RESOLVE_THRESHOLD how many tickets would have been
                        answered automatically and how many rightly; stores and sends nothing
  kb add <path|url> [--name <name>] | kb sync [<name>] | kb list | kb remove <name>
                        knowledge sources: a folder or file of Markdown, HTML or text, or a page
                        or sitemap.xml URL; sync reads them again and stores only what changed
  discord register [--guild <id>]
                        register the Discord slash commands (manifests/discord-commands.json),
                        globally or for one server (instant, good for trying it out)
  help                  this text

Configuration comes from the environment and .env (see .env.example).`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function readConfig(): Readonly<Config> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return loadConfig(process.env);
}

async function runRoles(config: Readonly<Config>, log: Logger, roles: RoleName[]): Promise<void> {
  const running = await startFirstline(config, log, roles);
  collectStartupGarbage();
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    running.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

async function migrate(config: Readonly<Config>, log: Logger): Promise<void> {
  const target = resolveDatabaseTarget(config.database.url, config.database.dataDir);
  const db = await openDatabase(target, { migrate: true });
  await db.close();
  log.info({ kind: target.kind, applied: db.applied }, db.applied.length ? 'migrations applied' : 'database is up to date');
}

async function createUser(config: Readonly<Config>, log: Logger, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { email: { type: 'string' }, role: { type: 'string', default: 'user' }, password: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals[0] !== 'create' || !values.email) fail(`firstline user create --email <email> --role user|agent|admin\n\n${USAGE}`, 2);
  const role = values.role.toUpperCase() as Role;
  if (!ROLES.includes(role)) fail(`--role must be one of user, agent, admin (got "${values.role}")`, 2);
  if (values.password !== undefined && values.password.length < 10) fail('--password must be at least 10 characters', 2);
  const input = { email: values.email, role, password: values.password };

  let db: Database;
  try {
    db = await openDatabase(resolveDatabaseTarget(config.database.url, config.database.dataDir), { migrate: true });
  } catch (err) {
    // The embedded database is held by a running service: ask it to save the user.
    const control = isAppError(err) && err.details?.ownerPid !== undefined ? readControlFile(config.database.dataDir) : null;
    if (!control) throw err;
    const saved = await saveUserThroughService(control, input);
    log.info({ role: saved.role, through: 'the running service' }, 'user saved');
    process.stdout.write(
      `${saved.email} (${saved.role}) saved by the running service${saved.generated_password ? `; password: ${saved.generated_password}` : ''}\n`,
    );
    return;
  }
  try {
    const { user, generatedPassword } = await saveUser(
      { users: createUserRepository(db), hasher: createPasswordHasher(config.auth.bcryptRounds) },
      input,
    );
    log.info({ userId: user.id, role: user.role }, 'user saved');
    process.stdout.write(`${user.email} (${user.role}) saved${generatedPassword ? `; password: ${generatedPassword}` : ''}\n`);
  } finally {
    await db.close();
  }
}

async function saveUserThroughService(
  control: ControlFile,
  input: SaveUserInput,
): Promise<{ email: string; role: string; generated_password: string | null }> {
  const res = await fetch(new URL('/local/users', control.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: control.token },
    body: JSON.stringify(input),
  });
  const body: unknown = await res.json();
  if (!res.ok) fail(`The running service (${control.url}) refused: ${ZErrorReply.safeParse(body).data?.error.message ?? res.status}`, 1);
  return ZSavedUser.parse(body);
}

const ZSavedUser = z.object({ email: z.string(), role: z.string(), generated_password: z.string().nullable() });
const ZErrorReply = z.object({ error: z.object({ message: z.string() }) });

async function discord(config: Readonly<Config>, log: Logger, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { guild: { type: 'string' } }, allowPositionals: true });
  if (positionals[0] !== 'register') fail(`firstline discord register [--guild <id>]\n\n${USAGE}`, 2);
  if (values.guild !== undefined && !/^\d{15,21}$/.test(values.guild)) fail('--guild must be a server id (a snowflake)', 2);
  if (!config.discord) fail('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID first.', 2);
  const names = await registerDiscordCommands(config.discord, values.guild);
  log.info({ commands: names, guild: values.guild ?? null }, 'discord commands registered');
  process.stdout.write(
    `registered ${names.map((n) => `/${n}`).join(', ')} ${values.guild ? `for server ${values.guild}` : 'globally (may take up to an hour to appear)'}\n`,
  );
}

/**
 * One-shot commands exit as soon as their work is done. Prisma's schema engine (WebAssembly) never
 * clears a 10 s timer it sets while migrating, which would otherwise keep the process alive that
 * long after it has reported. Logs and stdout are flushed on exit.
 */
async function exitWhenDone(work: Promise<void>): Promise<never> {
  await work;
  process.exit(0);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = readConfig();
  const log = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY && config.env !== 'production' });
  switch (command) {
    case 'start':
      return runRoles(config, log, ['api', 'worker']);
    case 'api':
      return runRoles(config, log, ['api']);
    case 'worker':
      return runRoles(config, log, ['worker']);
    case 'migrate':
      return exitWhenDone(migrate(config, log));
    case 'user':
      return exitWhenDone(createUser(config, log, rest));
    case 'import':
      return process.exit(await runImportCommand(config, log, rest));
    case 'replay':
      // Its log goes to stderr, warnings only: stdout carries the report (one JSON document with --json).
      return process.exit(await runReplayCommand(config, createLogger({ level: 'warn', destination: process.stderr }), rest));
    case 'kb':
      return process.exit(await runKbCommand(config, log, rest));
    case 'discord':
      return exitWhenDone(discord(config, log, rest));
    default:
      fail(`Unknown command "${command}".\n\n${USAGE}`, 2);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError || isAppError(err)) fail(err.message);
  process.stderr.write(`firstline: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
