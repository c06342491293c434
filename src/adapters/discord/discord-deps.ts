import type { Logger } from 'pino';
import type { ChatPostRepository, DeliveryQueue, MessageRepository } from '../../domain/chat-ports.js';
import type { OutcomePublisher, SolutionChangeNotifier } from '../../domain/pipeline-ports.js';
import type { FeedbackRepository, MetricsRepository, TicketRepository, TriageQueue, UserRepository } from '../../domain/ports.js';

/** The ports the Discord handlers use, built by the composition root. */
export interface DiscordDeps {
  log: Logger;
  tickets: TicketRepository;
  users: UserRepository;
  feedback: FeedbackRepository;
  metrics: MetricsRepository;
  queue: TriageQueue;
  outcomes: OutcomePublisher;
  solutionChanges: SolutionChangeNotifier;
  posts: ChatPostRepository;
  messages: MessageRepository;
  deliveries: DeliveryQueue;
  /** The intents an agent may name when answering. */
  intentNames: readonly string[];
  agentsChannelId: string | undefined;
  adminUserIds: readonly string[];
  maxMessageChars: number;
}
