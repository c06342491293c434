// A Redis server of the test's own, on a free port, that the test can stop, flush and start again
// (the shared one on 6379 serves every other test file).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from './net.js';

export interface PrivateRedis {
  url: string;
  port: number;
  running(): boolean;
  /** Stops the server (SIGTERM, no persistence: its data is gone) and waits until it no longer answers. */
  stop(): Promise<void>;
  /** Starts it again (empty) on the same port, once it answers PING. */
  start(): Promise<void>;
  /** Stops it for good. */
  remove(): Promise<void>;
}

/** Whether a Redis server on the port answers PING. */
export function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves when the process has exited (at once if it already has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  // DEBUG SLEEP lets a test stall it (the command is off by default since Redis 7).
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--enable-debug-command', 'local'],
    {
      stdio: 'ignore',
    },
  );
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  for (let i = 0; i < 100; i++) {
    if (await Promise.race([answersPing(port), spawnFailed])) return child;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer on port ${port}`);
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child = await spawnRedis(port);
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    running,
    async stop() {
      if (!running()) return;
      child.kill('SIGTERM');
      await exited(child);
      if (await answersPing(port)) throw new Error(`Redis on port ${port} still answers after stopping`);
    },
    async start() {
      if (running()) return;
      child = await spawnRedis(port);
    },
    async remove() {
      if (running()) child.kill('SIGKILL');
      await exited(child);
    },
  };
}
