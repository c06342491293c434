// Picks the intent's template that fits the message best: the one whose keywords the message shares
// most. Stems are compared, so "charged" matches "charge". Deterministic: ties go to the template
// listed first, which a pack author puts first because it is the most common case.
import type { ReplyTemplate } from '../intents/intent-pack.js';
import { normalizeText, wordStems } from '../nlp/tokenize.js';

export interface TemplateChoice {
  template: ReplyTemplate;
  /** Distinct keywords of the template found in the message. */
  matchedKeywords: number;
}

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

/** The best template for the message, or null when the intent has none. */
export function chooseTemplate(templates: readonly ReplyTemplate[], message: string): TemplateChoice | null {
  const words = stemsOf(message);
  let best: TemplateChoice | null = null;
  for (const template of templates) {
    const matchedKeywords = stemsOfKeywords(template).filter((stems) => stems.size > 0 && [...stems].every((s) => words.has(s))).length;
    if (best === null || matchedKeywords > best.matchedKeywords) best = { template, matchedKeywords };
  }
  return best;
}
