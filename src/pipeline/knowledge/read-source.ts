// Reads a source and splits its documents into passages: what one sync found. A document that cannot
// be read or parsed is one error and one failed page; the rest of the source still syncs.
import type { ParsedPage, ReadLimits, SourceDocument, SourceLocation } from '../../domain/knowledge.js';
import type { DocumentReader, SourceSync } from '../../domain/ports/knowledge.js';

export interface ReadSourceDeps {
  reader: DocumentReader;
  parse: (doc: SourceDocument) => ParsedPage;
  limits: ReadLimits;
  now?: () => Date;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function readSource(deps: ReadSourceDeps, location: SourceLocation): Promise<SourceSync> {
  const reading = await deps.reader.read(location, deps.limits);
  const errors = [...reading.errors];
  const passages = reading.documents.flatMap((doc) => {
    try {
      return deps.parse(doc).passages;
    } catch (err) {
      errors.push({ url: doc.url, error: `could not be parsed: ${messageOf(err)}` });
      return [];
    }
  });
  return {
    passages,
    failedPages: errors.map((e) => e.url),
    pageCount: reading.documents.length,
    errors,
    at: (deps.now ?? (() => new Date()))(),
  };
}
