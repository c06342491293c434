// Reads SLA_CONFIG_FILE: JSON with `calendars`, `policies`, `scopes` and `onCall` (see policy.ts and
// calendar-config.ts). A calendar may name an ICS file of holidays with `holidaysIcsFile`, read relative
// to the config file. Every problem is reported at once, with its path in the file.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ZSlaConfig, type SlaConfig } from './policy.js';

export type SlaConfigResult = { ok: true; config: SlaConfig } | { ok: false; problems: string[] };

export function readSlaConfigFile(path: string): SlaConfigResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, problems: [`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`] };
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [`${path} is not JSON: ${(err as Error).message}`] };
  }
  const problems: string[] = [];
  const withHolidays = inlineIcsFiles(input, dirname(resolve(path)), problems);
  if (problems.length > 0) return { ok: false, problems };
  const parsed = ZSlaConfig.safeParse(withHolidays);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`) };
}

/** Replaces each calendar's `holidaysIcsFile` with the file's text as `holidaysIcs`. */
function inlineIcsFiles(input: unknown, baseDir: string, problems: string[]): unknown {
  if (!isRecord(input) || !isRecord(input.calendars)) return input;
  const calendars: Record<string, unknown> = {};
  for (const [name, calendar] of Object.entries(input.calendars)) {
    if (!isRecord(calendar) || typeof calendar.holidaysIcsFile !== 'string') {
      calendars[name] = calendar;
      continue;
    }
    const { holidaysIcsFile, ...rest } = calendar;
    try {
      calendars[name] = { ...rest, holidaysIcs: readFileSync(resolve(baseDir, holidaysIcsFile), 'utf8') };
    } catch (err) {
      problems.push(
        `calendars.${name}.holidaysIcsFile: cannot read ${holidaysIcsFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      );
    }
  }
  return { ...input, calendars };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
