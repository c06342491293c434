// Ports of knowledge sources: reading a source's documents, storing sources and their passages, and searching passages.
import type { DocumentError, Passage, ReadLimits, SourceDocument, SourceLocation } from '../knowledge.js';
import type { BreakerState } from '../resilience.js';

/** What reading a source gave: the documents read, and each one that failed with its reason. */
export interface SourceReading {
  documents: SourceDocument[];
  errors: DocumentError[];
}

/**
 * Reads a source's documents. A path is a file (Markdown, HTML or plain text, by extension) or a
 * folder read recursively; a URL is one page, or a sitemap.xml whose pages on the same host are
 * fetched, respecting robots.txt. Throws (AppError `validation_failed`) when the source itself cannot be
 * read at all (a path that does not exist, an unreachable host); a single bad document is an error
 * in the result instead.
 */
export interface DocumentReader {
  read(location: SourceLocation, limits: ReadLimits): Promise<SourceReading>;
}

/** A passage as the search index holds it. */
export interface IndexedPassage {
  id: string;
  pageTitle: string;
  headingPath: string[];
  text: string;
}

/** A search hit: the passage and its relevance (higher is better; comparable within one search only). */
export interface PassageHit {
  id: string;
  score: number;
}

/** The in-memory search index over passages (lexical ranking, BM25). */
export interface PassageSearch {
  add(passages: readonly IndexedPassage[]): void;
  remove(ids: readonly string[]): void;
  search(query: string, limit: number): PassageHit[];
  readonly size: number;
}

/** A knowledge source as stored, with what its last sync found. */
export interface KnowledgeSource {
  id: string;
  name: string;
  location: SourceLocation;
  createdAt: Date;
  lastSyncedAt: Date | null;
  pageCount: number;
  chunkCount: number;
  /** The last sync's failures, one per document. */
  errors: DocumentError[];
}

/** A passage as stored: the unit the workers index. */
export interface StoredPassage extends Passage {
  id: string;
  sourceId: string;
}

/**
 * What one sync found: the passages of every document read, the pages whose reading failed (their
 * earlier passages are kept: a page that is down for a minute has not been removed), how many
 * documents were read, and the failures.
 */
export interface SourceSync {
  passages: Passage[];
  failedPages: string[];
  pageCount: number;
  errors: DocumentError[];
  at: Date;
}

/** What a sync changed in the stored passages: the workers' indexes apply the same change. */
export interface PassageChanges {
  added: StoredPassage[];
  removedIds: string[];
  kept: number;
}

export interface KnowledgeRepository {
  /** Stores a new source and its first sync in one transaction; `conflict` when the name is taken. */
  create(
    input: { name: string; location: SourceLocation },
    sync: SourceSync,
  ): Promise<{ source: KnowledgeSource; changes: PassageChanges }>;
  /**
   * Applies a sync in one transaction, one sync per source at a time: passages whose hash is new are
   * added, those no longer found are removed (except on failed pages), unchanged ones are kept as
   * they are. Null when the source no longer exists.
   */
  applySync(sourceId: string, sync: SourceSync): Promise<{ source: KnowledgeSource; changes: PassageChanges } | null>;
  /** Records a sync that could not read the source at all: its passages stay as they were. Null when the source no longer exists. */
  recordFailedSync(sourceId: string, error: DocumentError, at: Date): Promise<KnowledgeSource | null>;
  findByName(name: string): Promise<KnowledgeSource | null>;
  list(): Promise<KnowledgeSource[]>;
  /** Removes the source and its passages; the removed passages' ids, or null when there was no such source. */
  remove(name: string): Promise<{ removedIds: string[] } | null>;
  /** Every stored passage, for a worker's index at start. */
  listPassages(): Promise<StoredPassage[]>;
  /** The ids of every stored passage: what a worker compares its library with to catch up. */
  listPassageIds(): Promise<string[]>;
  /** The stored passages among these ids (ids no longer stored are left out). */
  findPassages(ids: readonly string[]): Promise<StoredPassage[]>;
  /**
   * Up to `limit` passages without a vector from `model` (none, or one from another model), by id
   * after `afterId`, so a caller pages through them once even when some fail to embed.
   */
  listPassagesToEmbed(model: string, page: { afterId?: string; limit: number }): Promise<StoredPassage[]>;
  /** Stores each passage's vector from `model`; passages removed meanwhile are skipped. How many were stored. */
  storeEmbeddings(model: string, vectors: readonly PassageVector[]): Promise<number>;
  /** The ids of the passages that have a vector from `model`: what a worker compares its vectors with. */
  listEmbeddedPassageIds(model: string): Promise<string[]>;
  /** The vectors from `model` of these passages (those without one, or removed, are left out). */
  findEmbeddings(model: string, ids: readonly string[]): Promise<PassageVector[]>;
}

/** A passage's vector from the embeddings model. */
export interface PassageVector {
  id: string;
  vector: Float32Array;
}

/** Why texts could not be embedded: the endpoint failed, timed out, or its breaker is open. */
export class EmbeddingsUnavailableError extends Error {
  readonly reason: 'timeout' | 'breaker_open' | 'http_error' | 'network' | 'bad_response';
  readonly status: number | undefined;

  constructor(reason: EmbeddingsUnavailableError['reason'], options: { status?: number | undefined; cause?: unknown } = {}) {
    super(`embeddings unavailable: ${reason}${options.status ? ` (HTTP ${options.status})` : ''}`, { cause: options.cause });
    this.name = 'EmbeddingsUnavailableError';
    this.reason = reason;
    this.status = options.status;
  }
}

/**
 * Turns texts into vectors through an OpenAI-compatible `/v1/embeddings` endpoint (optional: lexical
 * search needs none). Behind its own breaker; every failure is an {@link EmbeddingsUnavailableError}.
 */
export interface PassageEmbedder {
  /** The model's name, stored with each vector so a change of model embeds again. */
  readonly model: string;
  readonly breakerState: BreakerState;
  /**
   * One vector per text, in order. `timeoutMs`: a shorter deadline for this call (a query waits on
   * it); the endpoint's configured timeout applies otherwise.
   */
  embed(texts: readonly string[], options?: { timeoutMs?: number }): Promise<Float32Array[]>;
}

/**
 * The evidence one retrieved passage has that it answers the message (see nlp/passage-confidence.ts):
 * - `margin`: (its score − the best score of a passage on another page) / its score, in [−1, 1]:
 *   how far it stands ahead of the next different page (two sections of one page agreeing is no doubt);
 * - `coverage`: the share of the message's distinct search terms the passage contains;
 * - `scorePerTerm`: log(1 + its BM25 score / the number of search terms), so long messages do not look surer.
 */
export interface PassageEvidence {
  margin: number;
  coverage: number;
  scorePerTerm: number;
}

export interface PassageCandidate {
  passage: StoredPassage;
  evidence: PassageEvidence;
}

/** The passages a worker can answer from, in memory and kept in step with the database. */
export interface PassageLibrary {
  /**
   * The best passages for a message, best first, at most one per page, at most `limit`. Ranked by
   * BM25, fused with the vectors' ranking when embeddings are configured and answer; the evidence
   * of each is lexical either way (see {@link PassageEvidence}).
   */
  search(message: string, limit: number): Promise<PassageCandidate[]>;
  readonly size: number;
}

/**
 * Tells every worker that a source's stored passages changed (added, synced with changes, removed),
 * so each brings its in-memory {@link PassageLibrary} in step. Best effort: a worker that misses a
 * notice catches up from the database on the next one, when its connection comes back, or after the
 * next scheduled sync.
 */
export interface PassageChangeNotifier {
  /** `source`: the source's name, for the log; workers re-read from the database what differs. */
  notify(source: string): Promise<void>;
}
