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
//
// Outage-like wording (issue 17) is three cues, OUTAGE_CUES:
//   outage       0.85 → P1 alone. The product is down ("the site is down", "API went offline"), or a failure
//                reaches many people: "not loading for anyone", "broken for all our users", "nobody can log
//                in", "the whole team can't get in", "everyone is getting errors", "affecting all customers".
//   server_error 0.6  → P2 alone, and never P1 from anger alone (1 − 0.4 · 0.6 = 0.76 < 0.8). An HTTP 5xx
//                from us ("returns a 502", "getting 503s", "500 Internal Server Error", "bad gateway"): often
//                the first sign of an outage (three reports of a checkout 502 sat as ordinary tickets), but
//                one user's "I got a 500 error when saving" may be one broken record, so it is not P1 unless
//                it also says it is broad ("502 for all our users" is `outage` too) or urgent and upset.
//   outage_hint  0.6  → P2 alone. The customer suspects it is not only them: "is it just me or …",
//                "anyone else getting timeouts?", "is there a problem on your end?" together with a failure.
// Numbers that are not status codes ("500 users", "$503", "order #50312", "500ms") and "down" that is
// not the product ("the price went down", "down payment", "downgrade", "shut down my account",
// "feeling down") do not match; test/fixtures/urgency-labelled.json measures both sides.
import { PorterStemmer, SentimentAnalyzer, WordTokenizer } from './natural-parts.js';

const tokenizer = new WordTokenizer();
const sentiment = new SentimentAnalyzer('English', PorterStemmer, 'afinn');

export interface UrgencyCue {
  name: string;
  weight: number;
  pattern: RegExp;
}

/** Joins named regex parts into one alternation group (sources only; flags are set by the caller). */
const anyOf = (...parts: string[]): string => `(?:${parts.join('|')})`;

// ── Parts of outage-like wording ─────────────────────────────────────────────────────────────────
/** What of ours can be down: the product and its pieces (features included: "exports are down"), or "it"/"you" when a customer says so. */
const PRODUCT = String.raw`(?:(?:web\s?)?site|website|web\s?app|app|application|service|services|server|servers|system|systems|platform|api|apis|dashboard|dashbord|portal|checkout|login|log-?in|sign-?in|backend|back-end|database|db|page|pages|product|bot|integration|webhooks?|endpoints?|cluster|instance|infrastructure|everything|sync|search|exports?|imports?|uploads?|downloads?|payments?|billing|invoicing|e-?mails?|notifications?|reports?|reporting|messaging|chat|calls?|video|files|storage|auth|sso|analytics|widgets?|mobile\s+apps?|feeds?|builds?|deploys?|deployments?)`;
/** The verb between the product and "down": "is", "has been", "went", "seems to be", "keeps going" (not "will … go down"). */
const DOWN_VERB = String.raw`(?:\s*(?:is|are|was|were|'s|’s|'re|has|have|had|seems|seem|appears|looks|keeps|kept|just)\b)?(?:\s*(?:been|being|to\s+be|going|gone|went|goes)\b)?(?:\s*(?:still|completely|totally|fully|entirely|currently|now|again|all|back|literally)\b)*`;
/** "down" or its synonyms; not "down 20 %", "down to $10", "down by a third", "down for a call". */
const DOWN = String.raw`\s*(?:down|offline|unreachable)\b(?!\s*(?:\d|to\b|by\b|from\s+[\d$€£]|for\s+a\s+(?:call|chat|demo)|with\b))`;
/** Planned downtime is not an outage: "planned outage", "how much downtime do you plan for the migration?". */
const NOT_PLANNED = String.raw`(?<!(?:planned|scheduled|expected|maintenance)\s+)(?![^.?!\n]*\b(?:plan|planned|scheduled|maintenance|migration|window|sla)\b)`;
/** A product that is down, e.g. "the site is down", "API went offline", "servers down again", "is it down?". */
const PRODUCT_DOWN = anyOf(
  String.raw`\b${PRODUCT}(?=\s*(?:is|are|was|were|'s|’s|'re|has|have|had|seems|seem|appears|looks|keeps|kept|just|been|went|goes|going|gone|still|completely|totally|currently|now|again)\b)${DOWN_VERB}${DOWN}`,
  // a headline without a verb: "servers down again??", "site down?" (not "Page Down in the editor")
  String.raw`\b${PRODUCT}\s+down(?=\s*(?:$|[?!.,;:]|again\b|for\b|since\b|now\b|right\s+now|atm\b|too\b))`,
  String.raw`\b(?:is|are)\s+(?:it|you|you\s+guys|y'?all|u)\s+(?:\w+\s+)?down\b(?!\s*(?:\d|to\b|by\b|for\s+a\b|with\b))`,
  String.raw`\bit(?:'s|’s|s|\s+is|\s+went|\s+has\s+gone|'s\s+been)\s+(?:completely\s+|totally\s+|still\s+)?down\b(?!\s*(?:\d|to\b|by\b|from\b|a\s+bit|slightly))`,
  // "is Acme down?", with the customer's own name for us
  String.raw`\b(?:is|are)\s+[\w.-]+\s+down\s*\?`,
  String.raw`\b(?:down|offline)\s+for\s+(?:maintenance|hours|(?:over|more\s+than|about|almost)\s+an?\s+|the\s+(?:last|past)\b)`,
  String.raw`\b${NOT_PLANNED}(?:outage|downtime)\b${NOT_PLANNED}`,
);

/** Words that say something of ours fails: "not loading", "broken", "errors", "can't log in", a 5xx… */
const ACCESS = String.raw`(?:log\s*in|login|loggin|log\s+on|sign\s*in|get\s+in|access|load|open|use|connect|check\s*out|pay|save|upload|see\s+(?:anything|the\s+(?:site|app|dashboard))|reach\s+(?:the|your)\s+\w+)`;
const FAILURE = anyOf(
  String.raw`(?:not|isn['’]?t|aren['’]?t|wasn['’]?t|won['’]?t|doesn['’]?t|don['’]?t|didn['’]?t|never)\s+(?:be\s+)?(?:load|work|open|respond|connect|com(?:e|ing)\s+up)\w*`,
  String.raw`(?:can['’]?t|cannot|can\s+not|couldn['’]?t|unable\s+to|not\s+able\s+to)\s+${ACCESS}`,
  String.raw`fail(?:s|ed|ing)?\s+to\s+load`,
  String.raw`(?:broken|broke|down|offline|unreachable|crash\w*|erroring|er+or(?:s)?|timing\s+out|timed?\s+out|times\s+out|timeouts?|(?:blank|white|empty)(?:\s+white)?\s+(?:page|screen)s?|locked\s+out|logged\s+out|kicked\s+out|spinning|stuck\s+(?:on\s+)?loading|failing|503s?|502s?|500s?|504s?|5xx)\b`,
);
/** Many people, as a subject: "everyone", "all our users", "the whole team", "several customers". */
const PEOPLE = String.raw`(?:users|customers|clients|staff|employees|agents|team(?:\s*mates|\s+members)?|people|members|colleagues|stores|shops|sites|locations|accounts|tenants|workspaces|office|offices)`;
const MANY = anyOf(
  String.raw`every\s?(?:one|body)|evry(?:one|body)|every1`,
  String.raw`all\s+(?:of\s+)?(?:our\s+|my\s+|the\s+|your\s+)?${PEOPLE}`,
  String.raw`(?:our|the|my)\s+(?:whole|entire)\s+(?:team|company|office|org\w*|department|staff|workspace|school|firm)`,
  String.raw`(?:whole|entire)\s+(?:team|company|office|org\w*|department|staff)`,
  String.raw`every\s+(?:single\s+)?(?:user|customer|client|member|account|store|one\s+of\s+(?:us|our\s+\w+))`,
  String.raw`(?:several|multiple|many|lots\s+of|a\s+lot\s+of|most|other|a\s+bunch\s+of|dozens\s+of|hundreds\s+of)\s+(?:of\s+)?(?:our\s+|my\s+|the\s+)?${PEOPLE}`,
);
/** "for" whom it fails: "for anyone", "for all our users", "for the whole office". */
const FOR_MANY = anyOf(
  MANY,
  String.raw`any\s?(?:one|body)|any\s+of\s+(?:us|them|our\s+\w+)|us\s+all|all\s+of\s+us|(?:our|my)\s+(?:users|customers|clients|whole\s+\w+|entire\s+\w+)`,
);
/** Little words between a subject and its failure: "everyone in our office is now getting …". */
const FILLER = String.raw`(?:\s+(?:(?:on|in|at|from|across|of)\s+(?:our|my|the|this)\s+[\w-]+|is|are|was|were|has|have|had|been|keeps?|kept|getting|gets?|got|sees?|seeing|saw|hits?|hitting|now|still|just|also|currently|suddenly|seems?|to|be|reports?|reporting|experienc\w+|the\s+same|an?|constant|random|these|those|this|same|here|today))*`;
const BROAD_FAILURE = anyOf(
  // "not loading for anyone", "502 for all our users", "down for everyone"
  String.raw`\b${FAILURE}(?:\s+[\w'’]+){0,4}?\s+for\s+${FOR_MANY}\b`,
  // "everyone is getting errors", "all our users are locked out", "the whole team can't log in"
  String.raw`\b${MANY}${FILLER}\s+${FAILURE}`,
  // "several customers report the checkout is broken"
  String.raw`\b${MANY}\s+(?:report|say|tell\s+us|told\s+us|complain)\w*\s+(?:that\s+)?(?:[\w'’]+\s+){0,5}?${FAILURE}`,
  // "nobody can log in", "no one in our office can access the app" (not "… unless I share it")
  String.raw`\b(?:nobody|no\s?-?\s?one|none\s+of\s+(?:us|our\s+\w+|the\s+\w+))(?:\s+(?:on|in|at|from)\s+(?:our|my|the)(?:\s+[\w-]+){1,2}?)?\s+(?:can|could|is\s+able\s+to|are\s+able\s+to|has\s+been\s+able\s+to)\s+${ACCESS}\b(?![^.?!]*\b(?:unless|except|without|if|but\s+me)\b)`,
  // "affecting all customers", "impacts everyone"
  String.raw`\b(?:affect|impact)(?:s|ed|ing)?\s+${FOR_MANY}`,
);

/** An HTTP 5xx answer from us, by code or name. The codes: 500–504 and Cloudflare's 520–524. */
const CODE = String.raw`(?<![#$€£¥\d.,/-])(?:50[0-4]|52[0-4])`;
/** Words right after a code that make it a status: "500 error", "502 bad gateway", "503 response". */
const STATUS_WORD = String.raw`\s*(?:er+or|err|errors|response|responses|status|code|internal|server|bad\s+gate?way|service|gate?way|time-?out|from\s+(?:the|your)\s+(?:server|api))`;
/** What may follow a code after a verb such as "returns": the end, punctuation or a clause word, not a noun ("500 users"). */
const AFTER_CODE = String.raw`(?=\s*(?:$|[.,!?;:)\]"'’—–-]|(?:when|whenever|on|from|after|while|again|every|each|if|trying|back|and|but|at|with|now|since|today|too|instead|sometimes|randomly|constantly|page|for\s+(?:everyone|all|every|any|(?:the\s+)?(?:last|past)|hours|minutes|\d+))\b))`;
/** Verbs and words before a code that make it a status: "returns a 502", "getting 503", "HTTP 500", "status code 504". */
const BEFORE_CODE = String.raw`(?:returns?|returning|returned|throws?|throwing|threw|gives?|giving|gave|gets?|getting|got|hits?|hitting|sees?|seeing|saw|shows?|showing|showed|receiv(?:e|es|ed|ing)|respon(?:d|ds|ded|ding)\s+with|fail(?:s|ed|ing)?\s+with|keep\s+getting)\s+(?:(?:a|an|the|another|constant|random|lots\s+of|tons\s+of|more)\s+)?`;
const SERVER_ERROR = anyOf(
  // "500 error", "502 Bad Gateway", "503 response"
  String.raw`${CODE}\b${STATUS_WORD}`,
  // "HTTP 500", "HTTP/1.1 502", "status 503", "error code 504", "err 500"
  String.raw`\b(?:https?(?:\/\d(?:\.\d)?)?|status|er+or|err)(?:\s*code)?[\s:#]*${CODE}\b`,
  // "returns a 502", "getting 503 on checkout", "got a 500."
  String.raw`\b${BEFORE_CODE}${CODE}\b${AFTER_CODE}`,
  // "502s", "500ing", "5xx"
  String.raw`${CODE}(?:s|'s|ing)\b`,
  String.raw`\b5xx\b`,
  // the names, without a code
  String.raw`\binternal\s+server\s+er+or|\bserver\s+er+or|\bbad\s+gate?way\b|\bgate?way\s+time(?:d)?-?\s?out|\bservice\s+(?:temporarily\s+)?unavailable\b(?!\s+(?:in|to|for\s+(?:my|our|this|free)|under)\b)`,
);

/** "is it just me", "anyone else …", "a problem on your end" — near a failure in the same sentence. */
const OUTAGE_HINT = anyOf(
  String.raw`\b(?:is\s+it\s+(?:just|only)\s+(?:me|us)|(?:any\s?(?:one|body)|others?|some\s?one)\s+else)\b[^.!?\n]*?\b${FAILURE}`,
  String.raw`\b${FAILURE}[^.!?\n]*?\b(?:is\s+it\s+(?:just|only)\s+(?:me|us)|just\s+(?:me|us)\s*\?|(?:any\s?(?:one|body)|others?)\s+else)`,
  String.raw`\b(?:problem|issue|something\s+(?:wrong|up)|incident)\s+(?:on|at|with)\s+your\s+(?:end|side|servers?)\b`,
);

export const URGENCY_CUES: readonly UrgencyCue[] = [
  { name: 'outage', weight: 0.85, pattern: new RegExp(anyOf(PRODUCT_DOWN, BROAD_FAILURE), 'i') },
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
  { name: 'server_error', weight: 0.6, pattern: new RegExp(SERVER_ERROR, 'i') },
  { name: 'outage_hint', weight: 0.6, pattern: new RegExp(OUTAGE_HINT, 'i') },
  {
    name: 'blocked',
    weight: 0.4,
    pattern:
      /\b(not\s+working|doesn['’]?t\s+work|can['’]?t\s+(log\s*in|access|sign\s*in|pay|use)|cannot\s+(log\s*in|access|sign\s*in|pay|use)|locked\s+out|blocked|broken|crash(es|ed|ing)?)\b/i,
  },
];

/** The cues that say "this looks like an outage": the product down, a 5xx, or a failure many people share. */
export const OUTAGE_CUES: readonly string[] = ['outage', 'server_error', 'outage_hint'];

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

/** Whether a message reads like an outage report (any of OUTAGE_CUES matches). */
export function isOutageLike(text: string): boolean {
  return URGENCY_CUES.some((cue) => OUTAGE_CUES.includes(cue.name) && cue.pattern.test(text));
}
