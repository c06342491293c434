// A ticket's SLA timers, read from its conversation: when it reached a person, who wrote when, and
// when it ended. Nothing else is kept, so any process (after a restart, after Redis lost its delayed
// jobs) derives the same timers from the same history.
//
//   first response  from the start to the first agent response;
//   next response   from each customer message that follows an agent response, to the next agent
//                   response (one timer per such message: the n-th is `seq` n);
//   resolution      from the start to the end, paused from each agent response until the customer
//                   writes again (the ticket waits on the customer then).
//
// The end of the ticket (resolved or closed) stops every timer still running.
import type { SlaMetric } from './policy.js';
import type { PauseInterval } from './timer.js';

export interface ConversationEntry {
  readonly at: Date;
  readonly from: 'customer' | 'agent';
}

export interface SlaHistory {
  /** When the ticket reached a person and its clocks started; null: it never did, and has no timers. */
  readonly startedAt: Date | null;
  /** Messages of the conversation, in any order; those before the start are ignored. */
  readonly conversation: readonly ConversationEntry[];
  /** When it was resolved or closed; null while open. */
  readonly endedAt: Date | null;
}

export interface TimerSpan {
  readonly metric: SlaMetric;
  /** 0, or the n-th next-response timer. */
  readonly seq: number;
  readonly startedAt: Date;
  readonly stoppedAt: Date | null;
  readonly pauses: readonly PauseInterval[];
}

export function timerSpans(history: SlaHistory): TimerSpan[] {
  const start = history.startedAt;
  if (!start) return [];
  const end = history.endedAt;
  const entries = history.conversation
    .filter((entry) => entry.at.getTime() >= start.getTime() && (!end || entry.at.getTime() <= end.getTime()))
    .sort((a, b) => a.at.getTime() - b.at.getTime());

  const firstAgent = entries.find((entry) => entry.from === 'agent')?.at ?? null;
  const spans: TimerSpan[] = [{ metric: 'firstResponse', seq: 0, startedAt: start, stoppedAt: firstAgent ?? end, pauses: [] }];

  let awaitingSince: Date | null = null;
  let seq = 0;
  let responded = false;
  const pauses: { from: Date; to: Date | null }[] = [];
  for (const entry of entries) {
    if (entry.from === 'agent') {
      if (awaitingSince) spans.push({ metric: 'nextResponse', seq, startedAt: awaitingSince, stoppedAt: entry.at, pauses: [] });
      awaitingSince = null;
      responded = true;
      if (!isWaiting(pauses)) pauses.push({ from: entry.at, to: null });
    } else {
      if (responded && !awaitingSince) {
        seq += 1;
        awaitingSince = entry.at;
      }
      const open = pauses.at(-1);
      if (open && open.to === null) open.to = entry.at;
    }
  }
  if (awaitingSince) spans.push({ metric: 'nextResponse', seq, startedAt: awaitingSince, stoppedAt: end, pauses: [] });
  spans.push({ metric: 'resolution', seq: 0, startedAt: start, stoppedAt: end, pauses });
  return spans;
}

const isWaiting = (pauses: readonly PauseInterval[]): boolean => pauses.at(-1)?.to === null;
