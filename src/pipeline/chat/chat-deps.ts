import type { IncidentRepository } from '../../domain/incident.js';
import type { Logger } from 'pino';
import type { ChatPostRepository, DeliveryQueue, MessageRepository } from '../../domain/chat-ports.js';
import type { CandidateRepository, OutcomePublisher, SolutionChangeNotifier } from '../../domain/pipeline-ports.js';
import type { FeedbackRepository, MetricsRepository, TicketRepository, TriageQueue, UserRepository } from '../../domain/ports.js';

/** The ports every chat adapter's handlers use, built once by the composition root. */
export interface ChatDeps {
  log: Logger;
  tickets: TicketRepository;
  users: UserRepository;
  feedback: FeedbackRepository;
  metrics: MetricsRepository;
  queue: TriageQueue;
  outcomes: OutcomePublisher;
  solutionChanges: SolutionChangeNotifier;
  /** The pipeline's best candidate of a ticket, which an agent's answer agrees with or not. */
  candidates: Pick<CandidateRepository, 'bestCandidate'>;
  posts: ChatPostRepository;
  messages: MessageRepository;
  deliveries: DeliveryQueue;
  incidents: IncidentRepository;
  /**
   * The pack's intents, shown to agents as suggestions when answering. Any name that follows the rule
   * in intent-label.ts is accepted (`unknown`, or a new one agents teach).
   */
  intentNames: readonly string[];
  maxMessageChars: number;
}
