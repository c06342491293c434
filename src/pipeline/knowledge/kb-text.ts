// `firstline kb …` as text: what each command does with knowledge sources and what it prints. Run by
// the CLI on the database (bin/kb-command.ts) or, when a running service holds the embedded database,
// by that service for it (POST /local/kb), so both print the same.
import { z } from 'zod';
import { isAppError } from '../../domain/errors.js';
import type { KnowledgeSource, PassageChanges } from '../../domain/ports/knowledge.js';
import { addSource, removeSource, syncAllSources, syncSource, type ManageSourcesDeps } from './manage-sources.js';

/** Where a command's text goes: a terminal, or a buffer sent back to one. */
export interface TextOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const ZKbArgs = z.discriminatedUnion('command', [
  z.object({ command: z.literal('add'), target: z.string().min(1), name: z.string().optional() }),
  z.object({ command: z.literal('sync'), target: z.string().optional() }),
  z.object({ command: z.literal('list') }),
  z.object({ command: z.literal('remove'), target: z.string().min(1) }),
]);
export type KbArgs = z.infer<typeof ZKbArgs>;

const describeChanges = (c: PassageChanges | null): string =>
  c ? `${c.added.length} sections added, ${c.removedIds.length} removed, ${c.kept} unchanged` : 'could not be read; its sections are kept';

function describeSource(s: KnowledgeSource): string {
  const where = s.location.kind === 'url' ? s.location.url : s.location.path;
  const synced = s.lastSyncedAt ? s.lastSyncedAt.toISOString() : 'never';
  const lines = [`${s.name}  ${where}  pages ${s.pageCount}  sections ${s.chunkCount}  synced ${synced}`];
  for (const e of s.errors) lines.push(`  ! ${e.url}: ${e.error}`);
  return lines.join('\n');
}

async function run(deps: ManageSourcesDeps, args: KbArgs, out: TextOutput): Promise<void> {
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

/** Runs parsed arguments; resolves to the exit code (2: a refusal, with its reason on stderr). Faults throw. */
export async function executeKb(deps: ManageSourcesDeps, args: KbArgs, out: TextOutput): Promise<number> {
  try {
    await run(deps, args, out);
    return 0;
  } catch (err) {
    if (!isAppError(err) || err.code === 'internal' || err.code === 'unavailable') throw err;
    out.stderr.write(`${err.message}\n`);
    return 2;
  }
}
