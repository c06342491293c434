// What agents read of SLA timers, the same on Slack and Discord: states in words, instants in UTC.
import { describe, expect, it } from 'vitest';
import type { SlaNotice, SlaTimerSummary } from '../../src/domain/ports/sla.js';
import { slaNoticeWording, slaTimerPhrase, slaTimersLine, utcTimeFormat } from '../../src/pipeline/chat/wording/sla-wording.js';

// A Saturday.
const NOW = new Date('2026-12-05T12:00:00Z');
const time = utcTimeFormat(NOW);

const timer = (fields: Partial<SlaTimerSummary>): SlaTimerSummary => ({
  metric: 'firstResponse',
  state: 'running',
  breached: false,
  dueAt: new Date('2026-12-05T14:30:00Z'),
  stoppedAt: null,
  ...fields,
});

describe('instants in UTC', () => {
  it('writes today as a time, this week with the weekday, later with the date', () => {
    expect(time.at(new Date('2026-12-05T14:30:00Z'))).toBe('14:30 UTC');
    expect(time.at(new Date('2026-12-07T10:00:00Z'))).toBe('Mon, 10:00 UTC');
    expect(time.at(new Date('2026-12-20T09:05:00Z'))).toBe('20 Dec, 09:05 UTC');
  });

  it('says how long ago in minutes, then hours, then days', () => {
    expect(time.ago(new Date('2026-12-05T11:48:00Z'))).toBe('12 minutes ago');
    expect(time.ago(new Date('2026-12-05T09:30:00Z'))).toBe('2 hours ago');
    expect(time.ago(new Date('2026-12-02T12:00:00Z'))).toBe('3 days ago');
  });
});

describe('a timer in words', () => {
  it('says each state in words, with when it is or was due', () => {
    expect(slaTimerPhrase(timer({ state: 'running' }), time)).toBe('running, due 14:30 UTC');
    expect(slaTimerPhrase(timer({ state: 'at_risk' }), time)).toBe('at risk, due 14:30 UTC');
    expect(slaTimerPhrase(timer({ state: 'breached', breached: true, dueAt: new Date('2026-12-05T11:48:00Z') }), time)).toBe(
      'breached 12 minutes ago (was due 11:48 UTC)',
    );
    expect(slaTimerPhrase(timer({ state: 'paused', dueAt: null }), time)).toBe('paused');
  });

  it('tells a timer that stopped in time (met) from one that stopped late (missed)', () => {
    const stoppedAt = new Date('2026-12-05T11:00:00Z');
    expect(slaTimerPhrase(timer({ state: 'met', stoppedAt }), time)).toBe('met');
    expect(slaTimerPhrase(timer({ state: 'met', breached: true, stoppedAt, dueAt: new Date('2026-12-05T10:00:00Z') }), time)).toBe(
      'missed (was due 10:00 UTC)',
    );
  });

  it('puts the timers in one line, in the given order, each named and iconed; none is no line', () => {
    const line = slaTimersLine(
      [
        timer({ metric: 'firstResponse', state: 'met', stoppedAt: NOW }),
        timer({ metric: 'nextResponse', state: 'at_risk' }),
        timer({ metric: 'resolution', state: 'running', dueAt: new Date('2026-12-07T10:00:00Z') }),
      ],
      time,
    );
    expect(line).toBe('✅ First response: met · ⚠️ Next response: at risk, due 14:30 UTC · ⏱️ Resolution: running, due Mon, 10:00 UTC');
    expect(slaTimersLine([], time)).toBeNull();
  });
});

describe('an escalation notice in words', () => {
  const notice = (fields: Partial<SlaNotice>): SlaNotice => ({
    ticketNumber: 42,
    metric: 'firstResponse',
    stage: 'at_risk',
    minutesOver: null,
    dueAt: new Date('2026-12-05T14:30:00Z'),
    mention: null,
    onCallGroupId: null,
    ...fields,
  });

  it('names the ticket, the stage and the target', () => {
    expect(slaNoticeWording(notice({}), time)).toEqual({
      title: '⚠️ SLA at risk · Ticket #42',
      text: 'The first response target is near: due 14:30 UTC.',
    });
    expect(slaNoticeWording(notice({ stage: 'breached', metric: 'resolution' }), time)).toEqual({
      title: '🔴 SLA breached · Ticket #42',
      text: 'The resolution target was missed: it was due 14:30 UTC.',
    });
    expect(slaNoticeWording(notice({ stage: 'still_breached', minutesOver: 30 }), time)).toEqual({
      title: '🔴 SLA still breached · Ticket #42',
      text: 'The first response is still outstanding 30 minutes after the target (it was due 14:30 UTC).',
    });
  });
});
