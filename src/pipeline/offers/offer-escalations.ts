// Offers every unclaimed escalation to the best available agent (see domain/assignment.ts), after
// each change that moves the picture: a new escalation, a claim, a resolution, a release. A changed
// offer refreshes the ticket's agents' post, which then mentions that agent. Offers are suggestions:
// anyone in the channel may still claim.
import type { Logger } from 'pino';
import { planOffers, type AssignmentRepository } from '../../domain/assignment.js';
import type { OutcomePublisher } from '../../domain/ports/tickets.js';
import { offerKey, type EventKey } from '../../domain/ticket-event.js';
/** Outcome keys after which offers are worked out again. */
export const REPLANNING_EVENTS: readonly EventKey[] = ['triaged', 'rejected', 'claimed', 'resolved', 'released', 'unlinked', 'undelivered'];

export interface OfferDeps {
  assignments: AssignmentRepository;
  /** The skills each intent needs (the intent pack's `skills`). */
  skillsFor: (intent: string | null) => readonly string[];
  outcomes: OutcomePublisher;
  log: Logger;
}

export interface OfferPlanner {
  /** Works the offers out again; calls made meanwhile are folded into one more run. */
  replan(): Promise<void>;
}

export function createOfferPlanner(deps: OfferDeps): OfferPlanner {
  let running: Promise<void> | null = null;
  let again = false;

  async function run(): Promise<void> {
    const agents = await deps.assignments.listAgents();
    // Nobody takes offers: only offers made earlier need withdrawing, not every escalation read.
    const escalations = await deps.assignments.listOpenEscalations({ offeredOnly: agents.length === 0 });
    const plan = planOffers(
      escalations.map((t) => ({ ...t, requiredSkills: deps.skillsFor(t.intent) })),
      agents,
    );
    let changed = 0;
    for (const ticket of escalations) {
      const agentId = plan.get(ticket.id) ?? null;
      if (agentId === ticket.offeredToId) continue;
      if (!(await deps.assignments.setOffer(ticket.id, agentId))) continue;
      changed += 1;
      await deps.outcomes.publish({
        ticketId: ticket.id,
        status: 'ESCALATED',
        // A unique key per offer: offers change back and forth, and each change is delivered.
        eventKey: offerKey(Date.now().toString(36)),
      });
    }
    if (changed > 0) deps.log.info({ escalations: escalations.length, agents: agents.length, changed }, 'offers updated');
  }

  return {
    async replan() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        try {
          do {
            again = false;
            await run();
          } while (again);
        } finally {
          running = null;
        }
      })();
      return running;
    },
  };
}
