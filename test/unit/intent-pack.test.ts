import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { fillTemplate, loadIntentPack, parseIntentPack, PLACEHOLDERS } from '../../src/intents/intent-pack.js';

const ISSUE_INTENTS = ['login_issue', 'payment_issue', 'account_issue', 'technical_issue', 'feature_request', 'general_query'];

const normalise = (example: string) => example.toLowerCase().replace(/\s+/g, ' ').trim();

function intent(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    examples: Array.from({ length: 10 }, (_, i) => `a message about ${name}, number ${i + 1}`),
    templates: [{ id: `${name}.general`, keywords: ['help'], text: 'Hi {{customer_name}}, here is how to fix it.' }],
    ...overrides,
  };
}

function pack(...intents: unknown[]) {
  return { version: 1, name: 'test', intents };
}

/** The error parseIntentPack throws, or a failure when it accepts the pack. */
function rejectionOf(raw: unknown): AppError {
  try {
    parseIntentPack(raw, 'packs/test.json');
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the pack to be rejected');
}

const problemsOf = (raw: unknown) => rejectionOf(raw).details?.problems as string[];

describe('the default intent pack', () => {
  it('has exactly the six intents of the issue', async () => {
    const defaults = await loadIntentPack();
    expect(defaults.version).toBe(1);
    expect(defaults.intents.map((i) => i.name)).toEqual(ISSUE_INTENTS);
  });

  it('gives every intent at least 40 examples and 8 to 10 templates', async () => {
    for (const { name, examples, templates } of (await loadIntentPack()).intents) {
      expect(examples.length, name).toBeGreaterThanOrEqual(40);
      expect(templates.length, name).toBeGreaterThanOrEqual(8);
      expect(templates.length, name).toBeLessThanOrEqual(10);
    }
  });

  it('never repeats an example, within an intent or across intents', async () => {
    const all = (await loadIntentPack()).intents.flatMap((i) => i.examples.map(normalise));
    expect(new Set(all).size).toBe(all.length);
  });

  it('allows auto-resolve everywhere but asks for more certainty on payments', async () => {
    const defaults = await loadIntentPack();
    expect(defaults.intents.every((i) => i.autoResolve)).toBe(true);
    expect(defaults.intents.find((i) => i.name === 'payment_issue')?.threshold).toBe(0.95);
    expect(defaults.intents.every((i) => i.threshold === null || i.name === 'payment_issue')).toBe(true);
  });

  it('has templates named after their intent, with keywords, that fill cleanly without any values', async () => {
    for (const { name, templates } of (await loadIntentPack()).intents) {
      for (const template of templates) {
        expect(template.id.startsWith(`${name}.`), template.id).toBe(true);
        expect(template.keywords.length, template.id).toBeGreaterThan(0);
        const filled = fillTemplate(template.text, {});
        expect(filled, template.id).not.toMatch(/\{\{|\}\}| {2}| [,.)]|\(\)/);
      }
    }
  });
});

describe('loadIntentPack', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'firstline-intents-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function fileWith(name: string, content: string): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, content);
    return file;
  }

  async function loadError(file: string): Promise<AppError> {
    const err: unknown = await loadIntentPack(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }

  it('loads a YAML pack and fills in the defaults', async () => {
    const examples = (about: string) => Array.from({ length: 10 }, (_, i) => `      - ${about} ${i + 1}`);
    const file = await fileWith(
      'pack.yaml',
      [
        'version: 1',
        'name: shop',
        'intents:',
        '  - name: refund_request',
        '    autoResolve: false',
        '    threshold: 0.9',
        '    skills: [billing, refunds]',
        '    examples:',
        ...examples('I want my money back for order'),
        '    templates:',
        '      - id: refund_request.policy',
        '        text: |-',
        '          Hi {{customer_name}},',
        '          a person will review your refund.',
        '  - name: order_status',
        '    examples:',
        ...examples('where is my order'),
        '    templates:',
        '      - { id: order_status.tracking, keywords: [track, order], text: "Use the tracking link in your email." }',
      ].join('\n'),
    );
    const loaded = await loadIntentPack(file);
    expect(loaded.name).toBe('shop');
    expect(loaded.intents[0]).toMatchObject({ name: 'refund_request', autoResolve: false, threshold: 0.9, skills: ['billing', 'refunds'] });
    expect(loaded.intents[0]?.templates[0]).toEqual({
      id: 'refund_request.policy',
      keywords: [],
      text: 'Hi {{customer_name}},\na person will review your refund.',
    });
    expect(loaded.intents[1]).toMatchObject({ name: 'order_status', autoResolve: true, threshold: null, skills: [], description: '' });
  });

  it('loads a JSON pack, and .yml like .yaml', async () => {
    const raw = pack(intent('refund_request'), intent('order_status', { threshold: 1 }));
    const fromJson = await loadIntentPack(await fileWith('pack.json', JSON.stringify(raw)));
    expect(fromJson.intents.map((i) => [i.name, i.threshold])).toEqual([
      ['refund_request', null],
      ['order_status', 1],
    ]);
    const fromYml = await loadIntentPack(await fileWith('pack.yml', JSON.stringify(raw)));
    expect(fromYml).toEqual(fromJson);
  });

  it('names the file and the bad entry when a pack file is invalid', async () => {
    const file = await fileWith('bad.json', JSON.stringify(pack(intent('refund_request', { threshold: 1.5 }))));
    const err = await loadError(file);
    expect(err.code).toBe('validation_failed');
    expect(err.message).toContain(file);
    expect(err.message).toContain('intents[0] ("refund_request").threshold: must be greater than 0 and at most 1, or null');
    expect(err.details).toMatchObject({ source: file });
  });

  it('refuses a file type it does not know', async () => {
    const err = await loadError(await fileWith('pack.txt', '{}'));
    expect(err.code).toBe('validation_failed');
    expect(err.message).toMatch(/pack\.txt: unsupported file type "\.txt"; use \.json, \.yaml or \.yml/);
  });

  it('reports broken YAML and JSON with the file name', async () => {
    const yamlFile = await fileWith('broken.yaml', 'version: 1\nintents:\n  - name: a\n    examples: [unclosed\n');
    const yamlError = await loadError(yamlFile);
    expect(yamlError.message).toContain(`Cannot load intent pack ${yamlFile}: not valid YAML:`);
    expect(yamlError.message).toMatch(/line \d+/);

    const jsonFile = await fileWith('broken.json', '{ "version": 1, ');
    expect((await loadError(jsonFile)).message).toContain(`Cannot load intent pack ${jsonFile}: not valid JSON:`);
  });

  it('reports a file it cannot read', async () => {
    const missing = path.join(dir, 'missing.yaml');
    const err = await loadError(missing);
    expect(err.message).toContain(`Cannot load intent pack ${missing}: cannot read the file`);
    expect(err.message).toContain('ENOENT');
  });
});

describe('parseIntentPack', () => {
  it('accepts a minimal pack', () => {
    const parsed = parseIntentPack(pack(intent('refund_request')), 'inline');
    expect(parsed.intents[0]).toMatchObject({ name: 'refund_request', autoResolve: true, threshold: null, skills: [] });
  });

  it('names an empty example by intent and position', () => {
    const examples = intent('order_status').examples.with(5, '   ');
    expect(problemsOf(pack(intent('refund_request'), intent('order_status', { examples })))).toEqual([
      'intents[1] ("order_status").examples[5]: must not be empty',
    ]);
  });

  it('rejects a duplicate intent name', () => {
    const examples = Array.from({ length: 10 }, (_, i) => `another refund message ${i}`);
    const templates = [{ id: 'refund_request.other', text: 'Hi.' }];
    expect(problemsOf(pack(intent('refund_request'), intent('refund_request', { examples, templates })))).toEqual([
      'intents[1] ("refund_request").name: is also the name of intents[0] ("refund_request")',
    ]);
  });

  it('reserves "unknown" for messages that match no intent', () => {
    expect(problemsOf(pack(intent('unknown')))).toEqual([
      'intents[0] ("unknown").name: "unknown" is reserved for messages that match no intent',
    ]);
  });

  it('rejects a threshold outside (0, 1]', () => {
    expect(problemsOf(pack(intent('refund_request', { threshold: 1.5 })))).toEqual([
      'intents[0] ("refund_request").threshold: must be greater than 0 and at most 1, or null',
    ]);
    expect(problemsOf(pack(intent('refund_request', { threshold: 0 })))).toHaveLength(1);
  });

  it('rejects keys it does not know, at every level', () => {
    const problems = problemsOf({
      ...pack(intent('refund_request', { autoresolve: false })),
      author: 'me',
    });
    expect(problems).toEqual(
      expect.arrayContaining(['(top level): unrecognized key: "author"', 'intents[0] ("refund_request"): unrecognized key: "autoresolve"']),
    );
  });

  it('lists every problem in one error that names the source', () => {
    const err = rejectionOf(
      pack(
        intent('Refund Request'),
        intent('order_status', {
          examples: ['too few'],
          skills: ['Billing'],
          templates: [{ id: 'refund_request.general', text: 'Hi {{name}}' }],
        }),
      ),
    );
    expect(err.code).toBe('validation_failed');
    expect(err.details?.source).toBe('packs/test.json');
    const problems = err.details?.problems as string[];
    expect(problems).toEqual(
      expect.arrayContaining([
        'intents[0] ("Refund Request").name: must be lowercase snake_case, e.g. "refund_request"',
        'intents[1] ("order_status").examples: needs at least 10 examples',
        'intents[1] ("order_status").skills[0]: must be a lowercase word (a-z, 0-9, joined by - or _)',
        expect.stringMatching(/^intents\[1\] \("order_status"\)\.templates\[0\]\.text: unknown placeholder \{\{name\}\}/),
      ]),
    );
    expect(err.message).toMatch(/^Invalid intent pack packs\/test\.json:\n {2}- /);
    for (const problem of problems) expect(err.message).toContain(problem);
  });

  it('rejects an example used by two intents and a template id used twice', () => {
    const shared = intent('refund_request').examples[0]!;
    const problems = problemsOf(
      pack(
        intent('refund_request'),
        intent('order_status', {
          examples: intent('order_status').examples.with(2, `  ${shared.toUpperCase()} `),
          templates: [{ id: 'refund_request.general', text: 'Hi.' }],
        }),
      ),
    );
    expect(problems).toEqual([
      'intents[1] ("order_status").templates[0].id: "refund_request.general" is already used by intents[0] ("refund_request").templates[0]',
      'intents[1] ("order_status").examples[2]: repeats intents[0] ("refund_request").examples[0]; each example may appear once in the pack',
    ]);
  });

  it('says plainly when a required field is missing', () => {
    expect(problemsOf({ version: 1, intents: [{ name: 'refund_request', examples: intent('x').examples }] })).toEqual([
      'intents[0] ("refund_request").templates: is required',
    ]);
    expect(problemsOf(null)).toEqual(['(top level): invalid input: expected object, received null']);
  });
});

describe('fillTemplate', () => {
  it('fills every known placeholder', () => {
    const values = { customer_name: 'Ana', ticket_number: '#42', product_name: 'Acme', support_url: 'https://help.example.com' };
    const text = PLACEHOLDERS.map((p) => `{{${p}}}`).join(' / ');
    expect(fillTemplate(text, values)).toBe('Ana / #42 / Acme / https://help.example.com');
    expect(fillTemplate('Hi {{ customer_name }}!', values)).toBe('Hi Ana!');
  });

  it('removes missing and unknown placeholders without leaving gaps behind', () => {
    const text =
      'Hi {{customer_name}}, your {{product_name}} account is ready {{mood}}.\n{{ticket_number}} See our help centre ({{support_url}}) for more.';
    expect(fillTemplate(text, {})).toBe('Hi, your account is ready.\nSee our help centre for more.');
    expect(fillTemplate(text, { customer_name: '  ', product_name: 'Acme' })).toBe(
      'Hi, your Acme account is ready.\nSee our help centre for more.',
    );
    expect(fillTemplate('{{a}} {{b}} Hello {{c}} {{d}} world {{e}}', {})).toBe('Hello world');
  });

  it('does not look for placeholders inside the values it inserts', () => {
    expect(fillTemplate('Hi {{customer_name}}.', { customer_name: '{{support_url}}' })).toBe('Hi {{support_url}}.');
  });
});
