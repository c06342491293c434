// Reads a knowledge source on this machine: one file, or a folder and everything below it.
import type { Dirent } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../domain/errors.js';
import type { DocumentError, ReadLimits, SourceDocument } from '../../domain/knowledge.js';
import type { SourceReading } from '../../domain/ports/knowledge.js';
import { decodeText, formatOfPath } from './document-formats.js';

/** Reads a file or a folder (recursively, in a stable sorted order). Throws AppError `validation_failed` when the path cannot be read at all. */
export async function readPath(path: string, limits: ReadLimits): Promise<SourceReading> {
  const root = resolve(path);
  const rootStat = await stat(root).catch((err: unknown) => {
    throw new AppError('validation_failed', { message: `Cannot read ${path}: ${describe(err)}`, cause: err });
  });
  if (rootStat.isFile()) {
    if (!formatOfPath(root)) throw new AppError('validation_failed', { message: `${path} is not a Markdown, HTML or text file` });
    return readFiles(singleFile(root), limits);
  }
  if (!rootStat.isDirectory()) throw new AppError('validation_failed', { message: `${path} is neither a file nor a folder` });
  // Listing the root now makes an unreadable folder an error for the source, not an empty one.
  const entries = await listFolder(root).catch((err: unknown) => {
    throw new AppError('validation_failed', { message: `Cannot read the folder ${path}: ${describe(err)}`, cause: err });
  });
  return readFiles(walk(root, entries), limits);
}

type Found = { path: string } | { path: string; error: string };

async function readFiles(found: AsyncIterable<Found>, limits: ReadLimits): Promise<SourceReading> {
  const documents: SourceDocument[] = [];
  const errors: DocumentError[] = [];
  let count = 0;
  for await (const item of found) {
    const url = pathToFileURL(item.path).href;
    if ('error' in item) {
      errors.push({ url, error: item.error });
      continue;
    }
    // Counted whether it reads or fails, so a folder of oversized files cannot produce endless work either.
    if (count === limits.maxPages) {
      errors.push({ url, error: `page limit reached: only the first ${limits.maxPages} files were read` });
      break;
    }
    count++;
    const read = await readFile(item.path, limits.maxPageBytes);
    if (typeof read === 'string') errors.push({ url, error: read });
    else documents.push({ url, format: formatOfPath(item.path)!, body: read.body });
  }
  return { documents, errors };
}

/** The file's text, or why it was not read. The size is checked before reading, so a huge file never reaches memory. */
async function readFile(path: string, maxBytes: number): Promise<{ body: string } | string> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) return `too large: ${size} bytes, the limit is ${maxBytes}`;
      return { body: decodeText(await handle.readFile()) };
    } finally {
      await handle.close();
    }
  } catch (err) {
    return `cannot read: ${describe(err)}`;
  }
}

async function* singleFile(path: string): AsyncIterable<Found> {
  yield { path };
}

/** Supported files below `dir`, depth first, names in code-point order; dot-files, dot-folders and node_modules are not docs. */
async function* walk(dir: string, entries: Dirent[]): AsyncIterable<Found> {
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    // A symlink is followed only to a file: following folders could loop forever.
    const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => null))?.isFile() === true);
    if (entry.isDirectory()) {
      const below = await listFolder(path).catch((err: unknown) => err);
      if (Array.isArray(below)) yield* walk(path, below);
      else yield { path, error: `cannot read the folder: ${describe(below)}` };
    } else if (isFile && formatOfPath(entry.name)) {
      yield { path };
    }
  }
}

async function listFolder(dir: string): Promise<Dirent[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}
