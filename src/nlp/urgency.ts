// How urgent a message is: S ∈ [0, 1] from explicit cues and negative sentiment.
//
//   C = the weight of the strongest cue that matches (0 when none does)
//   N = min(1, max(0, −sentiment)), sentiment = natural's AFINN score per word (≈ −5…5, usually −1…1)
//   S = 1 − (1 − C) · (1 − 0.4 · N)
//
// A probabilistic OR: either input alone can raise S, together they compound, and S never exceeds
// 1. Anger alone tops out at 0.4 (P3): an unhappy customer is not an outage. An outage, a security
// or legal matter, or money taken twice is P1 by itself (0.85); "urgent" or "asap" is P2 (0.7) and
// P1 when the customer is also clearly upset; "not working" is 0.4 and P2 with some anger.
import { PorterStemmer, SentimentAnalyzer, WordTokenizer } from './natural-parts.js';

const tokenizer = new WordTokenizer();
const sentiment = new SentimentAnalyzer('English', PorterStemmer, 'afinn');

export interface UrgencyCue {
  name: string;
  weight: number;
  pattern: RegExp;
}

export const URGENCY_CUES: readonly UrgencyCue[] = [
  {
    name: 'outage',
    weight: 0.85,
    pattern:
      /\b(outage|(is|are|went|goes|gone|been|still)\s+down|down\s+(for|since)\b|(site|app|service|server|system|api|website|everything)\s+(is\s+)?(down|offline)|not\s+loading\s+for\s+(anyone|everyone))/i,
  },
  {
    name: 'security',
    weight: 0.85,
    pattern: /\b(security|breach|hacked|compromised|phishing|unauthori[sz]ed\s+(access|login|charge|transaction)|stolen|fraud)/i,
  },
  { name: 'legal', weight: 0.85, pattern: /\b(legal|lawyer|attorney|lawsuit|sue\b|court|gdpr|chargeback)/i },
  {
    name: 'charged_twice',
    weight: 0.85,
    pattern: /\b(charged|billed|paid)\s+(twice|two\s+times|double)|double[-\s]?charged|duplicate\s+(charge|payment)/i,
  },
  { name: 'urgent', weight: 0.7, pattern: /\b(urgent(ly)?|asap|emergency|immediately|critical|right\s+now|as\s+soon\s+as\s+possible)\b/i },
  {
    name: 'blocked',
    weight: 0.4,
    pattern:
      /\b(not\s+working|doesn'?t\s+work|can'?t\s+(log\s*in|access|sign\s*in|pay|use)|cannot\s+(log\s*in|access|sign\s*in|pay|use)|locked\s+out|blocked|broken|crash(es|ed|ing)?)\b/i,
  },
];

/** How much negative sentiment can add on its own. */
const SENTIMENT_WEIGHT = 0.4;

export interface UrgencyScore {
  /** S ∈ [0, 1]. */
  score: number;
  /** The cues that matched, strongest first. */
  cues: string[];
  /** natural's AFINN sentiment per word (negative: unhappy). */
  sentiment: number;
}

export function scoreUrgency(text: string): UrgencyScore {
  const matched = URGENCY_CUES.filter((cue) => cue.pattern.test(text)).sort((a, b) => b.weight - a.weight);
  const cueWeight = matched[0]?.weight ?? 0;
  const tokens = tokenizer.tokenize(text.toLowerCase());
  const raw = tokens.length === 0 ? 0 : sentiment.getSentiment(tokens);
  const feeling = Number.isFinite(raw) ? raw : 0;
  const negativity = Math.min(1, Math.max(0, -feeling));
  const score = 1 - (1 - cueWeight) * (1 - SENTIMENT_WEIGHT * negativity);
  return { score: Math.round(score * 1000) / 1000, cues: matched.map((c) => c.name), sentiment: Math.round(feeling * 1000) / 1000 };
}
