import { describe, expect, it } from 'vitest';
import { unavailableDependency } from '../../src/infra/dependency-faults.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('unavailableDependency', () => {
  it.each([
    ['Prisma cannot reach the server (P1001)', withCode("Can't reach database server at 127.0.0.1:5432", 'P1001'), 'database'],
    [
      'a raw query whose adapter says the server is unreachable',
      Object.assign(new Error('Raw query failed'), {
        code: 'P2010',
        meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } },
      }),
      'database',
    ],
    ['node-postgres: the server shut down (57P01)', withCode('terminating connection due to administrator command', '57P01'), 'database'],
    ['node-postgres: the connection dropped', new Error('Connection terminated unexpectedly'), 'database'],
    ['a connection exception (SQLSTATE class 08)', withCode('connection failure', '08006'), 'database'],
    ['a wrapped cause', new Error('triage failed', { cause: withCode('the database system is starting up', '57P03') }), 'database'],
    [
      'ioredis gave up on a command',
      Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' }),
      'redis',
    ],
    ['ioredis: the connection is closed', new Error('Connection is closed.'), 'redis'],
    ['ioredis: a command Redis did not answer in time (commandTimeout)', new Error('Command timed out'), 'redis'],
    ['a bare socket error', withCode('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'), 'network'],
  ])('says a dependency is down for %s', (_what, err, dependency) => {
    expect(unavailableDependency(err)).toBe(dependency);
  });

  it.each([
    ['a unique violation', withCode('Unique constraint failed', 'P2002')],
    ['a syntax error in SQL', withCode('syntax error at or near "SELEC"', '42601')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a thrown string', 'boom'],
    [
      'a cause cycle',
      (() => {
        const e = new Error('a');
        (e as { cause?: unknown }).cause = e;
        return e;
      })(),
    ],
  ])('does not for %s', (_what, err) => {
    expect(unavailableDependency(err)).toBeNull();
  });
});
