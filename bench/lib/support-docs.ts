// A synthetic help centre for the knowledge benches: pages of support documentation with a title,
// sections under headings and prose in the register of product docs, made from the word lists and
// sentence patterns below with a seeded PRNG (no dataset is read or copied), so every run builds the
// same pages. Common words are drawn with a skew (a few, like "account" or "settings", occur in a
// large share of sections, as in real docs); each page also names a made-up feature, and sections
// mention setting names, error codes and API paths, which give the long tail of rare terms real
// documentation has. Queries restate a section in a customer's words, with noise.
import { prng } from './seeded.js';

const NOUNS = `account workspace project team user invoice payment subscription plan card refund receipt report
  dashboard export import integration webhook token password email notification alert permission role member invitation
  domain certificate backup file folder attachment message channel thread comment label tag filter template form field
  record contact customer order shipment address region server database cluster deployment environment branch build
  release log metric quota limit storage bandwidth request response session device browser app calendar event schedule
  reminder task ticket queue agent organization billing tax currency discount coupon trial license seat key secret policy
  audit history version snapshot mirror proxy firewall network gateway endpoint widget theme logo language timezone
  profile avatar signature approval workflow inbox mailbox contract quote estimate catalog product variant warehouse
  inventory supplier vendor partner reseller affiliate campaign segment audience survey poll chart board sprint milestone
  issue repository commit pipeline runner container volume bucket object replica index query cache cookie consent
  locale translation glossary dictionary printer scanner kiosk terminal reader badge visitor guest booking reservation
  room desk seatmap payout transfer balance statement ledger journal expense budget forecast allowance sandbox`.split(/\s+/);
const VERBS = `create delete rename archive restore export import connect disconnect enable disable configure update reset
  change cancel renew upgrade downgrade transfer invite remove approve reject share download upload sync verify rotate
  revoke schedule pause resume merge duplicate migrate monitor limit assign publish unpublish embed print scan filter
  sort search tag label pin mute follow unfollow lock unlock encrypt decrypt refund charge invoice reconcile`.split(/\s+/);
const UI = [
  'Settings',
  'Admin console',
  'Billing page',
  'Security tab',
  'Integrations menu',
  'profile menu',
  'sidebar',
  'top bar',
  'Members page',
  'Developer settings',
  'Advanced options',
  'overflow menu',
  'Notifications panel',
  'Reports tab',
  'Usage page',
  'Data page',
  'Automation tab',
  'Audit log page',
  'Apps directory',
  'Workspace switcher',
];
const ROLES = ['owner', 'admin', 'billing manager', 'editor', 'viewer', 'member', 'guest', 'auditor', 'developer', 'support lead'];
const PLANS = ['Free', 'Starter', 'Team', 'Business', 'Enterprise', 'Education', 'Nonprofit'];
const INTERVALS = ['hour', 'day', 'week', 'month', 'fifteen minutes', 'billing cycle', 'quarter', 'night'];
const ADJECTIVES = `new existing default custom shared private public archived pending active expired failed recurring primary
  secondary monthly annual external internal verified draft locked hidden trusted legacy temporary inherited bulk scheduled
  encrypted`.split(/\s+/);
const CAUSES = [
  'the token has expired',
  'the card was declined by the bank',
  'the domain is not verified yet',
  'the quota was reached',
  'the user lacks the required role',
  'the file is larger than the limit',
  'the request timed out',
  'the webhook endpoint returned an error',
  'two-factor authentication is required',
  'the region is not supported',
  'the browser blocks third-party cookies',
  'the invitation link was already used',
  'the sync is still running',
  'the clock on the device is wrong',
  'a firewall rule drops the connection',
  'the certificate chain is incomplete',
  'somebody else holds the lock',
  'the import file uses another encoding',
  'the plan was downgraded mid-cycle',
];
const SYLLABLES = 'or va quil zen tri lum ka dex mo ra sel vin tor pha nex bri cor el un sto gra fen ix ly plo dra mir sa ton wex'.split(
  ' ',
);
const FILLERS = ['how do i', 'how can i', 'why does', 'is it possible to', 'help with', 'question about', 'i cannot', 'where do i', ''];
const TAILS = ['', '', '', '?', 'thanks', 'please help', 'asap', 'it worked yesterday', 'on the mobile app'];

/** One section as generated: its heading, paragraphs, and the words that name what it is about. */
export interface DocSection {
  heading: string;
  paragraphs: string[];
  /** Its topic, feature, setting, error codes and the nouns and verbs its sentences used: what a customer would name. */
  keywords: string[];
}

/** One page: `slug` names its file; the title is its only h1. */
export interface DocPage {
  slug: string;
  title: string;
  sections: DocSection[];
}

type Random = () => number;

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
/** Skewed towards the start of the list (index ∝ r²): some topics have many sections, most have few. */
const pickSkewed = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() ** 2 * list.length)]!;
const pastTense = (verb: string): string => (verb.endsWith('e') ? `${verb}d` : `${verb}ed`);
/** "a account" → "an account": the patterns write "a" before any noun. */
const articles = (text: string): string => text.replace(/\b([Aa]) ([aeiou])/g, '$1n $2');
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function featureName(random: Random): string {
  const n = 2 + Math.floor(random() * 2);
  return capitalise(Array.from({ length: n }, () => pick(random, SYLLABLES)).join(''));
}

function settingName(random: Random): string {
  return `${pick(random, ADJECTIVES)}_${pick(random, NOUNS)}_${pick(random, ['mode', 'window', 'limit', 'policy', 'scope'])}`;
}

/** One sentence of support prose about `topic` and the page's feature; the words it names go to `said`. */
function sentence(random: Random, topic: string, feature: string, setting: string, said: string[]): string {
  const named = (word: string): string => {
    said.push(word);
    return word;
  };
  const noun = () => named(pick(random, NOUNS));
  const verb = () => named(pick(random, VERBS));
  const adj = () => pick(random, ADJECTIVES);
  const ui = () => pick(random, UI);
  const role = () => pick(random, ROLES);
  const code = () => named(`E${1000 + Math.floor(random() * 9000)}`);
  const n = (max: number) => 2 + Math.floor(random() * max);
  const patterns: (() => string)[] = [
    () => `To ${verb()} a ${topic}, open the ${ui()} and select ${capitalise(verb())} ${noun()}.`,
    () => `${feature} can ${verb()} your ${adj()} ${topic} every ${pick(random, INTERVALS)} unless you turn off ${setting}.`,
    () => `If you see error ${code()}, check that ${pick(random, CAUSES)} and try again.`,
    () => `Only a ${role()} on the ${pick(random, PLANS)} plan can ${verb()} the ${topic} of a ${noun()}.`,
    () => `Changes to ${setting} take effect within ${n(58)} minutes for every ${noun()} in the ${noun()}.`,
    () => `You can also ${verb()} a ${topic} through the API: send a request to /v2/${topic}s/${noun()}.`,
    () => `When the ${noun()} is ${adj()}, ${feature} keeps the ${topic} and shows a warning on the ${ui()}.`,
    () => `Each ${noun()} holds at most ${5 * n(40)} ${topic}s; ask your ${role()} to raise the limit.`,
    () => `We email the ${role()} when a ${topic} ${pick(random, ['fails', 'expires', 'changes', 'is removed'])}.`,
    () => `Note that a ${adj()} ${topic} cannot be ${pastTense(verb())} once the ${noun()} is ${adj()}.`,
    () => `${capitalise(verb())} the ${noun()} first, then ${verb()} the ${topic}; the order matters because ${pick(random, CAUSES)}.`,
    () => `Click ${capitalise(verb())} next to the ${topic} you want, confirm, and wait for the green banner.`,
    () => `The ${topic} list shows ${n(20)} rows per page by default; sort it by ${noun()} or by date.`,
    () => `Tip: press the keyboard shortcut ${pick(random, ['G then S', 'Ctrl+K', 'Shift+?', 'Alt+N'])} to jump straight to ${topic}s.`,
    () => `${feature} stores a copy of each ${topic} for ${n(88)} days, after which it is purged for good.`,
    () => `Admins of a ${noun()} may override ${setting} per ${noun()}, but not below the ${pick(random, PLANS)} minimum.`,
    () => `Rate limits apply: ${10 * n(50)} calls per minute per ${noun()}, and a 429 answer means retry later.`,
    () => `A ${topic} imported from a CSV file keeps its ${noun()}, while its ${noun()} is rebuilt from scratch.`,
    () => `Already ${pastTense(verb())} a ${topic} by mistake? Contact support within ${n(28)} days to get it back.`,
    () => `${capitalise(topic)}s appear in the audit trail with the ${role()} who ${pastTense(verb())} them and the time.`,
    () => `In regions with data residency, ${topic}s never leave the ${pick(random, ['EU', 'US', 'APAC', 'UK'])} data centre.`,
    () => `Screen readers announce each ${topic} by its name; the ${ui()} is fully usable with a keyboard.`,
    () => `Migrating from the legacy ${noun()} screen? Your ${topic}s move over automatically overnight.`,
    () => `For compliance reviews, download the ${topic} history as JSON from the ${ui()}.`,
  ];
  return articles(pick(random, patterns)());
}

function section(random: Random, feature: string, taken: Set<string>): DocSection {
  const topic = pickSkewed(random, NOUNS);
  const setting = settingName(random);
  const headingVerb = pick(random, VERBS);
  const headings = [
    () => `${capitalise(headingVerb)} a ${topic}`,
    () => `Troubleshooting ${topic} errors`,
    () => `${capitalise(topic)} limits on the ${pick(random, PLANS)} plan`,
    () => `Before you ${headingVerb} ${topic}s`,
    () => `${capitalise(pick(random, ADJECTIVES))} ${topic}s and ${pick(random, NOUNS)}s`,
    () => `Using ${setting}`,
  ];
  let heading = articles(pick(random, headings)());
  // Distinct headings, so each section has its own anchor as a real page's would.
  while (taken.has(heading)) heading = `${heading} (${feature})`;
  taken.add(heading);
  const said = [topic, topic, feature, setting, headingVerb];
  const paragraphs = Array.from({ length: 2 + Math.floor(random() * 2) }, () =>
    Array.from({ length: 2 + Math.floor(random() * 2) }, () => sentence(random, topic, feature, setting, said)).join(' '),
  );
  return { heading, paragraphs, keywords: said };
}

/** `count` pages of `sectionsPerPage` sections each, the same for the same seed. */
export function generatePages(count: number, sectionsPerPage: number, seed: number): DocPage[] {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const feature = featureName(random);
    const title = `${capitalise(pick(random, VERBS))} ${pickSkewed(random, NOUNS)}s with ${feature}`;
    const taken = new Set<string>();
    const sections = Array.from({ length: sectionsPerPage }, () => section(random, feature, taken));
    return { slug: `page-${String(i).padStart(5, '0')}`, title, sections };
  });
}

export function pageMarkdown(page: DocPage): string {
  const body = page.sections.map((s) => `## ${s.heading}\n\n${s.paragraphs.join('\n\n')}`).join('\n\n');
  return `# ${page.title}\n\n${body}\n`;
}

/** A section changed as an editor would: one sentence added to its last paragraph. */
export function editSection(s: DocSection, random: Random): DocSection {
  const last = s.paragraphs.length - 1;
  const added = `Since the ${pick(random, ['spring', 'summer', 'autumn', 'winter'])} release this also applies to ${pick(random, NOUNS)}s.`;
  return { ...s, paragraphs: s.paragraphs.map((p, i) => (i === last ? `${p} ${added}` : p)) };
}

/**
 * A customer's question about a section: 2–6 of the words that name what it is about (its topic
 * twice as likely), maybe one unrelated word swapped in, an opener and a tail.
 */
export function questionAbout(s: DocSection, random: Random): string {
  const words = Array.from({ length: 2 + Math.floor(random() * 5) }, () => pick(random, s.keywords).toLowerCase().replace(/_/g, ' '));
  if (random() < 0.3) words[Math.floor(random() * words.length)] = pick(random, NOUNS);
  return [pick(random, FILLERS), ...words, pick(random, TAILS)].filter((w) => w !== '').join(' ');
}
