// Whether an LLM's answer says only what the passages it cites say. Checked per sentence, before
// anything is sent: each must cite at least one passage it was given, its links, e-mail addresses and
// numbers must be in those passages verbatim, a negation needs one in them, and most of its content
// words must be theirs (MIN_SUPPORT). Lexical, so it cannot prove meaning: it is a gate that lets a
// close paraphrase through and stops a sentence built around words, figures or links the docs do not
// have. A failed check costs wording only: the passage is sent in the docs' own words instead.
import type { SourcePassage } from '../domain/ports/triage.js';
import { ENGLISH_STOP_WORDS } from '../nlp/stop-words.js';
import { normalizeText, wordStemsWithout } from '../nlp/tokenize.js';

/**
 * The share of a sentence's distinct content stems (stop words and bare numbers left out) that must
 * occur in the passages it cites. Stemming absorbs inflection but not synonyms, so a faithful
 * paraphrase keeps most but not all of its words: at 0.7 a sentence of four or more content words
 * may bring one of its own in three or four ("simply", "head to"), while one of three cannot, and a
 * sentence whose point is a word the docs lack ("cancel" where they say "pause") fails. Figures,
 * links and negations, where one word changes the meaning, are checked exactly instead.
 */
export const MIN_SUPPORT = 0.7;

export type GroundednessFailure =
  | 'no_sentences'
  /** A sentence cites nothing. */
  | 'no_citation'
  /** A sentence cites a number that names no passage given. */
  | 'unknown_citation'
  /** A link or e-mail address the cited passages do not contain. */
  | 'unsupported_link'
  /** A number the cited passages do not contain verbatim. */
  | 'unsupported_number'
  /** A negation ("not", "never", "can't"…) where the cited passages have none. */
  | 'unsupported_negation'
  /** Fewer than MIN_SUPPORT of its content words are in the cited passages. */
  | 'unsupported_words';

export interface CheckedSentence {
  text: string;
  /** The passage ids it cites, in order, without repeats. */
  citations: number[];
  /** The share of its content stems found in the cited passages (1 when it has none). */
  support: number;
}

export type Groundedness =
  { isGrounded: true; sentences: CheckedSentence[] } | { isGrounded: false; reason: GroundednessFailure; sentence: string | null };

/** `[1]`, `[2, 3]`: the citation syntax the prompt asks for. */
export const CITATION = /\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]/g;
/** Sentence-ending punctuation with closing quotes, then any citations, then a space or the end. */
const SENTENCE_END = /[.!?…]+["'”’)]*(?:\s*\[\s*\d+(?:\s*,\s*\d+)*\s*\])*(?=\s|$)/g;
/** A full stop that ends an abbreviation or an initial, not a sentence. */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|approx|incl|no|nr|mr|mrs|ms|dr|st|\p{L})\.$/iu;
const LIST_MARKER = /^\s*(?:[-*•]|\d+[.)])\s+/;
const URL_OR_EMAIL = /\bhttps?:\/\/[^\s<>()[\]"'“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;
const NUMBER = /\d+(?:[.,:/]\d+)*/g;
const NEGATION = /\b(?:not|no|never|none|nothing|nor|cannot|without)\b|n't\b/i;

/** The answer's sentences: lines (list markers dropped), cut after sentence ends and their citations. */
export function splitSentences(answer: string): string[] {
  return answer
    .split(/\n+/)
    .map((line) => line.replace(LIST_MARKER, '').trim())
    .filter((line) => line !== '')
    .flatMap(splitLine);
}

function splitLine(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const match of line.matchAll(SENTENCE_END)) {
    const head = line.slice(start, match.index + 1);
    if (match[0].startsWith('.') && ABBREVIATION.test(head)) continue;
    out.push(line.slice(start, match.index + match[0].length).trim());
    start = match.index + match[0].length;
  }
  out.push(line.slice(start).trim());
  return out.filter((sentence) => sentence !== '');
}

/** The passage ids a text cites, in order of first citation. */
export function citationsIn(text: string): number[] {
  const ids = [...text.matchAll(CITATION)].flatMap((m) => m[1]!.split(',').map((n) => Number(n.trim())));
  return [...new Set(ids)];
}

const withoutCitations = (text: string): string => text.replace(CITATION, ' ');
/** Curly apostrophes as straight ones, so "can’t" reads like "can't". */
const plainQuotes = (text: string): string => text.replace(/[’‘]/g, "'");

/**
 * Stop words, and the pieces the tokenizer leaves of contractions ("you'll" → "you", "ll"; "don't" →
 * "don", "t"): they carry no claim of their own (negations are checked apart).
 */
const NOT_CONTENT: ReadonlySet<string> = new Set([
  ...ENGLISH_STOP_WORDS,
  ...['ll', 're', 've', 'don', 'won', 'isn', 'aren', 'doesn', 'didn', 'wasn', 'weren', 'hasn', 'haven', 'shouldn', 'couldn', 'wouldn'],
]);

function contentStems(text: string): Set<string> {
  return new Set(wordStemsWithout(normalizeText(text), NOT_CONTENT).filter((stem) => !/^\d+$/.test(stem)));
}

/** What a passage offers as support, computed once per check. */
interface Support {
  text: string;
  stems: Set<string>;
  numbers: Set<string>;
  hasNegation: boolean;
}

function supportOf(passage: SourcePassage): Support {
  const text = `${passage.title}\n${passage.text}\n${passage.link ?? ''}`;
  return {
    text,
    stems: contentStems(text),
    numbers: new Set(text.match(NUMBER) ?? []),
    hasNegation: NEGATION.test(plainQuotes(text)),
  };
}

/** Whether every sentence of `answer` is supported by the passages it cites (see the file's head). */
export function checkGroundedness(answer: string, passages: readonly SourcePassage[]): Groundedness {
  const support = new Map(passages.map((p) => [p.id, supportOf(p)]));
  const sentences = splitSentences(answer);
  if (sentences.length === 0) return { isGrounded: false, reason: 'no_sentences', sentence: null };
  const checked: CheckedSentence[] = [];
  for (const sentence of sentences) {
    const fail = (reason: GroundednessFailure): Groundedness => ({ isGrounded: false, reason, sentence });
    const citations = citationsIn(sentence);
    if (citations.length === 0) return fail('no_citation');
    const cited = citations.map((id) => support.get(id));
    if (cited.some((s) => s === undefined)) return fail('unknown_citation');
    const sources = cited.filter((s): s is Support => s !== undefined);
    const claim = plainQuotes(withoutCitations(sentence));

    const links = (claim.match(URL_OR_EMAIL) ?? []).map((link) => link.replace(/[.,;:!?]+$/, ''));
    if (links.some((link) => !sources.some((s) => s.text.includes(link)))) return fail('unsupported_link');
    const numbers = claim.replace(URL_OR_EMAIL, ' ').match(NUMBER) ?? [];
    if (numbers.some((n) => !sources.some((s) => s.numbers.has(n)))) return fail('unsupported_number');
    if (NEGATION.test(claim) && !sources.some((s) => s.hasNegation)) return fail('unsupported_negation');

    const stems = [...contentStems(claim.replace(URL_OR_EMAIL, ' '))];
    const found = stems.filter((stem) => sources.some((s) => s.stems.has(stem))).length;
    const share = stems.length === 0 ? 1 : found / stems.length;
    if (share < MIN_SUPPORT) return fail('unsupported_words');
    checked.push({ text: sentence, citations, support: Math.round(share * 1000) / 1000 });
  }
  return { isGrounded: true, sentences: checked };
}
