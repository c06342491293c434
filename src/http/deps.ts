import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { ApiKeyRepository, LoginLimiter, PasswordHasher, TokenService, UserRepository } from '../domain/ports/access.js';
import type { FeedbackRepository, TicketRepository } from '../domain/ports/tickets.js';
import type { HealthCheck } from '../domain/ports/health.js';
import type { MetricsRepository } from '../domain/ports/metrics.js';
import type { TriageQueue } from '../domain/ports/triage.js';
import type { AgentLabelStats, CandidateRepository, SolutionChangeNotifier, TrackRecords } from '../domain/ports/learning.js';
import type { OutcomePublisher } from '../domain/ports/tickets.js';
import type { BreakerStates } from '../domain/resilience.js';
import type { IncidentRepository } from '../domain/ports/incidents.js';
import type { SlaRepository } from '../domain/ports/sla.js';
import type { AssignmentRepository } from '../domain/assignment.js';
import type { OfferPlanner } from '../pipeline/offers/offer-escalations.js';
import type { IntentPack } from '../intents/intent-pack.js';
import type { ManageSourcesDeps } from '../pipeline/knowledge/manage-sources.js';
import type { KnowledgeGapsRepository } from '../domain/ports/knowledge-gaps.js';
import type { MessageRepository, SupportChannelRepository } from '../domain/ports/chat.js';
import type { SessionStore, TicketInbox } from '../domain/ports/console.js';
import type { InstallationRepository, WorkspaceSettingsRepository } from '../domain/ports/workspaces.js';
import type { DeploymentSettingsRepository } from '../domain/ports/settings.js';

/** Everything the HTTP layer uses, built once by the composition root. */
export interface HttpDeps {
  config: Readonly<Config>;
  log: Logger;
  tickets: TicketRepository;
  users: UserRepository;
  feedback: FeedbackRepository;
  apiKeys: ApiKeyRepository;
  metrics: MetricsRepository;
  queue: TriageQueue;
  outcomes: OutcomePublisher;
  solutionChanges: SolutionChangeNotifier;
  /** The pipeline's best candidate of a ticket, which an agent's answer agrees with or not; answers' track records (console Tuning). */
  candidates: Pick<CandidateRepository, 'bestCandidate'> & Pick<TrackRecords, 'read'>;
  /** Prometheus text for GET /metrics. */
  prometheus: { contentType: string; metrics(): Promise<string> };
  hasher: PasswordHasher;
  tokens: TokenService;
  loginLimiter: LoginLimiter;
  healthChecks: HealthCheck[];
  incidents: IncidentRepository;
  /** SLA timers as stored: shown to staff on tickets, summed up for /admin/metrics. */
  sla: Pick<SlaRepository, 'listTimers' | 'listTimersOf' | 'attainment' | 'countBreachedOpen'>;
  assignments: AssignmentRepository;
  /** Offers open escalations to agents again (after an agent's skills or capacity changed). */
  offers: OfferPlanner;
  /** The intent pack in use (the one the worker trains on), for GET /admin/intents. */
  intentPack: IntentPack;
  /** What agents taught the classifier, per intent. */
  learning: AgentLabelStats;
  /** Knowledge sources: their storage, how they are read and split into passages, and the limits. */
  knowledge: ManageSourcesDeps;
  /** Recent escalations no passage answered, for GET /admin/knowledge-gaps. */
  knowledgeGaps: KnowledgeGapsRepository;
  /** Chat channels whose customers' messages become tickets, for /admin/chat-channels. */
  supportChannels: SupportChannelRepository;
  /** Workspace settings and OAuth installations, for /admin/chat-workspaces. */
  workspaces: WorkspaceSettingsRepository;
  installations: InstallationRepository | undefined;
  /** Settings admins change at run time (the auto-resolve threshold), for /admin/settings and console Tuning. */
  deploymentSettings: DeploymentSettingsRepository;
  /** Outbound dependencies' circuit breakers, shown by GET /health. */
  breakers: BreakerStates;
  /**
   * The dependency a fault says is down ('database', 'redis', …), or null for any other fault: the
   * first is answered 503 `unavailable` with Retry-After, the second 500 `internal`.
   */
  unavailableDependency?: (err: unknown) => string | null;
  /** Set while the service holds the embedded database: POST /local/users takes this token (app/local-control.ts). */
  controlToken?: string;
  /** A ticket's follow-up messages and internal notes, for the console's ticket page. */
  messages: Pick<MessageRepository, 'listForTicket'>;
  /** The web console: its inbox queries, where its sessions live, and the key its session cookie is signed with. */
  console: { inbox: TicketInbox; sessions: SessionStore; secret: string };
  /** Routes from elsewhere (a chat platform's webhook), mounted as they are. */
  plugins?: FastifyPluginAsync[];
}
