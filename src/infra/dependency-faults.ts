// Tells a fault that means "a dependency is down" from any other: the HTTP edge answers the first
// with 503 `unavailable` and Retry-After (the client should simply try again), the second with 500.
// The shapes are the drivers' own: Prisma's driver-adapter errors (P1001 "can't reach database
// server", a `DatabaseNotReachable` cause, …), node-postgres errors (SQLSTATE class 08 connection
// exceptions, 57P0x shutdowns, "Connection terminated"), socket errors, and ioredis's errors while
// Redis is unreachable.

/** `network`: a connection to some dependency failed, and the error does not say which. */
export type Dependency = 'database' | 'redis' | 'network';

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** Prisma: can't reach, timed out, server closed the connection, pool timeout. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'DatabaseDoesNotExist']);
/** SQLSTATEs of a server going away or refusing sessions: admin/crash shutdown, cannot connect now, too many connections. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const DATABASE_MESSAGES =
  /Connection terminated|Can't reach database server|Client has encountered a connection error|timeout exceeded when trying to connect/i;
const REDIS_MESSAGES =
  /Connection is closed|Stream isn't writeable|Reached the max retries per request limit|MaxRetriesPerRequestError|^Command timed out$/i;

interface Fault {
  name?: unknown;
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
}

const asFault = (value: unknown): Fault | null => (typeof value === 'object' && value !== null ? value : null);

/** The fault itself and what it wraps: `cause` chains and Prisma's driver-adapter cause. */
function* chain(err: unknown): Generator<Fault> {
  const seen = new Set<unknown>();
  let pending: unknown[] = [err];
  while (pending.length > 0 && seen.size < 10) {
    const next: unknown[] = [];
    for (const value of pending) {
      const fault = asFault(value);
      if (fault === null || seen.has(fault)) continue;
      seen.add(fault);
      yield fault;
      next.push(fault.cause, fault.meta?.driverAdapterError?.cause);
    }
    pending = next;
  }
}

function databaseDown(fault: Fault): boolean {
  const { code, kind, name, message } = fault;
  if (typeof code === 'string' && (PRISMA_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) return true;
  if (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) return true;
  if (name === 'PrismaClientInitializationError') return true;
  return typeof message === 'string' && DATABASE_MESSAGES.test(message);
}

function redisDown(fault: Fault): boolean {
  const { name, message } = fault;
  if (name === 'MaxRetriesPerRequestError') return true;
  return typeof message === 'string' && REDIS_MESSAGES.test(message);
}

/** The dependency this fault says is unavailable, or null for any other fault. */
export function unavailableDependency(err: unknown): Dependency | null {
  for (const fault of chain(err)) {
    if (databaseDown(fault)) return 'database';
    if (redisDown(fault)) return 'redis';
  }
  for (const fault of chain(err)) {
    if (typeof fault.code === 'string' && SOCKET_CODES.has(fault.code)) return 'network';
  }
  return null;
}
