// Makes sure the real PostgreSQL and Redis the tests use are running; starts them when they are
// installed but stopped (the commands DEVELOPERS.md and STACK-NOTES give for this machine).
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start listening on port ${port}`);
}

export async function ensureServices(): Promise<void> {
  if (!(await portOpen(5432))) {
    if (!existsSync('/etc/postgresql')) throw new Error('PostgreSQL is not running on 127.0.0.1:5432 and is not installed here');
    const version = readdirSync('/etc/postgresql')[0];
    execSync(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`, { stdio: 'inherit' });
    await waitForPort(5432, 'PostgreSQL');
  }
  if (!(await portOpen(6379))) {
    execSync('redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no', { stdio: 'inherit' });
    await waitForPort(6379, 'Redis');
  }
}
