// `firstline user create` while `npm start` holds the embedded database: only one process may open
// the folder, so the CLI asks the running service instead. The service writes DATA_DIR/control.json
// (its URL and a random token), readable by its owner only, and removes it when it stops: being able
// to read that file is the credential, as with a Unix socket. POST /local/users accepts that token
// only, and only from this machine (http/routes/local-control-routes.ts).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const ZControlFile = z.object({ url: z.url(), token: z.string().min(32), pid: z.number().int() });
export type ControlFile = z.infer<typeof ZControlFile>;

export const controlFilePath = (dataDir: string): string => path.join(dataDir, 'control.json');

export const newControlToken = (): string => randomBytes(32).toString('base64url');

/** Writes the file (mode 0600); returns the function that removes it. */
export function writeControlFile(dataDir: string, control: Omit<ControlFile, 'pid'>): () => void {
  const file = controlFilePath(dataDir);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ ...control, pid: process.pid }), { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its old mode otherwise
  return () => rmSync(file, { force: true });
}

/** The running service's control file, or null when there is none (or it is not one). */
export function readControlFile(dataDir: string): ControlFile | null {
  try {
    const parsed = ZControlFile.safeParse(JSON.parse(readFileSync(controlFilePath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
