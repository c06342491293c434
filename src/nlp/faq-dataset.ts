// A FAQ retrieval set in the StackFAQ layout, read as a knowledge base and its queries: each thread is
// one passage (title = the question, text = its answers), and each human rephrasing of a thread is a
// query whose right answer is that thread. The text is read from the caller's file, never copied here.
import type { IndexedPassage } from '../domain/ports/knowledge.js';

export interface FaqQuery {
  text: string;
  /** Id of the passage that answers it. */
  passageId: string;
}

export interface FaqKnowledgeBase {
  passages: IndexedPassage[];
  /** Per passage (same order), its usable rephrasings. */
  queries: FaqQuery[][];
}

interface RawPair {
  question?: unknown;
  answer?: unknown;
  rephr?: unknown;
}

/** Placeholders ("*", null, blanks) stand for rephrasings the annotators did not write. */
const isUsable = (r: unknown): r is string => typeof r === 'string' && /[\p{L}\p{N}]/u.test(r);

/** Reads `{ root: { qapair: [{ question, answer: string | string[], rephr: string[] }] } }`; throws on another shape. */
export function faqKnowledgeBase(json: unknown): FaqKnowledgeBase {
  const pairs = (json as { root?: { qapair?: unknown } } | null)?.root?.qapair;
  if (!Array.isArray(pairs)) throw new Error('not a StackFAQ file: expected { root: { qapair: [...] } }');
  const passages: IndexedPassage[] = [];
  const queries: FaqQuery[][] = [];
  (pairs as RawPair[]).forEach((pair, i) => {
    if (typeof pair.question !== 'string') throw new Error(`qapair ${i} has no question`);
    const answers = [pair.answer].flat().filter((a): a is string => typeof a === 'string');
    const id = String(i);
    passages.push({ id, pageTitle: pair.question, headingPath: [], text: answers.join('\n\n') });
    const rephrasings = Array.isArray(pair.rephr) ? pair.rephr.filter(isUsable) : [];
    queries.push(rephrasings.map((text) => ({ text, passageId: id })));
  });
  return { passages, queries };
}
