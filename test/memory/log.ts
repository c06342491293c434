// A real pino logger whose lines are kept for the spec to read (what was logged, at which level).
import { pino, type Logger } from 'pino';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  [field: string]: unknown;
}

export function createRecordingLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const names: Record<number, LogLine['level']> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error' };
  const log = pino(
    { level: 'debug', base: null, timestamp: false },
    {
      write(line: string) {
        const { level, ...fields } = JSON.parse(line) as { level: number; msg: string };
        lines.push({ ...fields, level: names[level] ?? 'error' });
      },
    },
  );
  return { log, lines };
}
