// Tells chatter ("hi all", "thanks!", "👍", "solved, thanks") from requests in a support channel, so
// that only requests become tickets.
//
// Why this shape: the two mistakes cost very differently. A ticket for "thanks" costs an agent a click;
// dropping "still not working" ignores a customer. So chatter has to be shown, and a request is the default.
// - Word rules decide most messages, because the dangerous requests are short and look like chatter to
//   a bag-of-words model ("same here", "any update", "+1", "not yet", "thanks, but it still fails").
//   A question mark, a link, a number, a negation, a contrast ("but", "still"), a plea or a wait ("help",
//   "anyone", "update"), a question opening a clause ("is it…", "can you…") or two words outside the
//   closed vocabulary of greetings, thanks, acknowledgements and closings make a request. A message
//   made only of that vocabulary is chatter; one with none of it is a request ("zapier").
// - One word left over is where a model helps and where it is dangerous: a name or praise ("thanks
//   Sarah", "legend, thanks") against a terse request ("thanks, invoice"). A two-class softmax over
//   TF-IDF, the classifier's own parts, trained on the pack's chatter against its requests, had to be
//   kept from deciding alone: on single unseen words it leaned to chatter ("csv" 0.88, "seats" 0.77).
//   So the word must also be unknown to the request examples, misspellings included ("exprot"),
//   and only then does the model's vote count.
// - Mentions, emoji, shortcodes and emoticons carry no request, so they are removed first; a message
//   left empty (emoji only, a bare mention) is chatter.
// - No chatter examples means no detector: every message is a request, as before this existed.
// Limits: English only; sarcasm and context across messages are not seen; a request written only in
// chatter words ("ok so") passes as chatter. Measured on test/fixtures/chatter-labelled.json (see
// test/unit/chatter.test.ts); the rules' word lists were tuned on its development part.
import { ENGLISH_STOP_WORDS } from './stop-words.js';
import { DEFAULT_TRAIN_OPTIONS, logits, softmax, trainSoftmax, type SoftmaxWeights } from './softmax-regression.js';
import { TfidfVectorizer } from './tfidf-vectorizer.js';
import { stemWord } from './tokenize.js';

/** Decides whether a top-level channel message is chatter rather than a request. */
export interface ChatterDetector {
  isChatter(text: string): boolean;
}

/** Example messages of each kind; requests are the intent pack's examples and its out-of-scope examples. */
export interface ChatterExamples {
  chatter: readonly string[];
  requests: readonly string[];
}

/** The parts of an intent pack the detector learns from (IntentPack fits it; nlp/ may not import intents/). */
export interface ChatterPackSource {
  /** Absent means none: the detector then takes every message for a request. */
  chatterExamples?: readonly string[];
  outOfScopeExamples: readonly string[];
  intents: readonly { examples: readonly string[] }[];
}

/** Model probability of chatter needed when one word falls outside the chatter vocabulary and no request uses it. */
const MIN_CHATTER_PROBABILITY = 0.5;

/** Phrases of chatter whose words would otherwise read as a request ("no", "help", "close", "never", "again"). */
const CHATTER_PHRASES: readonly RegExp[] = [
  /\bno (?:worries|problem|problems|prob|probs|biggie|rush|need|stress)\b/g,
  /\bnever ?mind\b/g,
  /\b(?:will|sure) do\b/g,
  /\b(?:thanks|thank you|ty|thx|hi|hello|hey) again\b/g,
  /\b(?:working|works|worked|work|running|up|back) again\b/g,
  /\bfor (?:all )?(?:the |your |ur )?(?:(?:quick|fast|speedy|prompt|swift|great|kind|patient|detailed|awesome) )?(?:help|support|assistance|reply|response|answer|fix|patience|time|info|explanation)\b/g,
  /\b(?:you can|can you|please|pls|feel free to|go ahead and) close (?:this|it|the ticket|this ticket|the thread)\b/g,
  /\b(?:issue|problem|ticket|bug) (?:is )?(?:solved|resolved|fixed|sorted|gone|closed)\b/g,
  /\b(?:appreciate|appreciated) (?:it |all )?(?:the |your |ur )?(?:help|support|assistance)\b/g,
  /\b(?:my|our) (?:bad|mistake|fault)\b/g,
  /\bon (?:my|our) (?:end|side)\b/g,
  /\b(?:user error|false alarm|ignore me)\b/g,
];

/** Greetings, thanks, acknowledgements, praise and closings, after normalisation (no apostrophes). */
const CHATTER_WORDS: ReadonlySet<string> = new Set(
  `hi hii hello helo hallo hey heya hiya hola howdy yo sup morning mornin afternoon evening gm good day
   everyone everybody all yall team folks guys gang people friends there mate mates
   thanks thank thankyou thx thnx thanx thnks tnx tks ty tysm tyvm cheers ta appreciate appreciated grateful kudos
   much so very lot lots ton tons heaps loads million bunch really truly kindly big huge many
   ok okay okey okie dokie oki okk kk k alright allright aight right sure yes yep yup yeah ya yea
   got it noted understood understand see makes sense gotcha roger ack acknowledged indeed exactly agreed fair enough
   cool great awesome perfect nice good fine brilliant excellent wonderful fantastic amazing lovely sweet super neat
   superb fab splendid sauce stuff news wow haha lol hehe lmao yay woohoo hooray
   sounds will do works working worked work now solved resolved fixed sorted figured out done trick charm
   found normal back close nvm nevermind closed closing all set
   bye goodbye cya later ttyl take care have nice weekend week night soon talk
   helpful patient quick fast speedy prompt kind legend lifesaver star rockstar hero champ best rock
   one thing np nps sorry apologies
   you youre u ur im ive thats its`.split(/\s+/),
);

/** Words that, anywhere in the message, make it a request: negation, contrast, waiting, pleas, trouble. */
const REQUEST_WORDS: ReadonlySet<string> = new Set(
  `not no nope nah cant cannot dont doesnt didnt isnt wasnt wont wouldnt couldnt shouldnt arent havent hasnt aint never
   nothing none neither nor still again yet anymore but however though although except unless instead only
   help pls plz please halp urgent asap update updates eta status anyone anybody someone somebody
   same too also ditto bump ping waiting wait follow following any
   how what why when where who which hows whens wheres whys whos
   error errors broken broke fail fails failed failing failure bug bugs crash crashed crashes down outage stuck
   sometimes occasionally randomly partly partially mostly almost wrong missing lost slow stop stops stopped refund charged issue issues problem problems weird strange`.split(
    /\s+/,
  ),
);

/** Words that open a question when they open a clause ("is it fixed", "can you check"). */
const QUESTION_OPENERS: ReadonlySet<string> = new Set(
  'is are am was were can could would will do does did should shall may might has any'.split(' '),
);

/** Words skipped before looking for a question opener ("hi team, can you…", "ok so is it…"). */
const CLAUSE_LEAD_INS: ReadonlySet<string> = new Set(
  'hi hello hey heya hiya yo morning good afternoon evening team all everyone folks guys there ok okay so um uh oh and thanks'.split(' '),
);

const MENTION = /<(?:[@#!&]|a?:[\w~-]+:|\/)[^>]*>|(?:^|\s)@[\w.-]+/g;
const LINK = /<?\bhttps?:\/\/\S+|\bwww\.\S+/gi;
const HAS_LINK = /\bhttps?:\/\/|\bwww\./i;
const SHORTCODE = /:[a-z0-9_+-]+:/gi;
// Joiners and variation selectors as alternatives, not in a class: in a class they combine with their neighbours.
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\ufe0f|\u20e3/gu;
const EMOTICON = /(?:^|\s)(?:[:;=8xX][-'^o]?[)(\][dDpP/\\|*3oO]+|<3+|\^_*\^)(?=\s|$)/g;
const PLUS_ONE = /(?:^|\s)\+1\b/;

/** The message without mentions, emoji and emoticons, and whether it holds a link or a "+1". */
function clean(text: string): { text: string; hasLink: boolean; isPlusOne: boolean } {
  let out = text.normalize('NFKC').replace(MENTION, ' ');
  const hasLink = HAS_LINK.test(out);
  out = out.replace(LINK, ' ').replace(SHORTCODE, ' ').replace(EMOJI, ' ').replace(EMOTICON, ' ');
  return { text: out.replace(/\s+/g, ' ').trim(), hasLink, isPlusOne: PLUS_ONE.test(out) };
}

/** Lower case, contractions spelt out ("we're" → "we are", so "were" stays a question opener) and "can't" → "cant". */
function unApostrophe(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/'re\b/g, ' are')
    .replace(/'m\b/g, ' am')
    .replace(/'ve\b/g, ' have')
    .replace(/'ll\b/g, ' will')
    .replace(/'d\b/g, ' would')
    .replace(/'s\b/g, '')
    .replace(/'/g, '');
}

/** Lower-case words without apostrophes, letters repeated for effect reduced. */
function words(clause: string): string[] {
  return unApostrophe(clause)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .map(canonical);
}

/**
 * "thanksss" → "thanks", "goood" → "good", "heyyy" → "hey", "thnaks" → "thanks": only towards known words, and
 * only runs of three letters are squeezed ("sso" must not become "so").
 */
function canonical(word: string): string {
  if (CHATTER_WORDS.has(word) || REQUEST_WORDS.has(word)) return word;
  let known = canonicalWords.get(word);
  if (known === undefined) {
    if (canonicalWords.size >= CANONICAL_CACHE_LIMIT) canonicalWords.clear();
    known = respelt(word);
    canonicalWords.set(word, known);
  }
  return known;
}

/** Respelling looks at every chatter word; the pack's examples reuse a few thousand words, so results are kept. */
const CANONICAL_CACHE_LIMIT = 50_000;
const canonicalWords = new Map<string, string>();

function respelt(word: string): string {
  for (const squeezed of [word.replace(/(.)\1{2,}/g, '$1$1'), word.replace(/(.)\1{2,}/g, '$1')]) {
    if (CHATTER_WORDS.has(squeezed) || REQUEST_WORDS.has(squeezed)) return squeezed;
  }
  if (word.length >= 5) {
    const near = FUZZY_TARGETS.find((target) => isOneEditAway(word, target));
    if (near !== undefined) return near;
  }
  return word;
}

/** Long chatter words whose misspellings are common and collide with no support word at one edit. */
const FUZZY_TARGETS = [
  'thanks',
  'thankyou',
  'hello',
  'morning',
  'afternoon',
  'evening',
  'everyone',
  'appreciate',
  'appreciated',
  'awesome',
  'perfect',
  'brilliant',
  'excellent',
  'wonderful',
  'fantastic',
  'amazing',
  'cheers',
  'understood',
  'goodbye',
];

/** One substitution, insertion, deletion or swap of neighbours. */
function isOneEditAway(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** What the rules make of a cleaned message: a request for sure, or its words outside the chatter vocabulary. */
type RuleVerdict = { isRequest: true } | { isRequest: false; outside: string[]; hasChatterWord: boolean };

function ruleVerdict(cleaned: string): RuleVerdict {
  const request = { isRequest: true } as const;
  if (/[?？¿]/.test(cleaned)) return request;
  let text = unApostrophe(cleaned);
  let hasChatterWord = false;
  for (const phrase of CHATTER_PHRASES) {
    const before = text;
    text = text.replace(phrase, ' , ');
    hasChatterWord ||= text !== before;
  }
  const outside: string[] = [];
  for (const clause of text.split(/[.,!;:\n()\-–—]+/)) {
    const clauseWords = words(clause);
    const opener = clauseWords.find((w) => !CLAUSE_LEAD_INS.has(w));
    if (opener !== undefined && QUESTION_OPENERS.has(opener)) return request;
    for (const word of clauseWords) {
      if (REQUEST_WORDS.has(word)) return request;
      // A number is an order, an error code, an amount: something to look at.
      if (/\d/.test(word)) return request;
      if (CHATTER_WORDS.has(word)) hasChatterWord = true;
      else if (!ENGLISH_STOP_WORDS.has(word)) outside.push(word);
    }
  }
  return { isRequest: false, outside, hasChatterWord };
}

/** The text the model sees: cleaned, lower-case, without punctuation. */
const modelText = (cleaned: string): string => words(cleaned).join(' ');

/**
 * The words the request examples use and the chatter examples do not, and their stems: what a
 * request is made of. A misspelling of one ("exprot", "invocie") counts too.
 */
function supportVocabulary(requests: readonly string[], chatter: readonly string[]): (word: string) => boolean {
  const chatterWords = new Set(chatter.flatMap((text) => text.split(' ')));
  const chatterStems = new Set([...chatterWords].map(stemWord));
  const requestWords = new Set(requests.flatMap((text) => text.split(' ')).filter((word) => !chatterWords.has(word)));
  const stems = new Set([...requestWords].map(stemWord).filter((stem) => !chatterStems.has(stem)));
  const long = [...requestWords].filter((word) => word.length >= 4);
  return (word) => stems.has(stemWord(word)) || (word.length >= 4 && long.some((known) => isOneEditAway(word, known)));
}

/**
 * Trains a detector on the examples. Without chatter examples it never reports chatter; without
 * request examples it trusts the rules alone.
 */
export function createChatterDetector(examples: ChatterExamples): ChatterDetector {
  if (examples.chatter.length === 0) return { isChatter: () => false };
  const chatter = examples.chatter.map((t) => modelText(clean(t).text)).filter((t) => t !== '');
  const requests = examples.requests.map((t) => modelText(clean(t).text)).filter((t) => t !== '');
  const probability = requests.length === 0 || chatter.length === 0 ? () => 0 : trainModel(chatter, requests);
  const isSupportWord = supportVocabulary(requests, chatter);
  return {
    isChatter(text: string): boolean {
      if (typeof text !== 'string') return false;
      const cleaned = clean(text);
      if (cleaned.hasLink || cleaned.isPlusOne) return false;
      if (modelText(cleaned.text) === '') return cleaned.text.replace(/[\p{P}\p{S}\s]/gu, '') === '';
      const verdict = ruleVerdict(cleaned.text);
      // Without a greeting, thanks or acknowledgement there is nothing to call chatter ("xyzzy", "this").
      if (verdict.isRequest || !verdict.hasChatterWord || verdict.outside.length > 1) return false;
      const [word] = verdict.outside;
      if (word === undefined) return true;
      // One more word: a name or praise ("thanks Sarah", "legend, thanks") may be chatter, a support word
      // ("thanks, invoice", "hey, exprot") is not; then the model must agree.
      return !isSupportWord(word) && probability(modelText(cleaned.text)) >= MIN_CHATTER_PROBABILITY;
    },
  };
}

/**
 * Words only (charMax < charMin turns character n-grams off): the model judges just the messages the
 * rules leave with one unknown word, misspelt support words are caught by the vocabulary check, and
 * character n-grams cost a third of the start-up time without changing a label on the labelled set.
 */
const FEATURES = { minDf: 1, charMin: 1, charMax: 0, wordWeight: 1 };

/** Two classes learn in fewer passes than the intent classifier's many; this keeps start-up fast. */
const TRAINING = { ...DEFAULT_TRAIN_OPTIONS, epochs: 5 };

/** A two-class softmax over TF-IDF features; returns P(chatter). Requests are class 0. */
function trainModel(chatter: readonly string[], requests: readonly string[]): (text: string) => number {
  const { vectorizer, vectors } = TfidfVectorizer.fitTransform([...requests, ...chatter], FEATURES);
  // Chatter examples are repeated until both classes weigh the same: a pack has several times more
  // requests, and an unbalanced fit calls almost every short message a request.
  const xs = vectors.slice(0, requests.length);
  const labels: number[] = requests.map(() => 0);
  const repeats = Math.max(1, Math.round(requests.length / chatter.length));
  for (let r = 0; r < repeats; r++) {
    xs.push(...vectors.slice(requests.length));
    labels.push(...chatter.map(() => 1));
  }
  const model: SoftmaxWeights = trainSoftmax(xs, labels, 2, vectorizer.dimension, TRAINING);
  return (text) => softmax(logits(model, vectorizer.transform(text)))[1]!;
}

/** The detector for an intent pack: its chatter examples against its intent and out-of-scope examples. */
export function chatterDetectorForPack(pack: ChatterPackSource): ChatterDetector {
  return createChatterDetector({
    chatter: pack.chatterExamples ?? [],
    requests: [...pack.intents.flatMap((intent) => intent.examples), ...pack.outOfScopeExamples],
  });
}
