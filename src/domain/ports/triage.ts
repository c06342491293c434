// Ports of triage: the queue the worker consumes, the intent classifier and the reply writer.
import type { Priority } from '../ticket.js';

/** The queue the pipeline worker consumes. Jobs carry ticket ids only; higher priorities run first. */
export interface TriageQueue {
  enqueue(ticketId: string, priority: Priority): Promise<void>;
  /**
   * Enqueues a ticket whose job may be gone, stuck as failed, or finished without a decision.
   * Leaves a waiting or running job alone.
   */
  requeue(ticketId: string, priority: Priority): Promise<'enqueued' | 'retried' | 'pending'>;
  /** Gives failed jobs (attempts used up) a fresh set of attempts; returns how many. */
  retryFailed(limit: number): Promise<number>;
  /** Resolves true when the ticket's job finished within `timeoutMs`. */
  waitForOutcome(ticketId: string, timeoutMs: number): Promise<boolean>;
  /** How many tickets wait for the pipeline (not yet started). */
  backlog(): Promise<number>;
}

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

/** One retrieved section of the deployer's docs, as a grounded answer may cite it. */
export interface SourcePassage {
  /** Its number in the request, cited as `[n]`; 1 is the chosen passage. */
  id: number;
  /** "Page title › Heading › Subheading". */
  title: string;
  /** Where a customer can read it; null for a file on the server. */
  link: string | null;
  /** The section's words: the only facts an answer may use. */
  text: string;
}

export interface GroundedAnswerRequest {
  /** For log lines only. */
  ticketId?: string;
  /** Untrusted: the writer must treat it as data, never as instructions. */
  customerMessage: string;
  /** The chosen passage first, then the others retrieved for the message; ids 1…n. */
  passages: readonly SourcePassage[];
}

/** Words a reply from a basis (an LLM). Throws when it cannot; never returns an empty reply. */
export interface ReplyWriter {
  write(request: ReplyWriteRequest): Promise<string>;
  /**
   * A short answer written only from the passages, each sentence citing them as `[n]`. Unchecked:
   * the caller checks every sentence against what it cites before sending (replies/groundedness.ts).
   * Throws when it cannot. Optional: a writer without it leaves passages to be sent in the docs' own words.
   */
  answerFromPassages?(request: GroundedAnswerRequest): Promise<string>;
}
