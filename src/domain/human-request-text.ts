// Canonical text for asksForHuman(): what a customer typed, with its spelling normalised so that
// the patterns (asks-for-human.ts) need to know each word only once.

const SENTENCE_BREAK = /[.!?;\n\r]+/;
const CLAUSE_BREAK = /,+/;
const MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’‘`´]/g;
const NON_WORD = /[^a-z0-9]+/g;
const STRETCHED = /([a-z])\1{2,}/g;
const DOUBLED = /([a-z])\1/g;
const SPLIT_SOMEONE = /\bsome (one|body)\b/g;
const SPLIT_HELPDESK = /\bhelp desk\b/g;

/** Texting forms and common misspellings that fuzzy matching would not (or should not) catch. */
const SPELLINGS: ReadonlyMap<string, string> = new Map<string, string>([
  ...['pls', 'plz', 'plse', 'pleas', 'plase', 'pleae', 'pelase', 'plese', 'pleez', 'pleeze', 'plis', 'pliz', 'plez'].map(
    (s): [string, string] => [s, 'please'],
  ),
  ['u', 'you'],
  ['ur', 'your'],
  ['r', 'are'],
  ['2', 'to'],
  ['wanna', 'want to'],
  ['gimme', 'give me'],
  ['lemme', 'let me'],
  ['ppl', 'people'],
  ['hmn', 'human'],
  ['hooman', 'human'],
  ['hoomans', 'humans'],
  ['some1', 'someone'],
  ['any1', 'anyone'],
  ['costumer', 'customer'],
  ['custumer', 'customer'],
  ['speek', 'speak'],
  ['spek', 'speak'],
  ['spaek', 'speak'],
  ['sepak', 'speak'],
  ['speack', 'speak'],
  ['spk', 'speak'],
  ['tlak', 'talk'],
  ['tlk', 'talk'],
  ['tak', 'talk'],
  ['sum1', 'someone'],
  ['sumone', 'someone'],
  ['smone', 'someone'],
  ['ne1', 'anyone'],
  ['neone', 'anyone'],
  ['hw', 'how'],
  ['cn', 'can'],
  ['cna', 'can'],
  ['wnat', 'want'],
  ['thru', 'through'],
  ['liev', 'live'],
  ['bieng', 'being'],
]);
/** Words a stretched spelling is folded back to ("neeeed", "pleeease", "supppport"). */
const KNOWN_WORDS = [
  'need',
  'speak',
  'talk',
  'call',
  'connect',
  'please',
  'staff',
  'support',
  'really',
  'chat',
  'immediately',
  'assistance',
  'operator',
  'live',
  'real',
];
/** The words that decide a match, and so are worth correcting when misspelt. */
const FUZZY_TARGETS = [
  ...['human', 'person', 'someone', 'somebody', 'representative', 'operator', 'agent', 'customer', 'service', 'support'],
  ...['supervisor', 'assistant', 'department', 'talk', 'speak', 'connect', 'transfer', 'escalate'],
];
/** Real words one edit away from a target (after squeezing doubled letters), which must stay themselves. */
const NOT_TYPOS = new Set([
  ...['representation', 'representations', 'persona', 'personas', 'humane', 'accent', 'accents', 'sport', 'sports'],
  ...['pearson', 'parson', 'gent', 'servile', 'hunan', 'task', 'tack', 'tank', 'tall', 'walk', 'balk', 'talc', 'tale'],
  ...['stalk', 'calk', 'peak', 'speck', 'sneak', 'spear', 'steak', 'collect', 'correct', 'convect', 'escalated', 'escalade'],
]);

const squeeze = (word: string): string => word.replace(DOUBLED, '$1');
const SQUEEZED_KNOWN: ReadonlyMap<string, string> = new Map([...KNOWN_WORDS, ...FUZZY_TARGETS].map((word) => [squeeze(word), word]));
const SQUEEZED_TARGETS = FUZZY_TARGETS.map((word) => ({ word, squeezed: squeeze(word), maxEdits: word.length >= 12 ? 2 : 1 }));

/**
 * The message as sentences of comma clauses, each canonical: lower case, no accents, apostrophes or
 * punctuation, words separated by single spaces, texting forms and stretched or slightly misspelt
 * words that matter spelt the usual way ("pls" → "please", "huuuman" → "human", "agnet" → "agent").
 */
export function canonicalSentences(message: string): string[][] {
  const text = message.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(APOSTROPHES, '');
  return text
    .split(SENTENCE_BREAK)
    .map((sentence) =>
      sentence
        .split(CLAUSE_BREAK)
        .map(canonicalClause)
        .filter((clause) => clause !== ''),
    )
    .filter((clauses) => clauses.length > 0);
}

function canonicalClause(clause: string): string {
  const words = clause.replace(NON_WORD, ' ').trim().split(' ').filter(Boolean).map(canonicalWord);
  return words.join(' ').replace(SPLIT_SOMEONE, 'some$1').replace(SPLIT_HELPDESK, 'helpdesk');
}

function canonicalWord(raw: string): string {
  const word = raw.replace(STRETCHED, '$1$1');
  const spelled = SPELLINGS.get(word) ?? SPELLINGS.get(squeeze(word));
  if (spelled !== undefined) return spelled;
  if (word.length < 4 || NOT_TYPOS.has(word)) return word;
  // Keep a plural so "my agents" stays distinguishable from "agent": correct the stem only.
  const stem = word.endsWith('s') && word.length > 4 ? correct(word.slice(0, -1)) : null;
  return stem !== null ? `${stem}s` : (correct(word) ?? word);
}

/** The known word this one is a stretched or slightly misspelt form of, or null. */
function correct(word: string): string | null {
  const squeezed = squeeze(word);
  if (squeezed !== word) {
    const known = SQUEEZED_KNOWN.get(squeezed);
    if (known !== undefined) return known;
  }
  for (const target of SQUEEZED_TARGETS) {
    if (editDistanceAtMost(squeezed, target.squeezed, target.maxEdits)) return target.word;
  }
  return null;
}

/** Optimal string alignment distance (a swap of neighbours counts as one edit) ≤ max. */
function editDistanceAtMost(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  if (max === 1) return withinOneEdit(a, b);
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, beforePrevious[j - 2]! + 1);
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]! <= max;
}

/** Whether a and b differ by at most one insertion, deletion, substitution or swap of neighbours (the common case, without a table). */
function withinOneEdit(a: string, b: string): boolean {
  if (a.length < b.length) return withinOneEdit(b, a);
  let i = 0;
  while (i < b.length && a[i] === b[i]) i++;
  if (i === b.length) return a.length - b.length <= 1;
  if (a.length > b.length) return a.length - b.length === 1 && a.slice(i + 1) === b.slice(i);
  if (a.slice(i + 1) === b.slice(i + 1)) return true;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
