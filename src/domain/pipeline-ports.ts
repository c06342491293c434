// Interfaces the triage pipeline needs: the classifier, the index of reusable solutions, the
// reply wording and the outcome feed. Implementations live in nlp/, replies/ and infra/.
import type { AnswerModel, CandidateKind, Features, Ratings } from './answer-confidence.js';
import type { Priority, TicketStatus } from './ticket.js';

export interface IntentPrediction {
  intent: string;
  /** Calibrated probability that `intent` is right. */
  confidence: number;
  /** The most likely intents, most likely first (at most three). */
  top: { intent: string; probability: number }[];
}

/** The classifier in use. Replaced as a whole when a retrained one is ready. */
export interface IntentModel {
  /** Identifies the trained model (audit trail, /metrics). */
  readonly version: string;
  predict(text: string): IntentPrediction;
}

/** A resolved ticket whose answer may be reused for a similar new one. */
export interface ReusableSolution {
  ticketId: string;
  /** The customer's original message: what new messages are compared with. */
  message: string;
  /** The answer that resolved it. */
  response: string;
  intent: string | null;
}

export interface SolutionMatch {
  ticketId: string;
  /** Cosine similarity in [0, 1]. */
  score: number;
  solution: ReusableSolution;
}

/** The in-memory index of reusable solutions, kept in step with the database. */
export interface SolutionIndex {
  readonly size: number;
  /** The best matches, best first, including ones below any threshold (the audit shows them). */
  search(text: string, limit: number): SolutionMatch[];
  upsert(solution: ReusableSolution): void;
  remove(ticketId: string): boolean;
  /** A solution whose answer has this text key (see replies/answer-key.ts), if the index holds one. */
  withAnswer(textKey: string): ReusableSolution | undefined;
}

/** How often an answer helped when it was sent: customers' ratings of the tickets it answered. */
export type TrackRecord = Ratings;

/** Reads answers' track records (by answer key; an answer never sent is absent). */
export interface TrackRecords {
  read(answerKeys: readonly string[]): Promise<ReadonlyMap<string, TrackRecord>>;
  /** Each kind's record over the KIND_RECORD_WINDOW most recent ratings. */
  readKinds(): Promise<Readonly<Record<CandidateKind, TrackRecord>>>;
}

/** A candidate reply as stored with its ticket (see the ReplyCandidate table). */
export interface StoredCandidate {
  rank: number;
  kind: CandidateKind;
  answerKey: string;
  textKey: string;
  sourceId: string;
  features: Features;
  confidence: number;
  modelVersion: string;
  sent: boolean;
}

/** A candidate whose outcome is known: what answer confidence is fitted on. */
export interface LabelledCandidate {
  kind: CandidateKind;
  features: Features;
  /** Whether it answered the message. */
  answered: boolean;
}

export interface CandidateRepository {
  /** Stores a ticket's candidates; a second save for the same ticket keeps the first. */
  save(ticketId: string, candidates: readonly StoredCandidate[]): Promise<void>;
  /**
   * Each ticket's best candidate whose outcome is known, oldest first, at most `limit`: of tickets an
   * agent answered (it answered when the agent's words were the same), or sent automatically and
   * rated (helpful or not).
   */
  listLabelled(limit: number): Promise<LabelledCandidate[]>;
  /**
   * The ticket's best candidate (rank 0): the answer sent, or the one suggested to agents. Null when
   * the pipeline had none (or the ticket was never triaged).
   */
  bestCandidate(ticketId: string): Promise<{ textKey: string; confidence: number } | null>;
}

/** The answer-confidence model in use; replaced as a whole when a refit one is ready. */
export interface AnswerModelSource {
  current(): AnswerModel;
}

/** What adapters are told once the pipeline (or an agent) has answered or escalated a ticket. */
export interface TicketOutcome {
  ticketId: string;
  status: TicketStatus;
  /** Identifies the change being delivered, so a redelivery of the same one can be recognised. */
  eventKey: string;
  /** The incident the change concerns (its post is refreshed), when not the ticket's own. */
  incidentId?: string;
}

/** The feed chat adapters subscribe to. Publishing the same eventKey twice delivers once. */
export interface OutcomePublisher {
  publish(outcome: TicketOutcome): Promise<void>;
}

/** Tells every worker that a ticket's solution became reusable, changed or was demoted. */
export interface SolutionChangeNotifier {
  notify(ticketId: string): Promise<void>;
}

/** Reads that keep the solution index and the training data in step with the database. */
export interface LearningRepository {
  /** Every reusable solution: agent-resolved, or auto-resolved and confirmed helpful; never demoted ones. */
  listReusableSolutions(): Promise<ReusableSolution[]>;
  /** The ticket's solution if it is reusable now, else null. */
  findReusableSolution(ticketId: string): Promise<ReusableSolution | null>;
  /**
   * Messages agents resolved and gave an intent for (`labelledIntent`: a pack intent, `unknown` or a
   * learned one), with that intent, oldest first. Tickets resolved without one are not labels.
   */
  listAgentLabelledMessages(limit: number): Promise<{ text: string; intent: string }[]>;
  /** Messages agents resolved without naming an intent, with the words they answered, oldest first. */
  listAgentAnswers(limit: number): Promise<{ text: string; answer: string }[]>;
}

/** What agents taught, per intent (GET /admin/intents); the learning repository implements it too. */
export interface AgentLabelStats {
  /** How many agent-labelled messages each intent agents gave has (see listAgentLabelledMessages), unordered. */
  countAgentLabels(): Promise<{ intent: string; count: number }[]>;
}

export interface StoredModel {
  dataHash: string;
  examples: number;
  agentExamples: number;
  /** The classifier's serialised state. */
  state: unknown;
  createdAt: Date;
}

export interface ModelRepository {
  findByHash(dataHash: string): Promise<StoredModel | null>;
  /** Saves the model; a second save with the same hash keeps the first. */
  save(model: Omit<StoredModel, 'createdAt'>): Promise<void>;
}

export interface ReplyWriteRequest {
  /** For log lines only. */
  ticketId?: string;
  /** Untrusted: the writer must treat it as data, never as instructions. */
  customerMessage: string;
  /** The solution or filled template the reply must be based on. */
  basis: string;
  basisKind: 'similar_ticket' | 'template';
  intent: string;
}

/** Words a reply from a basis (an LLM). Throws when it cannot; never returns an empty reply. */
export interface ReplyWriter {
  write(request: ReplyWriteRequest): Promise<string>;
}

/** What an urgent-ticket alert says (rendered per webhook format by the sender). */
export interface UrgentAlert {
  ticketNumber: number;
  priority: Priority;
  urgencyScore: number;
  /** Where the ticket stands after the pipeline: ESCALATED, or AUTO_RESOLVED under answer_and_alert. */
  status: TicketStatus;
  intent: string | null;
  escalationReason: string | null;
  source: string;
  message: string;
}

/** Posts an alert to the configured webhook. Throws UndeliverableError when retrying cannot help. */
export interface AlertSender {
  send(alert: UrgentAlert): Promise<void>;
}

/** Alerts to post, one job per ticket: enqueuing a ticket twice alerts once. */
export interface AlertQueue {
  enqueue(ticketId: string): Promise<void>;
}
