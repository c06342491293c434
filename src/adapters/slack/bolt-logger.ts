import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

/** Bolt's (and the Slack SDKs') logging through our pino logger. */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const format = (msgs: unknown[]) =>
    msgs.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...msgs) => log.debug(format(msgs)),
    info: (...msgs) => log.info(format(msgs)),
    warn: (...msgs) => log.warn(format(msgs)),
    error: (...msgs) => log.error(format(msgs)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
