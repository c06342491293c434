// SLA policies as data: per priority, targets for first response, next response (after a customer's
// follow-up) and resolution, each counted in business or calendar time; the share of a target at which a
// timer is at risk; and the escalation ladder. A workspace or server may have its own policies (its scope
// key, e.g. "slack:T123" or "discord:456", is the caller's to choose); otherwise the defaults apply.
import { z } from 'zod';
import { ZCalendarConfig } from './calendar-config.js';

/** The ticket priorities (domain/ticket.ts `Priority`), repeated here because a library imports nothing of ours. */
export const SLA_PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type SlaPriority = (typeof SLA_PRIORITIES)[number];

export const SLA_METRICS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

export const ZSlaTarget = z.strictObject({
  minutes: z.number().int().positive(),
  /** business: only the calendar's open hours count; calendar: every minute counts (24/7). */
  clock: z.enum(['business', 'calendar']).default('business'),
});
export type SlaTarget = z.output<typeof ZSlaTarget>;

export const LADDER_ACTIONS = ['mention_assignee', 'reoffer', 'mention_on_call', 'alert_webhook'] as const;
export type LadderAction = (typeof LADDER_ACTIONS)[number];

/** When a step is due: at risk, breached, or still breached N minutes (on the target's clock) after the breach. */
export const ZLadderTrigger = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('at_risk') }),
  z.strictObject({ kind: z.literal('breached') }),
  z.strictObject({ kind: z.literal('breached_for'), minutes: z.number().int().positive() }),
]);
export type LadderTrigger = z.output<typeof ZLadderTrigger>;

export const ZLadderStep = z.strictObject({ on: ZLadderTrigger, actions: z.array(z.enum(LADDER_ACTIONS)).min(1) });
export type LadderStep = z.output<typeof ZLadderStep>;

/** The issue's ladder: at risk → mention the agent; breached → re-offer and the on-call group; 30 minutes on → the webhook. */
export const DEFAULT_LADDER: readonly LadderStep[] = [
  { on: { kind: 'at_risk' }, actions: ['mention_assignee'] },
  { on: { kind: 'breached' }, actions: ['reoffer', 'mention_on_call'] },
  { on: { kind: 'breached_for', minutes: 30 }, actions: ['alert_webhook'] },
];

/** A step's identity within one timer: "at_risk", "breached", "breached_for:30". */
export type LadderStepKey = string;

export function ladderStepKey(trigger: LadderTrigger): LadderStepKey {
  return trigger.kind === 'breached_for' ? `breached_for:${trigger.minutes}` : trigger.kind;
}

export const ZSlaPolicy = z
  .strictObject({
    targets: z.strictObject({
      firstResponse: ZSlaTarget.optional(),
      nextResponse: ZSlaTarget.optional(),
      resolution: ZSlaTarget.optional(),
    }),
    /** Share of a target at which a timer is at risk. */
    atRiskShare: z.number().gt(0).lt(1).default(0.75),
    /** Name of the calendar (in the config's `calendars`) business-time targets use. */
    calendar: z.string().default('default'),
    ladder: z
      .array(ZLadderStep)
      .default(() => [...DEFAULT_LADDER])
      .superRefine((ladder, ctx) => {
        const seen = new Set<string>();
        ladder.forEach((step, index) => {
          const key = ladderStepKey(step.on);
          if (seen.has(key))
            ctx.addIssue({ code: 'custom', path: [index, 'on'], message: `the ladder has two "${key}" steps; merge their actions` });
          seen.add(key);
        });
      }),
  })
  .transform((policy) => ({ ...policy, ladder: orderLadder(policy.ladder) }));
export type SlaPolicy = z.output<typeof ZSlaPolicy>;

const ZPoliciesByPriority = z.partialRecord(z.enum(SLA_PRIORITIES), ZSlaPolicy);

export const ZSlaConfig = z
  .strictObject({
    calendars: z.record(z.string(), ZCalendarConfig).default({}),
    policies: ZPoliciesByPriority.default({}),
    /** Per workspace or server (scope key → its own policies by priority, replacing the defaults for those priorities). */
    scopes: z.record(z.string(), ZPoliciesByPriority).default({}),
    /**
     * Who "mention the on-call group" mentions: a Slack user group id ("S0123…") or a Discord role id,
     * by platform ("slack", "discord") or by scope ("slack:T123", "discord:456"; the scope's wins).
     */
    onCall: z.record(z.string(), z.string().regex(/^[A-Za-z0-9]+$/, 'a Slack user group id or a Discord role id')).default({}),
  })
  .superRefine((config, ctx) => {
    const check = (policies: Partial<Record<SlaPriority, SlaPolicy>>, path: (string | number)[]) => {
      for (const [priority, policy] of Object.entries(policies)) {
        const usesBusinessTime = Object.values(policy.targets).some((target) => target?.clock === 'business');
        if (usesBusinessTime && !(policy.calendar in config.calendars)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, priority, 'calendar'],
            message: `calendar "${policy.calendar}" is not among the calendars (${Object.keys(config.calendars).join(', ') || 'none'}); business-time targets need one`,
          });
        }
      }
    };
    check(config.policies, ['policies']);
    for (const [scope, policies] of Object.entries(config.scopes)) check(policies, ['scopes', scope]);
  });
export type SlaConfig = z.output<typeof ZSlaConfig>;

/** The policy for a ticket's priority, the scope's own if it has one; null when no SLA applies. */
export function policyFor(config: SlaConfig, priority: SlaPriority, scope?: string): SlaPolicy | null {
  const scoped = scope === undefined ? undefined : config.scopes[scope]?.[priority];
  return scoped ?? config.policies[priority] ?? null;
}

const TRIGGER_ORDER = { at_risk: 0, breached: 1, breached_for: 2 } as const;

/** Ladder steps in the order they can come due: at risk, breached, then breached_for by minutes. */
function orderLadder(ladder: readonly LadderStep[]): LadderStep[] {
  const minutes = (step: LadderStep) => (step.on.kind === 'breached_for' ? step.on.minutes : 0);
  return [...ladder].sort((a, b) => TRIGGER_ORDER[a.on.kind] - TRIGGER_ORDER[b.on.kind] || minutes(a) - minutes(b));
}
