// Knowledge gaps: the escalations no passage answered, grouped by what they ask, biggest first, so a
// team sees which docs to write. Pure: the same tickets give the same groups, in whatever order given.
//
// Messages are compared as the similar-ticket index compares them (nlp/similarity-terms.ts: Porter
// stems without function words), weighted by sublinear tf × IDF over the gap tickets themselves, so
// "i", "my", "how" weigh little and the words a topic is made of weigh most. Greedy leader
// clustering, oldest first: a message joins the group whose first message (its leader) it is most
// like, at GAP_SIMILARITY or more, else it starts a group. Leaders are fixed, so a group cannot drift
// through a chain of slightly-different messages the way single-link groups do.
import type { GapTicket } from '../../domain/ports/knowledge-gaps.js';
import { termCounts } from '../../nlp/similarity-terms.js';
import { ENGLISH_STOP_WORDS } from '../../nlp/stop-words.js';
import { idfOf } from '../../nlp/term-weights.js';
import { normalizeText, stemWord, wordTokens } from '../../nlp/tokenize.js';

/**
 * Cosine a message needs with a group's leader to join it. Measured on train data, 5 random samples
 * each; "pure" is the share of grouped messages that share their group's commonest label:
 *
 * | threshold | StackFAQ rephrasings (125 questions, 1,000 messages) | banking77 (77 intents, 2,000) |
 * |---|---|---|
 * | 0.4 | 80 % grouped, 91 % pure | 87 % grouped, 70 % pure |
 * | 0.5 | 62 % grouped, 96 % pure | 73 % grouped, 78 % pure |
 * | 0.6 | 42 % grouped, 98 % pure | 56 % grouped, 85 % pure |
 *
 * Plain term counts (no IDF, as incidents use) do worse: at 0.6, 56 % grouped and 92 % pure on StackFAQ.
 * The IDF is the gap tickets' own, so a topic most of them share weighs its own words down; it
 * still weighs them above "i", "my" and "how", which nearly every message has.
 *
 * StackFAQ is the case at hand (people asking, in their own words, what one help page answers): at
 * 0.5 a group is about one question 96 % of the time and most messages find one. banking77's intents
 * are finer than pages (card_arrival, card_delivery_estimate), so its purity understates. A gap list
 * is read by people, who forgive an unmerged pair more easily than a group about two things. Lower
 * than INCIDENT_SIMILARITY (0.6): an incident is one outage reported alike; a page answers paraphrases.
 */
export const GAP_SIMILARITY = 0.5;

const EXAMPLES = 3;
const TICKET_NUMBERS = 20;
const TOP_TERMS = 5;
const MIN_TOP_TERMS = 3;

export type GapInput = Pick<GapTicket, 'number' | 'message' | 'createdAt' | 'bestPassageConfidence'>;

export interface KnowledgeGapGroup {
  count: number;
  /** Up to three distinct messages, the most central (most like the group's average) first. */
  exampleMessages: string[];
  /** Up to twenty, newest first. */
  ticketNumbers: number[];
  latestAt: Date;
  /** The words the group's messages share that the other gaps do not, most characteristic first. */
  topTerms: string[];
  /** The best any passage scored for one of them; null when none was a candidate for any. */
  bestPassageConfidence: number | null;
}

type Vector = Map<string, number>;

const dot = (a: Vector, b: Vector): number => {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, w] of small) sum += w * (large.get(term) ?? 0);
  return sum;
};

/** Unit-length tf-idf vectors, the IDF from these messages. */
function vectorize(messages: readonly string[]): Vector[] {
  const counts = messages.map((m) => termCounts(m, { bigrams: false, ignoreStopWords: true }));
  const df = new Map<string, number>();
  for (const c of counts) for (const term of c.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  return counts.map((c) => {
    const v: Vector = new Map();
    let sq = 0;
    for (const [term, count] of c) {
      const w = (1 + Math.log(count)) * idfOf(df.get(term)!, messages.length);
      v.set(term, w);
      sq += w * w;
    }
    const norm = Math.sqrt(sq);
    for (const [term, w] of v) v.set(term, w / norm);
    return v;
  });
}

/** Indices of the vectors by group, each group in order, groups in order of their leader. */
function leaderClusters(vectors: readonly Vector[], threshold: number): number[][] {
  const groups: number[][] = [];
  /** By term, the groups whose leader has it, with the leader's weight. */
  const postings = new Map<string, { group: number; weight: number }[]>();
  const dots = new Float64Array(vectors.length);
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i]!;
    const touched: number[] = [];
    for (const [term, w] of v) {
      for (const { group, weight } of postings.get(term) ?? []) {
        if (dots[group] === 0) touched.push(group);
        dots[group]! += w * weight;
      }
    }
    let best = -1;
    let bestScore = threshold - 1e-9;
    for (const g of touched) {
      const score = dots[g]!;
      dots[g] = 0;
      if (score > bestScore || (score === bestScore && g < best)) [best, bestScore] = [g, score];
    }
    if (best >= 0) {
      groups[best]!.push(i);
      continue;
    }
    const group = groups.push([i]) - 1;
    for (const [term, weight] of v) {
      const list = postings.get(term);
      if (list) list.push({ group, weight });
      else postings.set(term, [{ group, weight }]);
    }
  }
  return groups;
}

/** Each stem's commonest spelling in the messages (ties: the shorter, then the first alphabetically). */
function spellings(messages: readonly string[]): Map<string, string> {
  const seen = new Map<string, Map<string, number>>();
  for (const m of messages) {
    for (const word of wordTokens(normalizeText(m))) {
      // The cached stemmer: the groups' messages repeat their words.
      const stem = stemWord(word);
      const forms = seen.get(stem) ?? new Map<string, number>();
      forms.set(word, (forms.get(word) ?? 0) + 1);
      seen.set(stem, forms);
    }
  }
  const best = new Map<string, string>();
  for (const [stem, forms] of seen) {
    const [word] = [...forms].sort(([a, ca], [b, cb]) => cb - ca || a.length - b.length || (a < b ? -1 : 1))[0]!;
    best.set(stem, word);
  }
  return best;
}

/** Terms shared by two or more members first, by their weight in the group, as words a person reads. */
function topTerms(members: readonly Vector[], messages: readonly string[]): string[] {
  const weight = new Map<string, number>();
  const df = new Map<string, number>();
  for (const v of members) {
    for (const [term, w] of v) {
      weight.set(term, (weight.get(term) ?? 0) + w);
      df.set(term, (df.get(term) ?? 0) + 1);
    }
  }
  const words = spellings(messages);
  const ranked = [...weight]
    .map(([term, w]) => ({ word: words.get(term) ?? term, w, shared: df.get(term)! >= Math.min(2, members.length) }))
    .filter((t) => !ENGLISH_STOP_WORDS.has(t.word))
    .sort((a, b) => b.w - a.w || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  const shared = ranked.filter((t) => t.shared).slice(0, TOP_TERMS);
  const fill = ranked.filter((t) => !t.shared).slice(0, Math.max(0, MIN_TOP_TERMS - shared.length));
  return [...new Set([...shared, ...fill].map((t) => t.word))];
}

function describe(tickets: readonly GapInput[], vectors: readonly Vector[], members: readonly number[]): KnowledgeGapGroup {
  const centroid: Vector = new Map();
  for (const i of members) for (const [term, w] of vectors[i]!) centroid.set(term, (centroid.get(term) ?? 0) + w);
  const central = members
    .map((i) => ({ t: tickets[i]!, centrality: dot(vectors[i]!, centroid) }))
    .sort((a, b) => b.centrality - a.centrality || b.t.number - a.t.number);
  const examples = new Map<string, string>();
  for (const { t } of central) {
    const key = normalizeText(t.message);
    if (!examples.has(key)) examples.set(key, t.message);
    if (examples.size === EXAMPLES) break;
  }
  const newest = members.map((i) => tickets[i]!).sort((a, b) => b.number - a.number);
  const confidences = newest.map((t) => t.bestPassageConfidence).filter((c): c is number => c !== null);
  return {
    count: members.length,
    exampleMessages: [...examples.values()],
    ticketNumbers: newest.slice(0, TICKET_NUMBERS).map((t) => t.number),
    latestAt: new Date(Math.max(...newest.map((t) => t.createdAt.getTime()))),
    topTerms: topTerms(
      members.map((i) => vectors[i]!),
      newest.map((t) => t.message),
    ),
    bestPassageConfidence: confidences.length === 0 ? null : Math.max(...confidences),
  };
}

/** Groups of similar gap tickets, the most tickets first (then the most recent, then the oldest ticket). */
export function groupKnowledgeGaps(input: readonly GapInput[], threshold = GAP_SIMILARITY): KnowledgeGapGroup[] {
  // Oldest first (then by ticket number), so the result does not depend on the order the tickets came in.
  const tickets = [...input].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.number - b.number);
  const vectors = vectorize(tickets.map((t) => t.message));
  const groups = leaderClusters(vectors, threshold).map((members) => ({
    first: tickets[members[0]!]!.number,
    group: describe(tickets, vectors, members),
  }));
  return groups
    .sort((a, b) => b.group.count - a.group.count || b.group.latestAt.getTime() - a.group.latestAt.getTime() || a.first - b.first)
    .map(({ group }) => group);
}
