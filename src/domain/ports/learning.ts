// Ports of learning: reusable solutions and their index, the candidates weighed for each ticket
// with their outcomes, track records, the fitted models and the notices that keep workers in step.
import type { Ratings, CandidateKind, Features, AnswerModel } from '../answer-confidence.js';

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
   * Messages with an intent a person gave, oldest first: agents' resolutions with an intent
   * (`labelledIntent`: a pack intent, `unknown` or a learned one), and automatic reuses of such an
   * answer that the customer confirmed, with the reused ticket's intent. The classifier's own
   * guesses are never labels.
   */
  listIntentExamples(limit: number): Promise<{ text: string; intent: string }[]>;
  /**
   * Messages answered without an intent, with the person's words they got, oldest first: agents'
   * resolutions without one, and automatic reuses of such an answer that the customer confirmed.
   */
  listAnswerExamples(limit: number): Promise<{ text: string; answer: string }[]>;
}

/** What agents taught, per intent (GET /admin/intents); the learning repository implements it too. */
export interface AgentLabelStats {
  /** How many agent-labelled messages each intent agents gave has (see listIntentExamples), unordered. */
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
