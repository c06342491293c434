// English stop words for passage search: natural's list, required on its own (like natural-parts.ts)
// because natural's index loads every corpus it has. Words so common they match nearly every
// passage only add noise to BM25 and make a query look covered when nothing of substance matched.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const natural = (require('natural/lib/natural/util/stopwords') as { words: string[] }).words;

/** Lower-case English stop words (and single letters and digits), compared before stemming. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(natural);
