// The intent pack: the intents the classifier knows, the examples it learns them from and the reply
// templates a first-line answer is picked from. It is data, not code. The default pack is
// default-pack.json next to this file, and INTENTS_FILE points at a deployer's own pack (JSON or YAML).
// Every problem in a pack is reported at once, named by intent, so a deployer can fix a file in one go.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { UNKNOWN_INTENT } from '../domain/decide.js';

/** The `{{…}}` placeholders a template may use. {@link fillTemplate} drops any other. */
export const PLACEHOLDERS = ['customer_name', 'ticket_number', 'product_name', 'support_url'] as const;
/** One of {@link PLACEHOLDERS}. */
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const isPlaceholder = (name: string): name is Placeholder => (PLACEHOLDERS as readonly string[]).includes(name);

const ZLowercaseWord = z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'must be a lowercase word (a-z, 0-9, joined by - or _)');

const ZIntentName = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/, 'must be lowercase snake_case, e.g. "refund_request"')
  .refine((name) => name !== UNKNOWN_INTENT, `"${UNKNOWN_INTENT}" is reserved for messages that match no intent`);

const ZTemplateText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(4000, 'must be at most 4000 characters')
  .superRefine((text, ctx) => {
    for (const [, name = ''] of text.matchAll(PLACEHOLDER_PATTERN)) {
      if (!isPlaceholder(name)) {
        const known = PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ');
        ctx.addIssue({ code: 'custom', message: `unknown placeholder {{${name}}}; use one of ${known}` });
      }
    }
  });

/** One ready-made first-line answer to a sub-case of an intent. */
export const ZReplyTemplate = z.strictObject({
  /** Unique in the pack; by convention `<intent>.<sub_case>`. */
  id: z
    .string()
    .regex(/^[a-z0-9_]+(?:\.[a-z0-9_]+)*$/, 'must be lowercase words joined by dots, e.g. "login_issue.reset_password"')
    .max(100, 'must be at most 100 characters'),
  /** Words that point at this template rather than its siblings when matched against the message. */
  keywords: z.array(ZLowercaseWord).max(50, 'may have at most 50 keywords').default([]),
  text: ZTemplateText,
});

/** One intent: what it means, how to learn it, how to answer it, and who takes it when escalated. */
export const ZIntentDefinition = z.strictObject({
  name: ZIntentName,
  description: z.string().trim().max(500, 'must be at most 500 characters').default(''),
  /** False makes every ticket of this intent go to a person, however confident the classifier is. */
  autoResolve: z.boolean().default(true),
  /** Confidence needed to auto-resolve this intent; null means the global AUTO_RESOLVE_THRESHOLD. */
  threshold: z
    .number()
    .gt(0, 'must be greater than 0 and at most 1, or null')
    .lte(1, 'must be greater than 0 and at most 1, or null')
    .nullable()
    .default(null),
  /** Skills an agent needs to take an escalated ticket of this intent. */
  skills: z.array(ZLowercaseWord).max(20, 'may have at most 20 skills').default([]),
  examples: z
    .array(z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'))
    .min(10, 'needs at least 10 examples')
    .max(5000, 'may have at most 5000 examples'),
  templates: z.array(ZReplyTemplate).min(1, 'needs at least one template').max(20, 'may have at most 20 templates'),
});

/**
 * A whole pack. Besides each field's rules, intent names and template ids are unique in the pack and
 * each example appears once (case and spacing ignored). Custom packs need 10 examples per intent.
 */
export const ZIntentPack = z
  .strictObject({
    version: z.literal(1, 'must be 1'),
    name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').default('custom'),
    /**
     * Messages the service must not answer (small talk, other businesses' questions, …). The
     * classifier learns them as `unknown`, which is what keeps a confident-looking but wrong intent
     * from being sent for an off-topic message.
     */
    outOfScopeExamples: z
      .array(z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'))
      .max(20_000, 'may have at most 20000 examples')
      .default([]),
    /**
     * Messages in a support channel that are not requests: greetings, thanks, acknowledgements,
     * closings. They teach the chatter detector (nlp/chatter.ts) which top-level messages open no
     * ticket; a pack without them turns every message into a ticket, as older packs did.
     */
    chatterExamples: z
      .array(z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'))
      .max(20_000, 'may have at most 20000 examples')
      .default([]),
    intents: z.array(ZIntentDefinition).min(1, 'needs at least one intent').max(100, 'may have at most 100 intents'),
  })
  // Runs even when fields failed, so duplicates are reported together with every other problem.
  .superRefine(
    (pack, ctx) =>
      duplicateIssues(pack.intents, { outOfScopeExamples: pack.outOfScopeExamples, chatterExamples: pack.chatterExamples }).forEach(
        (issue) => ctx.addIssue(issue),
      ),
    { when: (payload) => isRecord(payload.value) },
  );

type ParsedIntentPack = z.infer<typeof ZIntentPack>;
/**
 * A validated pack, with every default applied. `chatterExamples` is optional here although parsing
 * always fills it, so packs built in code before it existed still type-check; read it as `?? []`.
 */
export type IntentPack = Omit<ParsedIntentPack, 'chatterExamples'> & Partial<Pick<ParsedIntentPack, 'chatterExamples'>>;
export type IntentDefinition = z.infer<typeof ZIntentDefinition>;
export type ReplyTemplate = z.infer<typeof ZReplyTemplate>;

// A type alias, not an interface: zod's addIssue wants an object type with an index signature.
type DuplicateIssue = { code: 'custom'; path: (string | number)[]; message: string };

/**
 * Intent names and template ids must be unique in the pack, and an example may appear only once:
 * the same sentence under two intents, or as both a request and chatter, teaches a contradiction. Reads the value
 * defensively because it also runs on packs whose fields failed validation.
 */
function duplicateIssues(intents: unknown, lists: Record<'outOfScopeExamples' | 'chatterExamples', unknown>): DuplicateIssue[] {
  if (!Array.isArray(intents)) return [];
  const issues: DuplicateIssue[] = [];
  const intentAt = new Map<string, number>();
  const templateAt = new Map<string, string>();
  const exampleAt = new Map<string, string>();
  const label = (i: number) => describePath(['intents', i], { intents });
  intents.forEach((intent: unknown, i) => {
    if (!isRecord(intent)) return;
    const { name, templates, examples } = intent;
    if (typeof name === 'string') {
      const first = intentAt.get(name);
      if (first === undefined) intentAt.set(name, i);
      else issues.push({ code: 'custom', path: ['intents', i, 'name'], message: `is also the name of ${label(first)}` });
    }
    if (Array.isArray(templates)) {
      templates.forEach((template: unknown, t) => {
        if (!isRecord(template) || typeof template.id !== 'string') return;
        const first = templateAt.get(template.id);
        if (first === undefined) templateAt.set(template.id, `${label(i)}.templates[${t}]`);
        else
          issues.push({
            code: 'custom',
            path: ['intents', i, 'templates', t, 'id'],
            message: `"${template.id}" is already used by ${first}`,
          });
      });
    }
    if (Array.isArray(examples)) {
      examples.forEach((example: unknown, e) => {
        if (typeof example !== 'string' || example.trim() === '') return;
        const key = example.toLowerCase().replace(/\s+/g, ' ').trim();
        const first = exampleAt.get(key);
        if (first === undefined) exampleAt.set(key, `${label(i)}.examples[${e}]`);
        else
          issues.push({
            code: 'custom',
            path: ['intents', i, 'examples', e],
            message: `repeats ${first}; each example may appear once in the pack`,
          });
      });
    }
  });
  for (const [field, examples] of Object.entries(lists)) {
    if (!Array.isArray(examples)) continue;
    examples.forEach((example: unknown, e) => {
      if (typeof example !== 'string' || example.trim() === '') return;
      const key = example.toLowerCase().replace(/\s+/g, ' ').trim();
      const first = exampleAt.get(key);
      if (first === undefined) exampleAt.set(key, `${field}[${e}]`);
      else
        issues.push({
          code: 'custom',
          path: [field, e],
          message: `repeats ${first}; each example may appear once in the pack`,
        });
    });
  }
  return issues;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `intents[2] ("payment_issue").examples[5]`: the intent's name where the raw input has one. */
function describePath(issuePath: readonly PropertyKey[], raw: unknown): string {
  let out = '';
  issuePath.forEach((key, i) => {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
    if (i === 1 && issuePath[0] === 'intents' && typeof key === 'number') {
      const intents = isRecord(raw) ? raw.intents : undefined;
      const intent: unknown = Array.isArray(intents) ? intents[key] : undefined;
      const name = isRecord(intent) && typeof intent.name === 'string' ? intent.name.trim() : '';
      if (name !== '') out += ` (${JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name)})`;
    }
  });
  return out || '(top level)';
}

/** zod's defaults for a missing field read "expected string, received undefined"; say it plainly. */
const errorMap: z.core.$ZodErrorMap = (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined);

/**
 * Validates an intent pack already parsed from JSON or YAML.
 * @param source names the pack in the error, e.g. its file path.
 * @throws AppError `validation_failed` listing every bad entry by intent name; `details` holds
 *   `{ source, problems }`.
 */
export function parseIntentPack(raw: unknown, source: string): IntentPack {
  const parsed = ZIntentPack.safeParse(raw, { error: errorMap });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const message = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
    return `${describePath(issue.path, raw)}: ${message}`;
  });
  throw new AppError('validation_failed', {
    message: `Invalid intent pack ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    details: { source, problems },
  });
}

const DEFAULT_PACK_URL = new URL('./default-pack.json', import.meta.url);
const FORMATS: Record<string, 'json' | 'yaml'> = { '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml' };

function packFileError(source: string, problem: string, cause?: unknown): AppError {
  return new AppError('validation_failed', {
    message: `Cannot load intent pack ${source}: ${problem}`,
    details: { source, problems: [problem] },
    cause,
  });
}

/**
 * Loads and validates an intent pack.
 * @param file a `.json`, `.yaml` or `.yml` file (INTENTS_FILE); unset or blank means the default pack.
 * @throws AppError `validation_failed` naming the file when it has another extension, cannot be read,
 *   is not valid JSON or YAML, or does not satisfy {@link ZIntentPack}.
 */
export async function loadIntentPack(file?: string): Promise<IntentPack> {
  const isDefault = file === undefined || file.trim() === '';
  const source = isDefault ? fileURLToPath(DEFAULT_PACK_URL) : file;
  const extension = path.extname(source).toLowerCase();
  const format = FORMATS[extension];
  if (!format) {
    throw packFileError(source, `unsupported file type "${extension || '(none)'}"; use .json, .yaml or .yml`);
  }
  let text: string;
  try {
    text = (await readFile(isDefault ? DEFAULT_PACK_URL : source, 'utf8')).replace(/^\uFEFF/, '');
  } catch (err) {
    throw packFileError(source, `cannot read the file (${(err as Error).message})`, err);
  }
  if (text.trim() === '') throw packFileError(source, 'the file is empty');
  let raw: unknown;
  try {
    raw = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    // yaml's messages end in a code frame; its first line already says what and where.
    const reason = ((err as Error).message.split('\n')[0] ?? '').replace(/:\s*$/, '');
    throw packFileError(source, `not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${reason}`, err);
  }
  return parseIntentPack(raw, source);
}

/** Marks a removed placeholder until the text around it is tidied. */
const GAP = '\u0000';
/** One or more gaps, or brackets holding only gaps, with the spaces around them. */
// eslint-disable-next-line no-control-regex -- GAP is a NUL on purpose; fillTemplate strips NULs from its input first.
const GAP_WITH_SPACES = /[ \t]*(?:\([ \t\u0000]*\u0000[ \t\u0000]*\)|\u0000(?:[ \t]*\u0000)*)[ \t]*/g;

/**
 * Fills a template's placeholders. Unknown placeholders and ones without a value are removed along
 * with the space or empty brackets around them, so "Hi {{customer_name}}," becomes "Hi," rather than
 * "Hi ,". Values are inserted as they are and are not themselves searched for placeholders.
 */
export function fillTemplate(text: string, values: Partial<Record<Placeholder, string>>): string {
  const filled = text.replaceAll(GAP, '').replace(PLACEHOLDER_PATTERN, (_match, name: string) => {
    const value = isPlaceholder(name) ? values[name]?.trim() : undefined;
    return value ? value.replaceAll(GAP, '') : GAP;
  });
  return filled.replace(GAP_WITH_SPACES, (match: string, offset: number, whole: string) => {
    const before = whole[offset - 1];
    const after = whole[offset + match.length];
    const isEdge = before === undefined || before === '\n' || before === '(' || after === undefined || after === '\n';
    return isEdge || /[,.;:!?)]/.test(after ?? '') ? '' : ' ';
  });
}
