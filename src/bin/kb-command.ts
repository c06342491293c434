// `firstline kb add PATH|URL [--name N] | sync [NAME] | list | remove NAME`: knowledge sources from a
// terminal, straight on the database. With the embedded database held by a running service, the
// admin API (/admin/knowledge-sources) is the way, and the command says so.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { knowledgeDeps } from '../app/knowledge-deps.js';
import type { Config } from '../config/config.js';
import { isAppError } from '../domain/errors.js';
import type { KnowledgeSource, PassageChanges } from '../domain/ports/knowledge.js';
import { openDatabase, resolveDatabaseTarget, type Database } from '../infra/db/database.js';
import type { Logger } from '../infra/logger.js';
import { addSource, removeSource, syncAllSources, syncSource, type ManageSourcesDeps } from '../pipeline/knowledge/manage-sources.js';
import type { CommandOutput } from './import-command.js';

export const KB_USAGE = 'firstline kb add <path|url> [--name <name>] | kb sync [<name>] | kb list | kb remove <name>';

const ZArgs = z.discriminatedUnion('command', [
  z.object({ command: z.literal('add'), target: z.string().min(1), name: z.string().optional() }),
  z.object({ command: z.literal('sync'), target: z.string().optional() }),
  z.object({ command: z.literal('list') }),
  z.object({ command: z.literal('remove'), target: z.string().min(1) }),
]);

const describeChanges = (c: PassageChanges | null): string =>
  c ? `${c.added.length} sections added, ${c.removedIds.length} removed, ${c.kept} unchanged` : 'could not be read; its sections are kept';

function describeSource(s: KnowledgeSource): string {
  const where = s.location.kind === 'url' ? s.location.url : s.location.path;
  const synced = s.lastSyncedAt ? s.lastSyncedAt.toISOString() : 'never';
  const lines = [`${s.name}  ${where}  pages ${s.pageCount}  sections ${s.chunkCount}  synced ${synced}`];
  for (const e of s.errors) lines.push(`  ! ${e.url}: ${e.error}`);
  return lines.join('\n');
}

async function run(deps: ManageSourcesDeps, args: z.infer<typeof ZArgs>, out: CommandOutput): Promise<void> {
  switch (args.command) {
    case 'add': {
      const { source, changes } = await addSource(deps, { location: args.target, name: args.name });
      out.stdout.write(`added ${describeSource(source)}\n${describeChanges(changes)}\n`);
      return;
    }
    case 'sync': {
      const outcomes = args.target ? [await syncSource(deps, args.target)] : await syncAllSources(deps);
      if (outcomes.length === 0) out.stdout.write('no knowledge sources yet: firstline kb add <path|url>\n');
      for (const { source, changes } of outcomes) out.stdout.write(`${describeSource(source)}\n${describeChanges(changes)}\n`);
      return;
    }
    case 'list': {
      const sources = await deps.knowledge.list();
      out.stdout.write(
        sources.length === 0 ? 'no knowledge sources yet: firstline kb add <path|url>\n' : `${sources.map(describeSource).join('\n')}\n`,
      );
      return;
    }
    case 'remove': {
      const { removedIds } = await removeSource(deps, args.target);
      out.stdout.write(`removed ${args.target} and its ${removedIds.length} sections\n`);
      return;
    }
  }
}

/** Runs the command; resolves to the process's exit code (2: usage or bad input, 1: a fault). */
export async function runKbCommand(config: Readonly<Config>, log: Logger, argv: string[], out: CommandOutput = process): Promise<number> {
  let parsed: z.infer<typeof ZArgs>;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { name: { type: 'string' } }, allowPositionals: true });
    const [command, target, ...extra] = positionals;
    if (extra.length > 0) throw new Error(`unexpected "${extra.join(' ')}"`);
    parsed = ZArgs.parse({ command, target, name: values.name });
  } catch (err) {
    out.stderr.write(`${err instanceof z.ZodError ? 'unknown or incomplete kb command' : (err as Error).message}\nusage: ${KB_USAGE}\n`);
    return 2;
  }
  let db: Database;
  try {
    db = await openDatabase(resolveDatabaseTarget(config.database.url, config.database.dataDir), { migrate: true });
  } catch (err) {
    if (isAppError(err) && err.details?.ownerPid !== undefined) {
      out.stderr.write(
        'The embedded database is held by the running service: use its admin API (/admin/knowledge-sources), or stop it first.\n',
      );
      return 1;
    }
    throw err;
  }
  try {
    await run(knowledgeDeps({ db, config, log }), parsed, out);
    return 0;
  } catch (err) {
    if (!isAppError(err) || err.code === 'internal' || err.code === 'unavailable') throw err;
    out.stderr.write(`${err.message}\n`);
    return 2;
  } finally {
    await db.close();
  }
}
