// Ports for loading past support conversations (a history import) as resolved tickets.

/** One past conversation, stored as a ticket an agent resolved. */
export interface ImportedConversation {
  /** What the ticket is known by; a ticket with this id already there means it was imported before. */
  externalId: string;
  question: string;
  answer: string;
  /** The intent it was labelled with, or null. */
  intent: string | null;
  /** When it was asked (and, as far as the history says, answered). */
  createdAt: Date;
  /** Its line in the imported file, for the audit trail. */
  line: number;
}

/** Where imported conversations are stored. */
export interface HistoryRepository {
  /** Of these external ids, the ones a ticket already has. */
  findImported(externalIds: readonly string[]): Promise<Set<string>>;
  /** The customer imported tickets are requested by: one system user, created on first use. */
  importRequesterId(): Promise<string>;
  /**
   * Stores the conversations as RESOLVED tickets, each with an `imported` event naming `file` and its
   * line, in one transaction. Conversations whose external id a ticket already has are skipped;
   * within one call the external ids are distinct. Resolves to how many were stored.
   */
  insertResolved(requesterId: string, file: string, conversations: readonly ImportedConversation[]): Promise<number>;
}

/** Tells running workers that many solutions changed at once, so they reload them all (and retrain). */
export interface SolutionReloadNotifier {
  reloadAll(): Promise<void>;
}
