import { describe, expect, it } from 'vitest';
import type { Priority } from '../../src/domain/ticket.js';
import { ladderStepKey, policyFor, ZSlaConfig, type SlaPriority } from '../../src/sla/policy.js';

const calendars = { default: { timeZone: 'Europe/Berlin', hours: { mon: ['09:00-17:00'] } } };

describe('SLA policies', () => {
  it('fills the defaults: at risk at 75 %, business time, the issue ladder in order', () => {
    const config = ZSlaConfig.parse({ calendars, policies: { P1: { targets: { firstResponse: { minutes: 30 } } } } });
    const policy = policyFor(config, 'P1');
    expect(policy).toMatchObject({
      atRiskShare: 0.75,
      calendar: 'default',
      targets: { firstResponse: { minutes: 30, clock: 'business' } },
    });
    expect(policy?.ladder.map((step) => ladderStepKey(step.on))).toEqual(['at_risk', 'breached', 'breached_for:30']);
    expect(policy?.ladder[1]?.actions).toEqual(['reoffer', 'mention_on_call']);
  });

  it('orders a ladder written out of order', () => {
    const config = ZSlaConfig.parse({
      policies: {
        P2: {
          targets: { resolution: { minutes: 480, clock: 'calendar' } },
          ladder: [
            { on: { kind: 'breached_for', minutes: 60 }, actions: ['alert_webhook'] },
            { on: { kind: 'breached_for', minutes: 15 }, actions: ['mention_on_call'] },
            { on: { kind: 'breached' }, actions: ['reoffer'] },
            { on: { kind: 'at_risk' }, actions: ['mention_assignee'] },
          ],
        },
      },
    });
    expect(policyFor(config, 'P2')?.ladder.map((step) => ladderStepKey(step.on))).toEqual([
      'at_risk',
      'breached',
      'breached_for:15',
      'breached_for:60',
    ]);
  });

  it('prefers a workspace’s own policy and falls back to the defaults', () => {
    const config = ZSlaConfig.parse({
      calendars,
      policies: { P1: { targets: { firstResponse: { minutes: 30 } } }, P3: { targets: { firstResponse: { minutes: 480 } } } },
      scopes: { 'slack:T1': { P1: { targets: { firstResponse: { minutes: 10, clock: 'calendar' } } } } },
    });
    expect(policyFor(config, 'P1', 'slack:T1')?.targets.firstResponse?.minutes).toBe(10);
    expect(policyFor(config, 'P3', 'slack:T1')?.targets.firstResponse?.minutes).toBe(480);
    expect(policyFor(config, 'P1', 'discord:9')?.targets.firstResponse?.minutes).toBe(30);
    expect(policyFor(config, 'P2')).toBeNull();
  });

  it('refuses duplicate steps, a missing calendar and a share outside (0, 1)', () => {
    const result = ZSlaConfig.safeParse({
      policies: {
        P1: {
          targets: { firstResponse: { minutes: 30 } },
          atRiskShare: 1,
          ladder: [
            { on: { kind: 'breached' }, actions: ['reoffer'] },
            { on: { kind: 'breached' }, actions: ['mention_on_call'] },
          ],
        },
      },
    });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
    expect(issues).toContain('policies.P1.ladder.1.on: the ladder has two "breached" steps; merge their actions');
    expect(issues.some((issue) => issue.startsWith('policies.P1.atRiskShare'))).toBe(true);
    const noCalendar = ZSlaConfig.safeParse({ policies: { P1: { targets: { firstResponse: { minutes: 30 } } } } });
    expect(noCalendar.error?.issues.map((issue) => issue.message)).toEqual([
      'calendar "default" is not among the calendars (none); business-time targets need one',
    ]);
  });

  it('uses the same priorities as the domain', () => {
    const priority: Priority = 'P4';
    const same: SlaPriority = priority;
    const back: Priority = same;
    expect(back).toBe('P4');
  });
});
