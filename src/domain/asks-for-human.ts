// Detects a customer asking for a person, so the ticket escalates before any classification.

/**
 * Whether an English message asks to be handed to a person ("talk to a human", "agent please",
 * "can I call someone", "not a bot", "stop the bot").
 *
 * How: the message is split into sentences (and comma clauses), lower-cased, stripped of accents,
 * apostrophes and punctuation, and each word is mapped to a canonical spelling: texting forms
 * ("pls", "u", "wanna"), stretched words ("huuuman", "pleeease") and small typos in the few words
 * that matter ("humen", "representitive", "agnet"; edit distance 1, or 2 for long words). The
 * canonical text is then matched against precompiled patterns built from word lists:
 * - a request verb next to a person word: talk/speak/chat to…, connect/transfer/put me through
 *   to…, call/contact…, want/need/get me/let me have…, "help from…", "is there a real person";
 * - strong phrases anywhere: "real person", "live agent", "human support";
 * - rejection of the bot: "not a bot", "stop the bot", "I don't want to talk to a bot";
 * - a short plea that is the whole clause: "agent please", "human!", "representative".
 *
 * Person words used as product terms do not count: a person word followed by a technical noun
 * ("user agent header", "agent field", "human resources module", "agent role") is skipped, the
 * words between a verb and the person are limited to articles and adjectives ("my agents can't log
 * in" has no request verb), and a negated request ("I don't need a human") is ignored.
 *
 * Limits: English only; no understanding of who the subject is ("how do my customers talk to an
 * agent?" counts); sarcasm, quotes and long-range negation are not handled; a lone person word in a
 * two-clause sentence ("Admin, agent") reads as a plea. The errors lean towards escalating, which
 * is the cheap mistake here.
 */
export function asksForHuman(message: string): boolean {
  if (typeof message !== 'string') return false;
  for (const clauses of sentences(message)) {
    const sentence = clauses.join(' ');
    if (REQUEST_PATTERNS.some((pattern) => pattern.test(sentence))) return true;
    // A list ("admin, agent, user") is not a plea; a greeting and a plea ("Hi, agent please") is.
    const candidates = clauses.length <= 2 ? [sentence, ...clauses] : [sentence];
    if (candidates.some((text) => PLEA.test(text))) return true;
  }
  return false;
}

// --- Patterns over canonical text: lower-case words separated by single spaces. ---

const w = (...alternatives: readonly string[]): string => `(?:${alternatives.join('|')})`;

/** Nouns that turn a preceding person word into a product term ("agent role", "user agent header"). */
const TECH = w(
  ...['field', 'header', 'string', 'config', 'configuration', 'setting', 'role', 'api', 'id', 'version', 'process'],
  ...['binary', 'pool', 'list', 'name', 'type', 'column', 'key', 'token', 'mode', 'module', 'resource', 'rights'],
  ...['readable', 'error', 'code', 'file', 'sdk', 'library', 'page', 'panel', 'tab', 'dashboard', 'permission'],
  ...['license', 'licence', 'seat', 'plan', 'tier', 'view', 'access', 'account', 'feature', 'option', 'integration'],
  ...['handoff', 'endpoint', 'status', 'count', 'limit', 'profile', 'group', 'queue', 'app', 'assignment', 'report'],
  ...['metric', 'score', 'variable', 'parameter', 'property', 'object', 'class', 'table', 'record', 'data', 'url'],
  ...['link', 'ui', 'interface', 'label', 'tag', 'flag', 'workflow', 'rule', 'policy', 'template', 'problem'],
  ...['issue', 'user', 'scope', 'message', 'tool', 'software', 'service', 'server', 'client', 'extension'],
);
/** After a person word: not a technical noun, and the word ends there. */
const END = String.raw`s?(?!\s${TECH}s?\b)\b`;

const STRONG_PERSON = w(
  ...['human', 'person', 'agent', 'representative', 'rep', 'operator', 'staff member', 'staff', 'employee'],
  ...['specialist', 'technician', 'manager', 'supervisor', 'team member', 'customer service', 'customer support'],
  ...['customer care', 'support team', 'support staff', 'helpdesk', 'service desk'],
);
const WEAK_PERSON = w('someone', 'somebody', 'anyone', 'anybody', 'people');
/** Anyone you can talk to, including "support" itself ("talk to support"). */
const ANY_PERSON = w(STRONG_PERSON, WEAK_PERSON, 'support');

const DETERMINER = String.raw`(?:${w('a', 'an', 'the', 'some', 'any', 'your', 'ur', 'one of your', 'one of the', 'another')}\s)?`;
const ADJECTIVES = String.raw`(?:${w('real', 'actual', 'live', 'genuine', 'proper', 'living', 'breathing', 'human', 'friendly', 'qualified', 'senior', 'customer', 'service', 'support', 'tech', 'technical', 'care', 'other', 'different')}\s){0,3}`;
/** What may stand between a verb and the person: "a", "a real live", "your customer service". */
const BEFORE_PERSON = DETERMINER + ADJECTIVES;

/** Guards a request against a close negation: "I don't need a human", "no need to talk to anyone". */
const NOT_NEGATED = String.raw`(?<!\b${w('dont', 'do not', 'didnt', 'did not', 'doesnt', 'does not', 'wont', 'will not', 'never', 'no need to', 'not', 'without')}\s(?:${w('need', 'want', 'wish', 'have', 'really', 'even', 'to', 'a', 'an', 'the')}\s){0,3})`;
/** "I'm not a bot", "I'm a real person" are about the customer, not a request. */
const NOT_ABOUT_SELF = String.raw`(?<!\b${w('i am', 'im', 'i m', 'am i', 'prove i am', 'prove im', 'that i am', 'that im')}\s(?:${w('a', 'an')}\s)?)`;

const BOT = w(
  ...['bot', 'robot', 'chatbot', 'machine', 'ai', 'computer', 'autoresponder', 'script'],
  ...['automated system', 'automated reply', 'automated replies', 'automated response', 'automated answer'],
);
const BOT_ADJECTIVE = String.raw`(?:${w('stupid', 'dumb', 'damn', 'useless', 'fucking', 'freaking', 'automated', 'auto', 'ai', 'another')}\s)?`;
const BOT_END = String.raw`s?(?!\s${TECH}s?\b)\b`;

const CONTACT_VERB = w('call', 'phone', 'ring', 'contact', 'email', 'text', 'message', 'get back to', 'reach out to', 'reach', 'look at', 'look into', 'check', 'review', 'take a look at', 'take over', 'assist');

const REQUEST_PATTERNS: readonly RegExp[] = [
  // talk to a human, speak with someone, chat with a real person, deal with a human
  String.raw`${NOT_NEGATED}\b${w('talk', 'talking', 'speak', 'speaking', 'chat', 'chatting', 'converse', 'communicate', 'deal')}\s(?:${w('directly', 'instead', 'now', 'right now')}\s)?${w('to', 'with')}\s${BEFORE_PERSON}${ANY_PERSON}${END}`,
  // connect me to an agent, transfer me to a human, put me through to an operator, escalate this to a person
  String.raw`${NOT_NEGATED}\b${w('connect', 'transfer', 'put', 'pass', 'forward', 'route', 'redirect', 'hand', 'switch', 'send', 'escalate', 'move', 'bring', 'get')}\s(?:${w('me', 'us', 'this', 'it', String.raw`my\s${w('ticket', 'case', 'issue', 'request', 'question', 'chat', 'call')}`, String.raw`the\s${w('ticket', 'case', 'chat', 'conversation', 'call')}`)}\s)?(?:${w('over', 'through', 'back', 'across', 'on', 'directly', 'straight')}\s)?${w('to', 'with')}\s${BEFORE_PERSON}${ANY_PERSON}${END}`,
  // call someone, contact customer service, get in touch with a human
  String.raw`${NOT_NEGATED}\b${w('call', 'phone', 'ring', 'contact', 'reach', 'reach out to', 'email', 'message', 'text', 'page', 'get hold of', 'get in touch with', 'get through to')}\s${BEFORE_PERSON}${ANY_PERSON}${END}`,
  // I want a human, get me an agent, I'd like a representative; "someone" only when clearly a person
  String.raw`${NOT_NEGATED}\b${w('want', 'need', 'require', 'request', 'prefer', 'demand', 'ask for', 'asking for', 'asked for', 'get me', 'give me', 'find me', 'bring me', 'send me', 'let me have', 'let me get', 'can i have', 'can i get', 'could i have', 'could i get', 'may i have', 'id like', 'would like', 'rather have', 'looking for', 'waiting for')}\s${BEFORE_PERSON}(?:${STRONG_PERSON}${END}|${WEAK_PERSON}(?=$|\s${w('real', 'human', 'who', 'that', 'from', 'at', 'on your', 'please', 'now', 'asap', String.raw`to\s${w('talk', 'speak', 'chat', 'call', 'phone', 'help', 'look', 'check', 'contact', 'assist', 'handle', 'get back', 'reach')}`)}\b))`,
  // help from an actual person, a reply from a human
  String.raw`${NOT_NEGATED}\b${w('help', 'assistance', 'support', 'answer', 'reply', 'response', 'advice')}\s${w('from', 'by')}\s${BEFORE_PERSON}${ANY_PERSON}${END}`,
  // can someone call me, have a human look at this, could an agent help me
  String.raw`\b${w('can', 'could', 'would', 'will', 'please', 'have', 'get', 'let')}\s${BEFORE_PERSON}(?:${w('someone', 'somebody', 'anyone', 'anybody')}\s(?:please\s)?${CONTACT_VERB}|${STRONG_PERSON}\s(?:please\s)?${w(CONTACT_VERB, 'help')})\s${w('me', 'us', 'this', 'it', 'my')}\b`,
  // call me back, can you call me, give me a call
  String.raw`${NOT_NEGATED}\b${w('call', 'phone', 'ring')}\s${w('me', 'us')}\sback\b|\b${w('please', 'can you', 'could you', 'would you')}\s${w('call', 'phone', 'ring')}\s${w('me', 'us')}\b|\bgive\s${w('me', 'us')}\sa\s(?:phone\s)?call\b`,
  // is there a real person, are there any humans
  String.raw`\b${w('is', 'are')}\s${w('there', 'theres')}\s(?:${w('a', 'an', 'any', 'some')}\s)?${ADJECTIVES}(?:${STRONG_PERSON}|${WEAK_PERSON}(?!\s${w('else', 'with', 'who has', 'who had')}\b))${END}`,
  // is anyone there?
  String.raw`(?:^|\b${w('is', 'are')}\s)${w('anyone', 'anybody', 'someone', 'somebody', 'any humans?', 'a human', 'a person')}\s${w('there', 'here', 'out there', 'available', 'around', 'awake', 'alive', 'listening', 'reading this', 'reading')}(?:\s${w('please', 'at all')})?$`,
  // a real person, a live agent, human support, someone real
  String.raw`${NOT_NEGATED}${NOT_ABOUT_SELF}\b${w('real', 'actual', 'live', 'genuine', 'living', 'breathing', 'real life', 'flesh and blood')}\s(?:${w('live', 'life')}\s)?${w('human', 'person', 'people', 'agent', 'representative', 'rep', 'operator', 'being', 'staff', 'support', 'someone', 'somebody')}${END}`,
  String.raw`${NOT_NEGATED}\bhuman\s${w('agent', 'representative', 'rep', 'operator', 'support', 'help', 'assistance', 'being', 'person', 'contact', 'intervention', 'response', 'reply', 'staff')}${END}`,
  String.raw`${NOT_NEGATED}\b${w('someone', 'somebody', 'anyone')}\s${w('real', 'human', 'alive')}\b`,
  // not a bot, you're not a bot (but not "I'm not a bot")
  String.raw`${NOT_ABOUT_SELF}\bnot\s${w('a', 'an', 'the', 'this', 'some', 'another', 'talking to a', 'talking to the')}\s${BOT_ADJECTIVE}${BOT}${BOT_END}`,
  // no more bots; "no bot please" as a whole sentence
  String.raw`\bno more\s${BOT_ADJECTIVE}${BOT}${BOT_END}|^no\s${BOT_ADJECTIVE}${BOT}s?(?:\s${w('please', 'thanks', 'thank you')})?$`,
  // stop the bot (but not "how do I stop the bot from posting")
  String.raw`(?<!\bhow\s(?:${w('do', 'can', 'could', 'should', 'would')}\s${w('i', 'we', 'you')}|to)\s)\bstop\s(?:${w('the', 'this', 'your', 'that', 'with the', 'with this', 'with your')}\s)?${BOT_ADJECTIVE}${BOT}s?(?!\s(?:from|${TECH}s?)\b)\b`,
  // I don't want to talk to a bot, I don't want a bot (but not "I don't want the bot to post here")
  String.raw`\b${w('dont', 'do not', 'doesnt', 'does not')}\s${w('want', 'need', 'like', 'wish')}\s(?:to\s${w('talk', 'speak', 'chat', 'deal')}\s${w('to', 'with')}\s)?(?:${w('a', 'an', 'the', 'this', 'your', 'some', 'any', 'more')}\s)?${BOT_ADJECTIVE}${BOT}s?(?!\s(?:${w('to', 'in', 'on', 'at', 'for', 'from', 'inside', 'into')}|${TECH}s?)\b)\b`,
  // tired of talking to bots
  String.raw`\b${w('tired of', 'sick of', 'hate', 'fed up with', 'done with', 'annoyed with', 'frustrated with', 'stop', 'quit', 'enough', 'no more')}\s${w('talking', 'speaking', 'chatting', 'dealing')}\s${w('to', 'with')}\s(?:${w('a', 'an', 'the', 'this', 'your', 'some')}\s)?${BOT_ADJECTIVE}${BOT}s?\b`,
].map((source) => new RegExp(source));

/** A clause that is nothing but a plea: "agent please", "a real human now", "representative". */
const PLEA = new RegExp(
  String.raw`^(?:${w('hi', 'hello', 'hey', 'yo', 'ok', 'okay', 'so', 'um', 'uh', 'hm', 'hmm', 'please', 'just', 'now', 'again', 'yes', 'excuse me', 'sorry', 'ugh', 'there', 'help')}\s)*` +
    String.raw`(?:${w('a', 'an', 'the', 'me', 'get me', 'give me', 'some', 'real', 'actual', 'live', 'human', 'customer', 'service', 'support')}\s){0,3}` +
    w('human', 'humans', 'agent', 'person', 'representative', 'rep', 'operator', 'someone', 'somebody', 'anyone', 'anybody', 'supervisor', 'manager', 'staff', 'customer service', 'customer support', 'customer care', 'live chat', 'live support', 'helpdesk', 'support team', 'support agent') +
    String.raw`(?:\s${w('please', 'now', 'asap', 'already', 'thanks', 'thank you', 'needed', 'required', 'here', 'again', 'immediately', 'right now', 'over here', 'urgently', 'help')})*$`,
);

// --- Normalisation ---

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
  ...['pls', 'plz', 'plse', 'pleas', 'plase', 'pleae', 'pelase', 'plese', 'pleez', 'pleeze', 'plis', 'pliz', 'plez'].map((s): [string, string] => [s, 'please']),
  ['u', 'you'], ['ur', 'your'], ['r', 'are'], ['2', 'to'], ['wanna', 'want to'], ['gimme', 'give me'], ['lemme', 'let me'],
  ['ppl', 'people'], ['hmn', 'human'], ['hooman', 'human'], ['hoomans', 'humans'], ['some1', 'someone'], ['any1', 'anyone'],
  ['costumer', 'customer'], ['custumer', 'customer'], ['speek', 'speak'], ['spek', 'speak'], ['spaek', 'speak'],
  ['sepak', 'speak'], ['speack', 'speak'], ['tlak', 'talk'], ['tlk', 'talk'], ['tak', 'talk'],
]);
/** Words a stretched spelling is folded back to ("neeeed", "pleeease", "supppport"). */
const KNOWN_WORDS = ['need', 'speak', 'talk', 'call', 'connect', 'please', 'staff', 'support', 'really', 'chat', 'immediately', 'assistance', 'operator'];
/** The words that decide a match, and so are worth correcting when misspelt. */
const FUZZY_TARGETS = ['human', 'person', 'someone', 'somebody', 'representative', 'operator', 'agent', 'customer', 'service', 'support', 'supervisor', 'transfer'];
/** Real words one edit away from a target, which must stay themselves. */
const NOT_TYPOS = new Set(['representation', 'representations', 'persona', 'personas', 'humane', 'accent', 'accents', 'sport', 'sports', 'pearson', 'gent', 'servile', 'hunan']);

const squeeze = (word: string): string => word.replace(DOUBLED, '$1');
const SQUEEZED_KNOWN: ReadonlyMap<string, string> = new Map([...KNOWN_WORDS, ...FUZZY_TARGETS].map((word) => [squeeze(word), word]));
const SQUEEZED_TARGETS = FUZZY_TARGETS.map((word) => ({ word, squeezed: squeeze(word), maxEdits: word.length >= 12 ? 2 : 1 }));

function sentences(message: string): string[][] {
  const text = message.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(APOSTROPHES, '');
  return text
    .split(SENTENCE_BREAK)
    .map((sentence) => sentence.split(CLAUSE_BREAK).map(canonicalClause).filter((clause) => clause !== ''))
    .filter((clauses) => clauses.length > 0);
}

function canonicalClause(clause: string): string {
  const words = clause.replace(NON_WORD, ' ').trim().split(' ').filter(Boolean).map(canonicalWord);
  return words.join(' ').replace(SPLIT_SOMEONE, 'some$1').replace(SPLIT_HELPDESK, 'helpdesk');
}

function canonicalWord(raw: string): string {
  const word = raw.replace(STRETCHED, '$1$1');
  const spelled = SPELLINGS.get(word);
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
