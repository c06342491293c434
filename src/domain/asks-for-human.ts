// Detects a customer asking for a person, so the ticket escalates before any classification.
import { canonicalSentences } from './human-request-text.js';

/**
 * Whether an English message asks to be handed to a person ("talk to a human", "agent please",
 * "can someone call me back", "escalate please", "this bot is useless, get me a human").
 *
 * How: the message is split into sentences (and comma clauses), lower-cased, stripped of accents,
 * apostrophes and punctuation, and each word is mapped to a canonical spelling: texting forms
 * ("pls", "u", "wanna", "hmn", "thru"), stretched words ("huuuman", "pleeease") and small typos in
 * the few words that matter ("humen", "representitive", "agnet", "taok"; edit distance 1, or 2 for
 * long words). A person or bot word followed by a technical noun becomes one token ("agent role",
 * "user agent header", "human resources", "support hours"), so no pattern reads it as a person. The
 * canonical text is then matched against precompiled patterns built from word lists:
 * - a request verb next to a person or a department: talk/speak/chat/sort this out with…,
 *   connect/transfer/put me through/escalate to…, call/contact/get in touch with…, want/need/get
 *   me/where can I find…, "help from…", "transfer me to billing", "get a manager";
 * - a person doing something for the customer: "can someone call me", "have an agent look at
 *   this", "I want a human to check my order", "a human needs to look at this", "bring in a
 *   human", "get a human involved";
 * - questions whether a person is there: "is there a real person", "is an agent available?",
 *   "who can I talk to?";
 * - callbacks and escalation: "I'd like a callback", "call me back", "escalate please", "can I be
 *   transferred?";
 * - strong phrases anywhere: "real person", "live agent", "human support";
 * - rejection of the bot: "not a bot", "stop the bot", "I refuse to talk to a machine", "get me
 *   out of this bot";
 * - a short plea that is the whole clause, or opens it: "agent please", "human!", "hmn pls i need help".
 *
 * A match does not count when the words just before it rule it out: a negation ("I don't need a
 * human"), someone else asking ("how do my customers talk to an agent", "when they ask for a
 * human", "when to escalate to a human"), a feature ("set up a handoff to a human agent"), or a
 * question about opening hours or waiting times ("what hours can I call customer support", "how
 * long does it take to get a response from support"). A day or time right after the person ("call
 * support on Sundays") also makes it a question about hours. Between a verb and the person only
 * articles and adjectives may stand, so the writer's own people ("my agents can't log in", "talk
 * to my team in the app") are not a request; "phone support" is a kind of support, not a call to
 * it; "a chat to an agent" is a noun unless a request opens it ("start a chat with an agent").
 *
 * Limits: English only; word rules, not understanding. Context across sentences is not used ("are
 * you human? if not, get me one" is missed), and a request worded as a question about hours
 * ("when can I talk to a human? I've waited an hour", "can I talk to an agent on Monday?") is
 * taken for one. Sarcasm, quotes, reported speech and negation further back than a few words are
 * not handled; a lone person word in a two-clause sentence ("Admin, agent") reads as a plea.
 * Measured on the labelled sets in test/fixtures/human-requests/. The errors lean towards
 * escalating, which is the cheap mistake here.
 */
export function asksForHuman(message: string): boolean {
  if (typeof message !== 'string') return false;
  for (const clauses of sentences(message)) {
    const sentence = clauses.join(' ');
    if (REQUEST_PATTERNS.some((pattern) => matchesUnlessRuledOut(pattern, sentence))) return true;
    // A list ("admin, agent, user") is not a plea; a greeting and a plea ("Hi, agent please") is.
    const candidates = clauses.length <= 2 ? [sentence, ...clauses] : [sentence];
    if (candidates.some((text) => PLEA.test(text)) || PLEA_OPENING.test(sentence)) return true;
  }
  return false;
}

/** Whether the pattern matches somewhere the words just before do not rule the request out. */
function matchesUnlessRuledOut(pattern: RegExp, sentence: string): boolean {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(sentence); match !== null; match = pattern.exec(sentence)) {
    if (!RULED_OUT.test(wordsBefore(sentence, match.index))) return true;
    pattern.lastIndex = match.index + 1;
  }
  return false;
}

/** The whole words in the last LOOK_BACK characters before a position: all that RULED_OUT reads. */
function wordsBefore(sentence: string, index: number): string {
  if (index <= LOOK_BACK) return sentence.slice(0, index);
  const space = sentence.indexOf(' ', index - LOOK_BACK);
  return space === -1 || space >= index ? '' : sentence.slice(space + 1, index);
}

// --- Patterns over canonical text: lower-case words separated by single spaces. ---

const w = (...alternatives: readonly string[]): string => `(?:${alternatives.join('|')})`;

/** Nouns that turn a preceding person word into a product term ("agent role", "user agent header"). */
const TECH = w(
  ...['field', 'header', 'string', 'config', 'configuration', 'setting', 'role', 'api', 'id', 'version', 'process'],
  ...['binary', 'pool', 'list', 'name', 'type', 'column', 'key', 'token', 'mode', 'module', 'resource', 'rights'],
  ...['readable', 'error', 'code', 'file', 'sdk', 'library', 'page', 'panel', 'tab', 'dashboard', 'permission'],
  ...['license', 'licence', 'seat', 'plan', 'tier', 'view', 'access', 'account', 'feature', 'option', 'integration'],
  ...['handoff', 'handover', 'endpoint', 'status', 'count', 'limit', 'profile', 'group', 'queue', 'app', 'assignment'],
  ...['report', 'metric', 'score', 'variable', 'parameter', 'property', 'object', 'class', 'table', 'record', 'data'],
  ...['url', 'link', 'ui', 'interface', 'label', 'tag', 'flag', 'workflow', 'rule', 'policy', 'template', 'problem'],
  ...['issue', 'user', 'scope', 'message', 'tool', 'software', 'service', 'server', 'client', 'extension', 'setup'],
  ...['widget', 'plugin', 'button', 'window', 'email', 'address', 'details', 'number', 'hours'],
);
/** Words that a technical noun after them turns into a product term: every word a person or bot match can end on. */
const TERM_HEADS = w(
  ...['human', 'person', 'people', 'agent', 'representative', 'rep', 'operator', 'staff', 'member', 'employee'],
  ...['specialist', 'technician', 'engineer', 'assistant', 'expert', 'advisor', 'adviser', 'consultant', 'colleague'],
  ...['manager', 'supervisor', 'boss', 'service', 'support'],
  ...['care', 'helpdesk', 'desk', 'team', 'department', 'dept', 'someone', 'somebody', 'anyone', 'anybody', 'being'],
  ...['billing', 'sales', 'accounts', 'accounting', 'finance', 'returns', 'refunds', 'shipping', 'delivery'],
  ...['security', 'fraud', 'legal', 'partnerships', 'compliance', 'help', 'assistance', 'contact', 'chat'],
  ...['bot', 'robot', 'chatbot', 'machine', 'ai', 'computer', 'autoresponder', 'script', 'system'],
);
/** "agent role" → "agent_role", "human resources" → "human_resources": one token, which no pattern reads as a person. */
const PRODUCT_TERM = new RegExp(String.raw`\b(${TERM_HEADS}s?) (?=${TECH}s?\b)`, 'g');
/** Days and times after a request make it a question about hours: "can I call support on sundays". */
const WHEN_OPEN = String.raw`${w('on', 'at', 'during', 'over', 'outside', 'after', 'before')}\s(?:${w('the', 'a')}\s)?${w(
  ...['weekend', 'weekends', 'night', 'nights', 'holiday', 'holidays', 'bank holidays', 'public holidays', 'christmas'],
  ...['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'office hours', 'business hours', 'hours'],
)}s?\b`;
/** After a person word: not the writer's own people ("an agent in my team"), not a question about hours, and the word ends there. */
const END = String.raw`s?\b(?!\s${w('in', 'on', 'from', 'of', 'for', 'to')}\s${w('my', 'our')}\b)(?!\s${WHEN_OPEN})`;

/** An optional word that qualifies a group ("the billing team"), but not the writer's own ("my team"). */
const QUALIFIER = String.raw`(?:(?!${w('my', 'our', 'their', 'his', 'her', 'its')}\s)[a-z]+\s)?`;

const STRONG_PERSON = w(
  ...['human', 'person', 'agent', 'representative', 'rep', 'operator', 'staff member', 'staff', 'employee'],
  ...['specialist', 'technician', 'engineer', 'assistant', 'expert', 'advisor', 'adviser', 'consultant', 'colleague'],
  ...[
    'manager',
    'supervisor',
    'boss',
    'team member',
    'member of staff',
    String.raw`member of (?:${w('your', 'the')}\s)?${QUALIFIER}${w('team', 'staff')}`,
  ],
  ...['customer service', 'customer support', 'customer care', 'support team', 'support staff', 'helpdesk', 'service desk'],
);
const WEAK_PERSON = w('someone', 'somebody', 'anyone', 'anybody', 'people');
/** Parts of the company a customer asks for by name: "transfer me to billing", "your returns team". */
const DEPARTMENT = w(
  ...['billing', 'sales', 'accounts', 'accounting', 'finance', 'returns', 'refunds', 'shipping', 'delivery'],
  ...['security', 'fraud', 'legal', 'partnerships', 'compliance', 'tech support', 'technical support', 'support'],
);
const GROUP = String.raw`${QUALIFIER}${w('team', 'department', 'dept')}`;
/** Anyone you can talk to, including a department or "support" itself ("talk to support"). */
const ANY_PERSON = w(STRONG_PERSON, WEAK_PERSON, GROUP, DEPARTMENT);
/** Anyone you can phone or write to: not bare "support", which is a noun there ("phone support"). */
const PERSON_TO_PHONE = w(STRONG_PERSON, WEAK_PERSON, GROUP);

const DETERMINER = String.raw`(?:${w('a', 'an', 'the', 'some', 'any', 'your', 'one of your', 'one of the', 'another')}\s)?`;
const ADJECTIVES = String.raw`(?:${w(
  ...['real', 'actual', 'live', 'genuine', 'proper', 'living', 'breathing', 'human', 'friendly', 'qualified', 'senior'],
  ...['customer', 'service', 'support', 'tech', 'technical', 'care', 'other', 'different', 'right', 'correct'],
  ...['appropriate', 'relevant', 'damn', 'bloody', 'fucking', 'freaking', 'effing', 'goddamn', 'single'],
)}\s)*`;
/** What may stand between a verb and the person: "a", "a real live", "your customer service". */
const BEFORE_PERSON = DETERMINER + ADJECTIVES;
/** Someone from the company: "someone from your team", "someone from support". */
const FROM_COMPANY = String.raw`from\s(?:${w('your', 'the')}\s)?${QUALIFIER}${w('team', 'company', 'side', 'end', 'staff', 'support', 'department', 'office')}`;
/** A person who could act on the case: "an agent", "your billing team", "someone else", "someone from support". */
const ACTOR = String.raw`${BEFORE_PERSON}(?:${STRONG_PERSON}${END}|${GROUP}|${w('someone', 'somebody')}\s${w('else', 'real', FROM_COMPANY)})`;
/** "someone" alone: it may act for the customer ("can someone call me") but not merely help ("can someone help me reset…"). */
const SOMEONE = w('someone', 'somebody');

// What just before a match rules the request out; RULED_OUT reads at most LOOK_BACK characters back.
/** A close negation: "I don't need a human", "no need to talk to anyone". */
const NEGATION = String.raw`\b${w('dont', 'do not', 'didnt', 'did not', 'doesnt', 'does not', 'wont', 'will not', 'never', 'no need to', 'not', 'without')}\s(?:${w('need', 'want', 'wish', 'have', 'really', 'even', 'trying', 'going', 'looking', 'asking', 'planning', 'to', 'a', 'an', 'the')}\s){0,3}`;
/** Someone else asking, usually the writer's customers ("how do my customers talk to an agent", "when they ask for a human", "let customers request a live agent"), or a rule about when to ask ("when to escalate to a human"). */
const SOMEONE_ELSE = String.raw`\b${w('when', 'whether', 'how often')}\sto\s|\b${w('customer', 'customers', 'user', 'users', 'visitor', 'visitors', 'client', 'clients', 'member', 'members', 'they')}\s(?:${w(
  ...['can', 'cant', 'could', 'couldnt', 'will', 'wont', 'would', 'should', 'to', 'be', 'able', 'keep', 'keeps', 'want', 'wants'],
  ...['need', 'needs', 'try', 'tries', 'trying', 'who', 'do', 'dont', 'does', 'doesnt', 'also', 'always', 'still', 'often'],
  ...['sometimes', 'just', 'directly', 'easily', 'ask', 'asks', 'asking', 'ask for', 'request', 'talk to', 'speak to', 'chat with'],
  ...['reach', 'contact', 'get', 'gets', 'have', 'then', 'usually', 'a', 'an', 'the'],
)}\s){0,4}`;
/** A question about when support is open or how long it takes: "what hours can I call customer support". */
const SCHEDULE = String.raw`\b${w(
  ...['what hours', 'which hours', 'what time', 'what times', 'which days', 'what days', 'opening hours', 'business hours'],
  ...['office hours', 'best time', 'how late', 'how early', 'until when', 'until what time'],
  String.raw`when\s${w('can', 'could', 'should', 'do', 'does', 'is', 'are', 'will', 'would')}`,
  String.raw`how long\s${w('does', 'do', 'did', 'is', 'will', 'would')}`,
)}\s(?:[a-z0-9]+\s){0,6}`;
/** A feature that hands over, not a request for it: "set up a handoff to a human agent". */
const FEATURE = String.raw`\b${w('handoff', 'handover', 'hand off', 'escalation', 'escalations', 'routing', 'assignment')}\s${w('to', 'with')}\s(?:${w('a', 'an', 'the')}\s)?`;
const RULED_OUT = new RegExp(`(?:${NEGATION}|${SOMEONE_ELSE}|${SCHEDULE}|${FEATURE})$`);
const LOOK_BACK = 120;
/** "I'm not a bot", "I'm a real person", "I'm a human, not a bot" are about the customer, not a request. */
const NOT_ABOUT_SELF = String.raw`(?<!\b${w('i am', 'im', 'i m', 'am i', 'prove i am', 'prove im', 'that i am', 'that im')}\s(?:${w('a', 'an')}\s)?(?:[a-z]+\s)?)`;

const BOT = w(
  ...['bot', 'robot', 'chatbot', 'machine', 'ai', 'computer', 'autoresponder', 'script'],
  ...['automated system', 'automated reply', 'automated replies', 'automated response', 'automated answer'],
);
const BOT_ADJECTIVE = String.raw`(?:${w('stupid', 'dumb', 'damn', 'useless', 'fucking', 'freaking', 'automated', 'auto', 'ai', 'another')}\s)?`;
const ANY_BOT = String.raw`(?:${w('a', 'an', 'the', 'this', 'your', 'some', 'any', 'more')}\s)?${BOT_ADJECTIVE}${BOT}`;

/** The customer's case: "escalate my ticket", "this issue". */
const CASE = w('ticket', 'case', 'issue', 'complaint', 'request', 'problem', 'question', 'order', 'matter', 'query');
/** Talk verbs; after an article "chat" is a noun ("an API to transfer a chat to an agent") unless a request opens it. */
const TALK_VERB = String.raw`(?:(?<!\b${w('a', 'an', 'the', 'this', 'that')}\s)${w(
  ...['talk', 'talking', 'speak', 'speaking', 'chat', 'chatting', 'converse', 'communicate', 'deal', 'complain', 'discuss'],
  ...['sort', 'handle', 'resolve', 'go over', 'raise', 'make a complaint', 'file a complaint'],
)}|${w('have', 'start', 'open', 'begin', 'get', 'want', 'need', 'request')}\s${w('a', 'a quick')}\s${w('word', 'chat', 'talk', 'call')})`;
/** What may follow a talk verb before "to"/"with": "sort this out with", "discuss my account with". */
const TALK_OBJECT = w('this', 'it', 'that', 'things', 'this out', 'it out', 'things out', 'this through', String.raw`my\s[a-z]+`);
const CONNECT_VERB = w(
  ...['connect', 'transfer', 'put', 'pass', 'forward', 'route', 'redirect', 'hand', 'switch', 'send', 'escalate', 'move'],
  ...['bring', 'get', 'take', 'flag', 'refer', 'connected', 'transferred', 'passed', 'forwarded', 'routed', 'redirected'],
  ...['handed', 'switched', 'sent', 'escalated', 'moved', 'referred'],
);
const CONNECT_OBJECT = w(
  'me',
  'us',
  'this',
  'it',
  String.raw`${w('my', 'the', 'this', 'our')}\s${w(CASE, 'chat', 'conversation', 'call')}`,
);
const CALL_VERB = w(
  ...['call', 'contact', 'reach', 'reach out to', 'get hold of', 'get ahold of', 'get through to'],
  String.raw`(?:(?:get|put)\s(?:${w('me', 'us')}\s)?|be\s(?:put\s)?)in\s${w('touch', 'contact')}\swith`,
);
const WANT_VERB = w(
  ...['want', 'need', 'require', 'request', 'requesting', 'prefer', 'demand', 'ask for', 'asking for', 'asked for'],
  ...['get me', 'give me', 'find me', 'bring me', 'send me', 'let me have', 'let me get', 'can i have', 'can i get', 'could i have'],
  ...['could i get', 'may i have', 'id like', 'would like', 'rather have', 'looking for', 'waiting for', 'wait for', 'queue for'],
  ...['line for', 'how to get', 'how do i get', 'how can i get', 'how could i get', 'where can i get', 'where do i get'],
  ...['where can i find', 'where do i find', 'how do i find', 'how can i find'],
);
/** What a person could do for the customer: "call me", "look at this", "take over". */
const ACTION = w(
  ...['call', 'phone', 'ring', 'contact', 'email', 'text', 'message', 'get back to', 'reach out to', 'reach', 'get in touch with'],
  ...['follow up with', 'look at', 'look into', 'take a look at', 'check', 'double check', 'review', 'investigate', 'take over'],
  ...['handle', 'deal with', 'join', 'step in', 'jump in', 'reply to', 'respond to', 'talk me through', 'walk me through'],
);
/** Actions a person can do but the bot could equally do: they count only with a clear person ("can an agent help me"). */
const HELP_ACTION = w('help', 'assist', 'fix', 'sort out', 'answer', 'reply', 'respond');
/** After an action, what it is done to: the customer or their case, or nothing. */
const ACTION_END = String.raw`(?:\s(?:${w('me', 'us', 'this', 'it', 'that', 'her', 'him', 'my', 'our', 'back', 'in', 'here', 'asap', 'now', 'today', 'please')}|${CASE})\b|$)`;
const MODAL = w(
  'can',
  'could',
  'would',
  'will',
  'should',
  'must',
  'needs to',
  'need to',
  'has to',
  'have to',
  'is going to',
  'going to',
  'gonna',
  'please',
);
const CALLBACK_VERB = w(
  ...['want', 'need', 'like', 'request', 'requesting', 'arrange', 'schedule', 'book', 'prefer', 'appreciate'],
  ...['can i get', 'could i get', 'can i have', 'could i have', 'get me'],
);
const CALLBACK = w('call back', 'callback', 'phone call', 'call', 'ring back');
/** How a customer asks the bot to do something: "please …", "can you …", "I'd like to …". */
const ASK_TO = w(
  ...['please', 'can you', 'could you', 'would you', 'will you', 'i want to', 'i would like to', 'id like to'],
  ...['i need to', 'i wish to', 'i have to', 'we want to', 'we need to'],
);
/** Being there for the customer: "is anyone there", "an agent available", "anyone online". */
const PRESENT = w(
  ...['there', 'here', 'out there', 'available', 'around', 'online', 'free', 'awake', 'alive', 'listening'],
  ...['reading this', 'reading', 'on the line', 'in this chat', 'on this chat'],
);
/** Words that may close a short request: "transfer me please", "escalate now". */
const TAIL = w('please', 'now', 'asap', 'already', 'right now', 'immediately', 'urgently', 'thanks', 'thank you', 'today');

const REQUEST_PATTERNS: readonly RegExp[] = [
  // talk to a human, speak with someone, chat with a real person, sort this out with a person, complain to a manager
  String.raw`\b${TALK_VERB}\s(?:${TALK_OBJECT}\s)?(?:${w('directly', 'instead', 'now', 'right now', 'in person', 'personally')}\s)?${w('to', 'with')}\s${BEFORE_PERSON}${ANY_PERSON}${END}`,
  // connect me to an agent, transfer me to billing, put me through to an operator, be transferred to a person, flag this for a human
  String.raw`\b${CONNECT_VERB}\s(?:${CONNECT_OBJECT}\s)?(?:${w('over', 'through', 'back', 'across', 'on', 'directly', 'straight', 'off')}\s)?${w('to', 'with', 'for')}\s${BEFORE_PERSON}${ANY_PERSON}${END}`,
  // call someone, contact customer service, get in touch with a human, put me in contact with an agent; email a person
  String.raw`\b${CALL_VERB}\s${BEFORE_PERSON}${ANY_PERSON}${END}`,
  // page the on-call person, ping support, notify a manager: these verbs are nouns too ("our checkout page returns a
  // 502", "the alert shows"), so they count only opening the request or after a plea ("please ping support")
  String.raw`(?:^|\b${w('please', 'pls', 'can you', 'could you', 'would you', 'will you', 'just', 'to', 'and', 'so')}\s)${w('page', 'ping', 'notify', 'alert')}\s${BEFORE_PERSON}${ANY_PERSON}${END}`,
  String.raw`\b${w('phone', 'ring', 'email', 'message', 'text', 'write to')}\s${BEFORE_PERSON}${PERSON_TO_PHONE}${END}`,
  // I want a human, get me an agent, I'd like a representative, how do I get a real person; "someone" only when clearly a person
  String.raw`\b${WANT_VERB}\s${BEFORE_PERSON}(?:${STRONG_PERSON}${END}|${WEAK_PERSON}(?=$|\s${w('real', 'human', 'who', 'that', 'from', 'at', 'on your', 'please', 'now', 'asap', String.raw`to\s${w('talk', 'speak', 'chat', 'call', 'phone', 'help', 'look', 'check', 'contact', 'assist', 'handle', 'get back', 'reach')}`)}\b))`,
  // get a manager, find me a human: an imperative that opens the sentence
  String.raw`^(?:${w('please', 'just', 'now', 'so', 'ok')}\s)*${w('get', 'find', 'fetch')}\s${BEFORE_PERSON}${STRONG_PERSON}${END}`,
  // get a human involved
  String.raw`\b${w('get', 'bring', 'have')}\s(?:${ACTOR}|${SOMEONE})\sinvolved\b`,
  // help from an actual person, a reply from a human, a phone call from someone
  String.raw`\b${w('help', 'assistance', 'support', 'answer', 'reply', 'response', 'advice', 'call', 'phone call', 'callback', 'call back')}\s${w('from', 'by')}\s${BEFORE_PERSON}${ANY_PERSON}${END}`,
  // can someone call me, have a human look at this, could an agent help me, is someone going to help me
  String.raw`\b${w('can', 'could', 'would', 'will', 'please', 'have', 'get', 'let', 'if', 'maybe', 'is', 'are')}\s(?:${ACTOR}\s(?:${MODAL}\s)?(?:${ACTION}|${HELP_ACTION})|${SOMEONE}\s(?:${MODAL}\s)?${ACTION}|${SOMEONE}\s${w('going to', 'gonna')}\s${HELP_ACTION})${ACTION_END}`,
  // a human needs to look at this, maybe an agent can help
  String.raw`(?:^|\b${w('maybe', 'perhaps', 'so', 'then', 'think', 'hope', 'but')}\s)${ACTOR}\s${MODAL}\s(?:${ACTION}|${HELP_ACTION})${ACTION_END}`,
  // I want someone to call me, get an agent to look at this, ask a human to reply, for someone to talk me through it
  String.raw`\b${w('want', 'need', 'like', 'get', 'ask', 'tell', 'have', 'for', 'prefer')}\s(?:${ACTOR}|${SOMEONE})\sto\s(?:${ACTION}|${HELP_ACTION})${ACTION_END}`,
  // get a technician on this, can I get someone on the line
  String.raw`\b${w('get', 'put', 'have', 'need', 'want')}\s(?:${ACTOR}|${SOMEONE})\son\s${w('this', 'it', 'the line', 'the phone', 'a call', 'the call', 'my case', 'my ticket', 'this ticket', 'this case', 'my issue', 'my order')}\b`,
  // bring in a human, loop in someone from support, get a human in here, add a person to this chat
  String.raw`\b${w('bring', 'loop', 'pull', 'get')}\sin\s(?:${ACTOR}|${BEFORE_PERSON}${ANY_PERSON}${END})`,
  String.raw`\b${w('bring', 'get', 'add', 'invite', 'pull')}\s(?:${ACTOR}|${SOMEONE})\s(?:in(?=$|\s${w('here', 'now', 'please', 'asap')}\b)|${w('into', 'to')}\s${w('this', 'the')}\s${w('chat', 'conversation', 'thread', 'call')})`,
  // this needs a human, my case requires a real person
  String.raw`\b${w('this', 'it', 'that', 'this one', 'my case', 'my ticket', 'my issue', 'this case', 'this issue')}\s${w('needs', 'requires', 'deserves')}\s${BEFORE_PERSON}(?:${STRONG_PERSON}|${SOMEONE})${END}`,
  // call me back, can you call me, give me a call; "call me please" as the whole request
  String.raw`\b${w('call', 'phone', 'ring')}\s${w('me', 'us')}\sback\b|\b${w('please', 'can you', 'could you', 'would you')}\s${w('call', 'phone', 'ring')}\s${w('me', 'us')}\b|\bgive\s${w('me', 'us')}\sa\s(?:phone\s)?call\b`,
  String.raw`^(?:please\s)?${w('call', 'phone', 'ring', 'contact', 'email')}\s${w('me', 'us')}(?=$|\s(?:${TAIL}|${w('on', 'at', 'back', 'tomorrow', 'by phone', 'by email', 'by mail')})\b)`,
  // I'd like a callback, request callback, can I get a call back (not "schedule a callback for my customer")
  String.raw`\b${CALLBACK_VERB}\s(?:${w('a', 'another', 'a quick', 'an urgent')}\s)?${CALLBACK}\b(?!\s${w('for', 'when', 'if', 'after', 'before', 'recording', 'forwarding', 'log', 'from the bot')}\b)`,
  // escalate please, can you escalate this, I want to escalate my ticket, I'd like this escalated
  String.raw`(?:^|\b${ASK_TO}\s)escalate(?:\s(?:${w('this', 'it', 'me', 'that')}|${w('my', 'this', 'the', 'our')}\s${CASE}))?(?=$|\s(?:${TAIL}|${w('to', 'up', 'further', 'higher', 'for me')})\b)`,
  String.raw`\b${w('want', 'need', 'like', 'get')}\s(?:${w('this', 'it')}|${w('my', 'this', 'the')}\s[a-z]+)\sescalated\b`,
  // transfer me, connect me please, can you connect me, can I be transferred
  String.raw`(?:^|\b${w('please', 'can you', 'could you', 'would you')}\s)${w('transfer', 'connect', 'put through')}\s(?:${w('me', 'us')}|please)(?:\s${TAIL})*$`,
  String.raw`\b${w('i', 'me')}\s(?:[a-z]+\s){0,3}${w('be', 'get')}\s${w('transferred', 'connected', 'put through', 'escalated', 'called back')}(?:\s${TAIL})*$`,
  // open a live chat, I need live support
  String.raw`\b${w('open', 'start', 'begin', 'want', 'need', 'request', 'get me')}\s(?:a\s)?live\s${w('chat', 'support', 'help')}${END}`,
  // who can I talk to?, who do I speak to about this
  String.raw`\bwho\s${w('can', 'could', 'do', 'should', 'would', 'shall', 'may')}\s${w('i', 'we')}\s${w('talk', 'speak', 'chat', 'complain')}\s${w('to', 'with')}(?=$|\s${w('about', 'regarding', 'here', 'there', 'now', 'then', 'for')}\b)`,
  // is there a real person, are there any humans
  String.raw`\b${w('is', 'are')}\s${w('there', 'theres')}\s(?:${w('a', 'an', 'any', 'some')}\s)?${ADJECTIVES}(?:${STRONG_PERSON}|${WEAK_PERSON}(?!\s${w('else', 'with', 'who has', 'who had')}\b))${END}`,
  // is anyone there?, is an agent available?, any agents around?, anyone from support online?
  String.raw`(?:^|\b${w('is', 'are')}\s)(?:${w('a', 'an', 'any', 'some', 'your')}\s)?${ADJECTIVES}(?:${STRONG_PERSON}s?|${GROUP}|${WEAK_PERSON}|humans)(?:\s${FROM_COMPANY})?\s${PRESENT}(?:\s${w('please', 'at all', 'now', 'right now', 'today', 'to help', 'to help me', 'to talk', 'to chat', 'for me')})*$`,
  // a real person, a live agent, human support, someone real
  String.raw`${NOT_ABOUT_SELF}\b${w('real', 'reel', 'actual', 'live', 'genuine', 'living', 'breathing', 'real life', 'flesh and blood')}\s(?:${w('live', 'life')}\s)?${w('human', 'person', 'people', 'agent', 'representative', 'rep', 'operator', 'being', 'staff', 'support', 'someone', 'somebody')}${END}`,
  String.raw`\bhuman\s${w('agent', 'representative', 'rep', 'operator', 'support', 'help', 'assistance', 'being', 'person', 'contact', 'intervention', 'response', 'reply', 'staff')}${END}`,
  String.raw`\b${w('someone', 'somebody', 'anyone')}\s${w('real', 'human', 'alive')}\b|\b${w('person to person', 'human to human', 'face to face')}\b`,
  // not a bot, you're not a bot (but not "I'm not a bot", "I'm a human, not a bot")
  String.raw`${NOT_ABOUT_SELF}\bnot\s${w('a', 'an', 'the', 'this', 'some', 'another')}\s${BOT_ADJECTIVE}${BOT}s?\b`,
  String.raw`\bnot\s${w('talking', 'speaking', 'chatting', 'going to talk', 'going to speak')}\s${w('to', 'with')}\s${ANY_BOT}s?\b`,
  // no more bots; "no bot please" as a whole sentence
  String.raw`\bno more\s${BOT_ADJECTIVE}${BOT}s?\b|^no\s${BOT_ADJECTIVE}${BOT}s?(?:\s${w('please', 'thanks', 'thank you')})?$`,
  // stop the bot (but not "how do I stop the bot from posting", "stop the bot posting twice")
  String.raw`(?<!\bhow\s(?:${w('do', 'can', 'could', 'should', 'would')}\s${w('i', 'we', 'you')}|to)\s)\bstop\s(?:${w('the', 'this', 'your', 'that', 'with the', 'with this', 'with your')}\s)?${BOT_ADJECTIVE}${BOT}s?\b(?!\s(?:from|[a-z]+ing)\b)`,
  // I don't want to talk to a bot, I refuse to deal with a machine (but not "I don't want the bot to post here")
  String.raw`\b(?:${w('dont', 'do not', 'doesnt', 'does not')}\s${w('want', 'need', 'like', 'wish')}\s|i\s${w('refuse', 'wont', 'will not')}\s)(?:to\s)?(?:${w('talk', 'speak', 'chat', 'deal')}\s${w('to', 'with')}\s)?${ANY_BOT}s?\b(?!\s${w('to', 'in', 'on', 'at', 'for', 'from', 'inside', 'into')}\b)`,
  // tired of talking to bots, enough of this bot
  String.raw`\b${w('tired of', 'sick of', 'hate', 'fed up with', 'done with', 'annoyed with', 'frustrated with', 'stop', 'quit', 'enough', 'no more')}\s${w('talking', 'speaking', 'chatting', 'dealing')}\s${w('to', 'with')}\s${ANY_BOT}s?\b`,
  String.raw`\b${w('tired of', 'sick of', 'fed up with', 'done with', 'enough of', 'enough with')}\s${ANY_BOT}s?\b`,
  // get me out of this bot
  String.raw`\b${w('get', 'take', 'let')}\s${w('me', 'us')}\sout of\s${ANY_BOT}s?\b`,
].map((source) => new RegExp(source, 'g'));

const PLEA_OPENER = String.raw`(?:${w('hi', 'hello', 'hey', 'yo', 'ok', 'okay', 'so', 'um', 'uh', 'hm', 'hmm', 'please', 'just', 'now', 'again', 'yes', 'excuse me', 'sorry', 'ugh', 'there', 'help')}\s)*`;
const PLEA_PERSON = String.raw`(?:${w('a', 'an', 'the', 'me', 'get me', 'give me', 'some', 'real', 'actual', 'live', 'human', 'customer', 'service', 'support', 'tech', 'technical', 'senior', 'another', 'different', 'other')}\s)*${w(
  ...['human', 'humans', 'agent', 'person', 'representative', 'rep', 'operator', 'someone', 'somebody', 'anyone', 'anybody'],
  ...['supervisor', 'manager', 'staff', 'staff member', 'team member', 'member of staff', 'someone else', 'somebody else'],
  ...['human being', 'customer service', 'customer support', 'customer care', 'live chat', 'live support', 'helpdesk'],
  ...['support team', 'support agent', 'human support', 'tech support', 'technical support', 'senior support'],
)}`;
const PLEA_TAIL = w(
  'please',
  'now',
  'asap',
  'already',
  'thanks',
  'thank you',
  'needed',
  'required',
  'here',
  'again',
  'immediately',
  'right now',
  'over here',
  'urgently',
  'help',
  'only',
  'takeover',
);
/** A clause that is nothing but a plea: "agent please", "a real human now", "representative". */
const PLEA = new RegExp(String.raw`^${PLEA_OPENER}${PLEA_PERSON}(?:\s${PLEA_TAIL})*$`);
/** A plea that opens a clause and goes on: "human please, I need help" written without the comma. */
const PLEA_OPENING = new RegExp(String.raw`^${PLEA_OPENER}${PLEA_PERSON}\s${w('please', 'asap', 'needed', 'urgently', 'immediately')}\b`);

/** Canonical sentences, with product terms ("agent role", "human resources") joined into one token. */
function sentences(message: string): string[][] {
  return canonicalSentences(message).map((clauses) => clauses.map((clause) => clause.replace(PRODUCT_TERM, '$1_')));
}
