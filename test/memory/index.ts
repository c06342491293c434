// Every memory port over one store, so a spec builds the whole set in one line and passes the
// use case the part it takes (`claimTicket(deps, …)`).
import type { Logger } from 'pino';
import type { ChatPostRepository, EventDeduper, MessageRepository, SupportChannelRepository } from '../../src/domain/ports/chat.js';
import type { IncidentRepository } from '../../src/domain/ports/incidents.js';
import type { CandidateRepository } from '../../src/domain/ports/learning.js';
import type { UserRepository } from '../../src/domain/ports/access.js';
import type { FeedbackRepository, TicketRepository } from '../../src/domain/ports/tickets.js';
import { createMemoryCandidateRepository } from './candidate-repository.js';
import { createMemoryChatPostRepository } from './chat-post-repository.js';
import { createRecordingDeliveryQueue, type RecordingDeliveryQueue } from './delivery-queue.js';
import { createMemoryEventDeduper } from './event-deduper.js';
import { createMemoryFeedbackRepository } from './feedback-repository.js';
import { createMemoryIncidentRepository } from './incident-repository.js';
import { createRecordingLog, type LogLine } from './log.js';
import { createMemoryMessageRepository } from './message-repository.js';
import { createRecordingOutcomePublisher, type RecordingOutcomePublisher } from './outcome-publisher.js';
import { createRecordingSolutionChangeNotifier, type RecordingSolutionChangeNotifier } from './solution-change-notifier.js';
import { createMemoryStore, type MemoryStore } from './store.js';
import { createMemorySupportChannelRepository } from './support-channel-repository.js';
import { createMemoryInstallationRepository, createMemoryWorkspaceSettingsRepository } from './workspace-repository.js';
import type { InstallationRepository, WorkspaceSettingsRepository } from '../../src/domain/ports/workspaces.js';
import { createMemoryTicketRepository } from './ticket-repository.js';
import { createRecordingTriageQueue, type RecordingTriageQueue } from './triage-queue.js';
import { createMemoryUserRepository } from './user-repository.js';

export interface MemoryDeps {
  store: MemoryStore;
  log: Logger;
  /** What was logged. */
  logLines: LogLine[];
  tickets: TicketRepository;
  users: UserRepository;
  feedback: FeedbackRepository;
  incidents: IncidentRepository;
  posts: ChatPostRepository;
  messages: MessageRepository;
  supportChannels: SupportChannelRepository;
  workspaces: WorkspaceSettingsRepository;
  installations: InstallationRepository;
  /** Everything is a request unless a spec says otherwise. */
  isChatter: (text: string) => boolean;
  candidates: Pick<CandidateRepository, 'save' | 'bestCandidate'>;
  deduper: EventDeduper;
  queue: RecordingTriageQueue;
  deliveries: RecordingDeliveryQueue;
  outcomes: RecordingOutcomePublisher;
  solutionChanges: RecordingSolutionChangeNotifier;
}

export function memoryDeps(options: { clock?: () => Date } = {}): MemoryDeps {
  const store = createMemoryStore(options);
  const { log, lines } = createRecordingLog();
  return {
    store,
    log,
    logLines: lines,
    tickets: createMemoryTicketRepository(store),
    users: createMemoryUserRepository(store),
    feedback: createMemoryFeedbackRepository(store),
    incidents: createMemoryIncidentRepository(store),
    posts: createMemoryChatPostRepository(store),
    messages: createMemoryMessageRepository(store),
    supportChannels: createMemorySupportChannelRepository(store),
    workspaces: createMemoryWorkspaceSettingsRepository(store),
    installations: createMemoryInstallationRepository(store),
    isChatter: () => false,
    candidates: createMemoryCandidateRepository(),
    deduper: createMemoryEventDeduper(),
    queue: createRecordingTriageQueue(),
    deliveries: createRecordingDeliveryQueue(),
    outcomes: createRecordingOutcomePublisher(),
    solutionChanges: createRecordingSolutionChangeNotifier(),
  };
}

export { createRecordingMessenger, type RecordingMessenger } from './chat-messenger.js';
export { anAgent, aCustomer, aTicket, actorOf } from './seed.js';
