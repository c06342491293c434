// The DocumentReader port: a knowledge source's documents, from this machine or from the web.
import { pino, type Logger } from 'pino';
import type { DocumentReader } from '../../domain/ports/knowledge.js';
import { readPath } from './file-reader.js';
import { readUrl } from './web-reader.js';

export interface DocumentReaderOptions {
  /** Where the web reader says what it left out; silent when not given. */
  log?: Logger;
}

export function createDocumentReader(options: DocumentReaderOptions = {}): DocumentReader {
  const log = (options.log ?? pino({ level: 'silent' })).child({ component: 'document-reader' });
  return {
    read(location, limits) {
      switch (location.kind) {
        case 'path':
          return readPath(location.path, limits);
        case 'url':
          return readUrl(location.url, limits, log);
      }
    },
  };
}
