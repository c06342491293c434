import type { Logger } from 'pino';
import type { ChatPostRepository, DeliveryQueue, EventDeduper, MessageRepository } from '../../domain/chat-ports.js';
import type { OutcomePublisher, SolutionChangeNotifier } from '../../domain/pipeline-ports.js';
import type { FeedbackRepository, MetricsRepository, TicketRepository, TriageQueue, UserRepository } from '../../domain/ports.js';
import type { SlackPeople } from './slack-people.js';

/** The ports the Slack listeners use, built by the composition root. */
export interface SlackDeps {
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
  deduper: EventDeduper;
  people: SlackPeople;
  /** The intents an agent may pick when answering (the pack's, plus `unknown`). */
  intentNames: readonly string[];
  agentsChannel: string | undefined;
  maxMessageChars: number;
}
