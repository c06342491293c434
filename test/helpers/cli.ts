// The real `firstline` CLI (bin/firstline.mjs) as child processes of a test. Every child still
// running is tracked, so a test file can kill the leftovers with killRunningClis() after each test.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bin/firstline.mjs', import.meta.url));

/** Environment for the child on top of this process's; `undefined` removes a variable. */
export type CliEnv = Record<string, string | undefined>;

export interface CliOptions {
  /** The child's working directory (a temp folder, so it picks up no .env). */
  cwd: string;
  env?: CliEnv;
}

export type LogLine = Record<string, unknown> & { msg?: string };

export interface Cli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** stdout's JSON log lines, each with `at`: when this process read it (ms since epoch). */
  logs(): (LogLine & { at: number })[];
  /** Settles when the process has exited and its output is complete; `at` is when it exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** The first log line matching, waiting for it; fails if the process exits first or timeoutMs passes. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  logs: (LogLine & { at: number })[];
  exitedAt: number;
}

const running = new Set<ChildProcess>();

/** Starts `firstline <args>` in cwd with test defaults (NODE_ENV=test, PORT=0, BCRYPT_ROUNDS=4, no DATABASE_URL). */
export function startCli(args: string[], { cwd, env = {} }: CliOptions): Cli {
  const merged: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    BCRYPT_ROUNDS: '4',
    PORT: '0',
    DATABASE_URL: undefined,
    ...env,
  };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];

  const child = spawn(process.execPath, [CLI, ...args], { env: merged, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  let partial = '';
  const lines: (LogLine & { at: number })[] = [];
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stdout += text;
    const parts = (partial + text).split('\n');
    partial = parts.pop()!;
    for (const part of parts) {
      try {
        lines.push({ ...(JSON.parse(part) as LogLine), at: Date.now() });
      } catch {
        // not a log line (e.g. `user create` output)
      }
    }
    for (const notify of listeners) notify();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.once('exit', (code, signal) => {
      const at = Date.now();
      running.delete(child);
      // wait for the pipes to drain so stdout/stderr are complete
      child.once('close', () => resolve({ code, signal, at }));
      for (const notify of listeners) notify();
    });
  });

  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    logs: () => lines,
    exited,
    waitForLog(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(match);
          if (found) return done(() => resolve(found));
          if (child.exitCode !== null || child.signalCode !== null)
            return done(() =>
              reject(
                new Error(
                  `firstline ${args.join(' ')} exited (${child.exitCode ?? child.signalCode}) first\nstdout: ${stdout}\nstderr: ${stderr}`,
                ),
              ),
            );
        };
        const timer = setTimeout(
          () =>
            done(() =>
              reject(
                new Error(
                  `no matching log line from firstline ${args.join(' ')} within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
                ),
              ),
            ),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Runs `firstline <args>` to completion; one still running after timeoutMs is killed and fails the test. */
export async function runCli(args: string[], { timeoutMs = 60_000, ...options }: CliOptions & { timeoutMs?: number }): Promise<Finished> {
  const cli = startCli(args, options);
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    cli.child.once('error', reject);
    timer = setTimeout(() => {
      cli.child.kill('SIGKILL');
      reject(
        new Error(`firstline ${args.join(' ')} still running after ${timeoutMs} ms\nstdout: ${cli.stdout()}\nstderr: ${cli.stderr()}`),
      );
    }, timeoutMs);
  });
  try {
    const { code, signal, at } = await Promise.race([cli.exited, failed]);
    return { code, signal, stdout: cli.stdout(), stderr: cli.stderr(), logs: cli.logs(), exitedAt: at };
  } finally {
    clearTimeout(timer);
  }
}

/** Kills (SIGKILL) every CLI child still running and waits until they have exited. */
export async function killRunningClis(): Promise<void> {
  const left = [...running];
  for (const child of left) child.kill('SIGKILL');
  await Promise.all(
    left.map(
      (child) =>
        new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve))),
    ),
  );
  running.clear();
}
