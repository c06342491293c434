// PGlite has no cross-process lock: two processes on one data folder silently lose writes.
// A PID file next to the folder makes the second process fail fast instead.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../domain/errors.js';
import { isProcessAlive } from '../process-alive.js';

/** Takes the lock or throws; returns the function that releases it. A dead owner's lock is taken over. */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = (): void => {
        try {
          if (readFileSync(lockPath, 'utf8') === String(process.pid)) unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (owner !== process.pid && isProcessAlive(owner)) {
        throw new AppError('unavailable', {
          message:
            `The embedded database in ${dataDir} is already in use by process ${owner}. ` +
            'Only one Firstline process can open it: stop that process, run every role in one ' +
            'process with `firstline start`, or set DATABASE_URL to a PostgreSQL database to run ' +
            '`firstline api` and `firstline worker` separately.',
          details: { dataDir, ownerPid: owner },
        });
      }
      // A crashed process left its lock behind.
      try {
        unlinkSync(lockPath);
      } catch {
        // another process removed it first; try again
      }
    }
  }
  throw new AppError('unavailable', { message: `Could not lock the embedded database in ${dataDir}.` });
}
