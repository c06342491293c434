// What an SLA escalation step does, once it is claimed (see check-ticket-sla.ts):
//   mention_assignee  a notice in the thread of the agents' post mentioning the agent offered or
//                     claiming the ticket;
//   mention_on_call   the same notice mentioning the on-call group (SLA config `onCall`);
//   reoffer           an unclaimed ticket is offered to the next qualified agent: the agent who let it
//                     breach is passed over (a claimed ticket stays with its agent: the on-call mention
//                     is the escalation then);
//   alert_webhook     the alert webhook, as for urgent tickets.
// Each action rides its own retried queue; the step itself is in the audit trail.
import type { Logger } from 'pino';
import type { SlaAlertQueue } from '../../domain/ports/alerts.js';
import type { DeliveryQueue, Messengers } from '../../domain/ports/chat.js';
import type { LadderStepTaken, SlaTicket } from '../../domain/ports/sla.js';
import type { TicketRepository } from '../../domain/ports/tickets.js';
import { slaScope, type SlaSettings } from '../../sla/sla-settings.js';
import { reachOf } from '../chat/delivery/route-outcome.js';

export interface LadderActions {
  take(ticket: SlaTicket, step: LadderStepTaken): Promise<void>;
}

/** Re-offers: passes an agent over for one ticket, then works the offers out again. */
export interface Reoffer {
  passOver(ticketId: string, agentId: string): Promise<boolean>;
  replan(): Promise<void>;
}

export interface LadderActionDeps {
  tickets: Pick<TicketRepository, 'appendEvent'>;
  settings: SlaSettings;
  /** Chat: absent when no platform is connected (notices have nowhere to go). */
  chat?: { messengers: Messengers; deliveries: DeliveryQueue };
  reoffer?: Reoffer;
  alerts?: SlaAlertQueue;
  log: Pick<Logger, 'error'>;
}

export function createLadderActions(deps: LadderActionDeps): LadderActions {
  return {
    async take(ticket, step) {
      await deps.tickets.appendEvent(ticket.id, {
        type: 'sla_step',
        actor: { kind: 'system' },
        data: { metric: step.metric, seq: step.seq, step: step.stepKey, actions: step.actions, overdueMinutes: step.overdueMinutes },
      });
      // One action failing does not keep the others from running; each is logged.
      const run = async (action: string, work: () => Promise<unknown>) =>
        work().catch((err: unknown) => deps.log.error({ err, ticketId: ticket.id, action }, 'SLA escalation action failed'));
      if (step.actions.includes('mention_assignee') || step.actions.includes('mention_on_call')) {
        await run('notice', () => notice(deps, ticket, step));
      }
      if (step.actions.includes('reoffer')) await run('reoffer', () => reoffer(deps, ticket));
      if (step.actions.includes('alert_webhook') && deps.alerts) {
        const alerts = deps.alerts;
        await run('alert', () =>
          alerts.enqueueSla(ticket.id, { metric: step.metric, seq: step.seq, stepKey: step.stepKey, overdueMinutes: step.overdueMinutes }),
        );
      }
    },
  };
}

async function notice(deps: LadderActionDeps, ticket: SlaTicket, step: LadderStepTaken): Promise<void> {
  if (!deps.chat) return;
  const platform = (await reachOf(ticket, deps.chat.messengers)).agentsPlatform;
  if (!platform) return;
  const scope = slaScope(ticket.chatPlatform === platform ? platform : null, ticket.chatWorkspaceId);
  await deps.chat.deliveries.enqueue(
    {
      kind: 'sla',
      ticketId: ticket.id,
      platform,
      metric: step.metric,
      seq: step.seq,
      stepKey: step.stepKey,
      stage: step.stage,
      minutesOver: step.stage === 'at_risk' ? null : step.overdueMinutes,
      dueAt: step.dueAt?.toISOString() ?? null,
      mentionAssignee: step.actions.includes('mention_assignee'),
      onCallGroupId: step.actions.includes('mention_on_call') ? deps.settings.onCallFor(platform, scope) : null,
    },
    ticket.priority,
  );
}

async function reoffer(deps: LadderActionDeps, ticket: SlaTicket): Promise<void> {
  if (!deps.reoffer || ticket.status !== 'ESCALATED') return;
  if (ticket.offeredToId) await deps.reoffer.passOver(ticket.id, ticket.offeredToId);
  await deps.reoffer.replan();
}
