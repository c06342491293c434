import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths whose values never reach the log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'authorization',
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'key',
  '*.key',
  'secret',
  '*.secret',
  'secretHash',
  '*.secretHash',
  'jwtSecret',
  '*.jwtSecret',
];

export interface LoggerOptions {
  level: string;
  /** Pretty lines for a person at a terminal; JSON lines otherwise. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'firstline' },
  };
  if (options.pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } },
    });
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}
