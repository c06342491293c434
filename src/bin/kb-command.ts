// `firstline kb add PATH|URL [--name N] | sync [NAME] | list | remove NAME`: knowledge sources from a
// terminal, straight on the database; with the embedded database held by a running service, through
// that service (POST /local/kb, as `user create` does: see app/local-control.ts).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { knowledgeDeps } from '../app/knowledge-deps.js';
import { readControlFile, type ControlFile } from '../app/local-control.js';
import type { Config } from '../config/config.js';
import { isAppError } from '../domain/errors.js';
import { openDatabase, resolveDatabaseTarget, type Database } from '../infra/db/database.js';
import type { Logger } from '../infra/logger.js';
import { CONTROL_TOKEN_HEADER } from '../http/routes/local-control-routes.js';
import { executeKb, ZKbArgs, type KbArgs } from '../pipeline/knowledge/kb-text.js';
import type { CommandOutput } from './import-command.js';

export const KB_USAGE = 'firstline kb add <path|url> [--name <name>] | kb sync [<name>] | kb list | kb remove <name>';

/** The command's arguments, or the usage problem. A path is made absolute here: the service that may run it has its own working directory. */
export function parseKbArgs(argv: readonly string[]): { args: KbArgs } | { problem: string } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: { name: { type: 'string' } }, allowPositionals: true });
    const [command, target, ...extra] = positionals;
    if (extra.length > 0) return { problem: `unexpected "${extra.join(' ')}"` };
    const parsed = ZKbArgs.safeParse({ command, target, name: values.name });
    if (!parsed.success) return { problem: 'unknown or incomplete kb command' };
    const args = parsed.data;
    return {
      args: args.command === 'add' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(args.target) ? { ...args, target: resolve(args.target) } : args,
    };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}

/** Runs the command; resolves to the process's exit code (2: usage or bad input, 1: a fault). */
export async function runKbCommand(config: Readonly<Config>, log: Logger, argv: string[], out: CommandOutput = process): Promise<number> {
  const parsed = parseKbArgs(argv);
  if ('problem' in parsed) {
    out.stderr.write(`${parsed.problem}\nusage: ${KB_USAGE}\n`);
    return 2;
  }
  let db: Database;
  try {
    db = await openDatabase(resolveDatabaseTarget(config.database.url, config.database.dataDir), { migrate: true });
  } catch (err) {
    // The embedded database is held by a running service: ask it to run the command.
    const control = isAppError(err) && err.details?.ownerPid !== undefined ? readControlFile(config.database.dataDir) : null;
    if (!control) throw err;
    return runThroughService(control, argv, parsed.args, out);
  }
  try {
    return await executeKb(knowledgeDeps({ db, config, log }), parsed.args, out);
  } finally {
    await db.close();
  }
}

const ZServiceReply = z.object({ stdout: z.string(), stderr: z.string(), exit_code: z.number().int() });

async function runThroughService(control: ControlFile, argv: readonly string[], args: KbArgs, out: CommandOutput): Promise<number> {
  const res = await fetch(new URL('/local/kb', control.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: control.token },
    body: JSON.stringify({ args }),
  });
  const reply = ZServiceReply.safeParse(await res.json().catch(() => null));
  if (!res.ok || !reply.success) {
    out.stderr.write(`The running service (${control.url}) could not run "kb ${argv.join(' ')}" (HTTP ${res.status}).\n`);
    return 1;
  }
  out.stdout.write(reply.data.stdout);
  out.stderr.write(reply.data.stderr);
  return reply.data.exit_code;
}
