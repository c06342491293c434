// How much of a template's keywords a message has: the evidence that this template, and not its
// siblings, answers it. Stems are compared, so "charged" matches "charge".
import type { ReplyTemplate } from '../intents/intent-pack.js';
import { normalizeText, wordStems } from '../nlp/tokenize.js';

const stemsOf = (text: string): Set<string> => new Set(wordStems(normalizeText(text)));

/** Keyword stems per template, computed once per pack. */
const keywordStems = new WeakMap<ReplyTemplate, Set<string>[]>();

function stemsOfKeywords(template: ReplyTemplate): Set<string>[] {
  let cached = keywordStems.get(template);
  if (!cached) {
    // A keyword like "two-factor" is several words: it matches when all of them appear.
    cached = template.keywords.map((keyword) => stemsOf(keyword.replace(/[-_]/g, ' ')));
    keywordStems.set(template, cached);
  }
  return cached;
}

/** Distinct keywords of the template found in the message. */
export function keywordMatches(template: ReplyTemplate, message: string): number {
  const words = stemsOf(message);
  return stemsOfKeywords(template).filter((stems) => stems.size > 0 && [...stems].every((s) => words.has(s))).length;
}
