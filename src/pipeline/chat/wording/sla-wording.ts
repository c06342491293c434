// What agents are told of SLA timers, the same on every platform: the line on the agents' post
// ("First response: at risk, due 14:30 UTC · Resolution: running, due Mon 10:00 UTC") and the
// escalation notices in its thread. States are words (an icon only adds to them), so the line reads
// without colour. Instants go through a TimeFormat: plain Intl in UTC here; an adapter may pass one
// that renders them in each reader's own time zone (Slack's <!date>, Discord's <t:…>).
import type { SlaNotice, SlaTimerSummary } from '../../../domain/ports/sla.js';

type SlaMetric = SlaTimerSummary['metric'];

/** How an instant is written: when something is due, and how long ago it was. */
export interface TimeFormat {
  at(instant: Date): string;
  ago(instant: Date): string;
}

export const SLA_METRIC_LABELS: Readonly<Record<SlaMetric, string>> = {
  firstResponse: 'First response',
  nextResponse: 'Next response',
  resolution: 'Resolution',
};

const DAY_MS = 86_400_000;
const sameDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});
const thisWeek = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});
const later = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
const utcDay = (instant: Date): number => Math.floor(instant.getTime() / DAY_MS);

/**
 * Instants in UTC, as short as `now` allows: "14:30 UTC" today, "Mon, 10:00 UTC" within the week,
 * "7 Dec, 10:00 UTC" further off; "12 minutes ago", "3 hours ago", "2 days ago".
 */
export function utcTimeFormat(now: Date): TimeFormat {
  return {
    at(instant) {
      const days = Math.abs(utcDay(instant) - utcDay(now));
      return (days === 0 ? sameDay : days < 7 ? thisWeek : later).format(instant);
    },
    ago(instant) {
      const minutes = Math.max(0, Math.floor((now.getTime() - instant.getTime()) / 60_000));
      if (minutes < 60) return relative.format(-minutes, 'minute');
      if (minutes < 48 * 60) return relative.format(-Math.floor(minutes / 60), 'hour');
      return relative.format(-Math.floor(minutes / (24 * 60)), 'day');
    },
  };
}

/** Where one timer stands: "at risk, due 14:30 UTC", "breached 12 minutes ago", "met", "missed". */
export function slaTimerPhrase(timer: SlaTimerSummary, time: TimeFormat): string {
  const due = timer.dueAt ? `, due ${time.at(timer.dueAt)}` : '';
  switch (timer.state) {
    case 'met':
      // A stopped timer is 'met'; whether it stopped in time is `breached`.
      return timer.breached ? `missed${timer.dueAt ? ` (was due ${time.at(timer.dueAt)})` : ''}` : 'met';
    case 'breached':
      return timer.dueAt ? `breached ${time.ago(timer.dueAt)} (was due ${time.at(timer.dueAt)})` : 'breached';
    case 'at_risk':
      return `at risk${due}`;
    case 'paused':
      return timer.breached ? 'paused, already breached' : 'paused';
    case 'running':
      return `running${due}`;
  }
}

/** Icons beside the words, for a quick scan. */
export const SLA_STATE_ICONS: Readonly<Record<SlaTimerSummary['state'] | 'missed', string>> = {
  running: '⏱️',
  at_risk: '⚠️',
  breached: '🔴',
  paused: '⏸️',
  met: '✅',
  missed: '❌',
};

const iconOf = (timer: SlaTimerSummary): string => SLA_STATE_ICONS[timer.state === 'met' && timer.breached ? 'missed' : timer.state];

/** The heading of the timers on the agents' post. */
export const SLA_HEADING = 'SLA';

/** Each timer on its own: "⚠️ First response: at risk, due 14:30 UTC". */
export const slaTimerLines = (timers: readonly SlaTimerSummary[], time: TimeFormat): string[] =>
  timers.map((t) => `${iconOf(t)} ${SLA_METRIC_LABELS[t.metric]}: ${slaTimerPhrase(t, time)}`);

/** The timers in one line, or null when there are none: "First response: met · Resolution: running, due 17:00 UTC". */
export function slaTimersLine(timers: readonly SlaTimerSummary[], time: TimeFormat): string | null {
  if (timers.length === 0) return null;
  return slaTimerLines(timers, time).join(' · ');
}

/** An escalation step told in the thread of the agents' post; the adapter adds the mentions after `text`. */
export function slaNoticeWording(notice: SlaNotice, time: TimeFormat): { title: string; text: string } {
  const what = SLA_METRIC_LABELS[notice.metric].toLowerCase();
  const due = notice.dueAt ? time.at(notice.dueAt) : null;
  switch (notice.stage) {
    case 'at_risk':
      return {
        title: `${SLA_STATE_ICONS.at_risk} SLA at risk · Ticket #${notice.ticketNumber}`,
        text: `The ${what} target is near${due ? `: due ${due}` : ''}.`,
      };
    case 'breached':
      return {
        title: `${SLA_STATE_ICONS.breached} SLA breached · Ticket #${notice.ticketNumber}`,
        text: `The ${what} target was missed${due ? `: it was due ${due}` : ''}.`,
      };
    case 'still_breached': {
      const over = notice.minutesOver === null ? '' : ` ${minutesPhrase(notice.minutesOver)} after the target`;
      return {
        title: `${SLA_STATE_ICONS.breached} SLA still breached · Ticket #${notice.ticketNumber}`,
        text: `The ${what} is still outstanding${over}${due ? ` (it was due ${due})` : ''}.`,
      };
    }
  }
}

const minutes = new Intl.NumberFormat('en', { style: 'unit', unit: 'minute', unitDisplay: 'long' });
const minutesPhrase = (count: number): string => minutes.format(Math.round(count));

/** Before the mentions of a notice: "Attention: @Ana, @support-oncall". */
export const SLA_ATTENTION = 'Attention:';
