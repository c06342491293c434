// The SLA configuration ready to compute with: calendars built once, policies looked up by priority
// and scope, the on-call group by platform or scope. Without a file the defaults below apply: support
// hours Monday to Friday 09:00–17:00 UTC, P1 watched around the clock, the rest in business time.
import type { BusinessCalendar } from './business-calendar.js';
import { calendarFromConfig } from './calendar-config.js';
import { policyFor, ZSlaConfig, type SlaConfig, type SlaPolicy, type SlaPriority } from './policy.js';

export interface SlaSettings {
  readonly config: SlaConfig;
  /** The policy for a ticket's priority in a workspace or server (`scope`: "slack:T123", "discord:456"). */
  policyFor(priority: SlaPriority, scope: string | null): SlaPolicy | null;
  calendarOf(policy: SlaPolicy): BusinessCalendar;
  /** The on-call group's id for a platform ("slack", "discord") and scope, or null. */
  onCallFor(platform: string, scope: string | null): string | null;
}

/** The SLA scope of a chat workspace or server: "slack:T123", "discord:456"; null for API tickets. */
export function slaScope(platform: string | null, workspaceId: string | null): string | null {
  return platform && workspaceId ? `${platform.toLowerCase()}:${workspaceId}` : null;
}

const WEEKDAYS_9_TO_5 = ['09:00-17:00'];
const business = (minutes: number) => ({ minutes, clock: 'business' as const });
const calendar = (minutes: number) => ({ minutes, clock: 'calendar' as const });

/** What applies without SLA_CONFIG_FILE (written as a deployer would write the file). */
export const DEFAULT_SLA_CONFIG_INPUT = {
  calendars: {
    default: {
      timeZone: 'UTC',
      hours: { mon: WEEKDAYS_9_TO_5, tue: WEEKDAYS_9_TO_5, wed: WEEKDAYS_9_TO_5, thu: WEEKDAYS_9_TO_5, fri: WEEKDAYS_9_TO_5 },
    },
  },
  policies: {
    P1: { targets: { firstResponse: calendar(30), nextResponse: calendar(60), resolution: calendar(4 * 60) } },
    P2: { targets: { firstResponse: business(2 * 60), nextResponse: business(4 * 60), resolution: business(2 * 8 * 60) } },
    P3: { targets: { firstResponse: business(8 * 60), nextResponse: business(8 * 60), resolution: business(5 * 8 * 60) } },
    P4: { targets: { firstResponse: business(2 * 8 * 60), nextResponse: business(2 * 8 * 60), resolution: business(10 * 8 * 60) } },
  },
};

export function slaSettings(config: SlaConfig): SlaSettings {
  const calendars = new Map(Object.entries(config.calendars).map(([name, input]) => [name, calendarFromConfig(input)]));
  // A policy only counting calendar time may name a calendar that does not exist; it is never read then.
  const fallback = calendarFromConfig({ timeZone: 'UTC', hours: allDay(), holidays: [] });
  return {
    config,
    policyFor: (priority, scope) => policyFor(config, priority, scope ?? undefined),
    calendarOf: (policy) => calendars.get(policy.calendar) ?? fallback,
    onCallFor: (platform, scope) => (scope ? config.onCall[scope] : undefined) ?? config.onCall[platform.toLowerCase()] ?? null,
  };
}

export const defaultSlaSettings = (): SlaSettings => slaSettings(ZSlaConfig.parse(DEFAULT_SLA_CONFIG_INPUT));

function allDay() {
  const day = ['00:00-24:00'];
  return { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day };
}
