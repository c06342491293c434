import type { IncidentRepository } from '../../domain/ports/incidents.js';
import type { Logger } from 'pino';
import type { ChatPostRepository, DeliveryQueue, MessageRepository, SupportChannelRepository } from '../../domain/ports/chat.js';
import type { CandidateRepository, SolutionChangeNotifier } from '../../domain/ports/learning.js';
import type { OutcomePublisher } from '../../domain/ports/tickets.js';
import type { FeedbackRepository, TicketRepository } from '../../domain/ports/tickets.js';
import type { MetricsRepository } from '../../domain/ports/metrics.js';
import type { SlaRepository } from '../../domain/ports/sla.js';
import type { TriageQueue } from '../../domain/ports/triage.js';
import type { UserRepository } from '../../domain/ports/access.js';

/** The ports every chat adapter's handlers use, built once by the composition root. */
export interface ChatDeps {
  log: Logger;
  tickets: TicketRepository;
  users: UserRepository;
  feedback: FeedbackRepository;
  metrics: MetricsRepository;
  /** SLA attainment for `/metrics`. */
  sla: Pick<SlaRepository, 'attainment' | 'countBreachedOpen'>;
  queue: TriageQueue;
  outcomes: OutcomePublisher;
  solutionChanges: SolutionChangeNotifier;
  /** The pipeline's best candidate of a ticket, which an agent's answer agrees with or not. */
  candidates: Pick<CandidateRepository, 'bestCandidate'>;
  posts: ChatPostRepository;
  messages: MessageRepository;
  deliveries: DeliveryQueue;
  supportChannels: SupportChannelRepository;
  /** Greetings, thanks and "solved, thanks": a support channel's messages that are not requests. */
  isChatter: (text: string) => boolean;
  incidents: IncidentRepository;
  /**
   * The pack's intents, shown to agents as suggestions when answering. Any name that follows the rule
   * in intent-label.ts is accepted (`unknown`, or a new one agents teach).
   */
  intentNames: readonly string[];
  maxMessageChars: number;
}
