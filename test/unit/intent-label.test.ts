// The one rule for the intent an agent gives when resolving (REST, Slack and Discord all use it), and
// the admins' list of intents built from the pack and agents' labels.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { loadIntentPack } from '../../src/intents/intent-pack.js';
import {
  INTENT_LABEL_RULE,
  isIntentLabel,
  parseIntentLabel,
  requireIntentLabel,
  ZIntentLabel,
} from '../../src/pipeline/learning/intent-label.js';
import { listIntents } from '../../src/pipeline/learning/list-intents.js';

describe('intent labels', () => {
  it('accepts unknown and snake_case names, trimmed and lower-cased', () => {
    expect(parseIntentLabel('unknown')).toEqual({ ok: true, intent: 'unknown' });
    expect(parseIntentLabel('  Refund_Request ')).toEqual({ ok: true, intent: 'refund_request' });
    expect(parseIntentLabel('UNKNOWN')).toEqual({ ok: true, intent: 'unknown' });
    expect(parseIntentLabel('sso2_setup')).toEqual({ ok: true, intent: 'sso2_setup' });
    expect(parseIntentLabel('a'.repeat(64))).toEqual({ ok: true, intent: 'a'.repeat(64) });
  });

  it('accepts every intent name of the default pack, so a prefilled pack intent is never refused', async () => {
    const pack = await loadIntentPack();
    for (const { name } of pack.intents) expect(parseIntentLabel(name)).toEqual({ ok: true, intent: name });
  });

  it.each([
    ['a space', 'refund request'],
    ['a hyphen', 'refund-request'],
    ['a leading digit', '2fa_reset'],
    ['a leading underscore', '_refund'],
    ['a trailing underscore', 'refund_'],
    ['a double underscore', 'refund__request'],
    ['a non-ASCII letter', 'rückerstattung'],
    ['more than 64 characters', 'a'.repeat(65)],
    ['only spaces', '   '],
  ])('refuses a name with %s, quoting it and stating the rule', (_what, raw) => {
    const result = parseIntentLabel(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toContain(`"${raw.trim().slice(0, 79)}`);
    expect(result.problem).toContain(INTENT_LABEL_RULE);
    expect(isIntentLabel(raw.trim().toLowerCase())).toBe(false);
  });

  it('says in the rule what is allowed', () => {
    for (const words of ['"unknown"', 'snake_case', 'lower-case letters', 'starting with a letter', 'at most 64 characters']) {
      expect(INTENT_LABEL_RULE).toContain(words);
    }
  });

  it('refuses a bad name in the use case with validation_failed that names the field and says what to do', () => {
    expect(requireIntentLabel(' Login_Issue')).toBe('login_issue');
    let thrown: unknown;
    try {
      requireIntentLabel('refund request');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const err = thrown as AppError;
    expect(err.code).toBe('validation_failed');
    expect(err.message).toContain('"refund request"');
    expect(err.message).toMatch(/Use "unknown" when no topic fits, or give no intent/);
    expect(err.details).toEqual({ fields: [{ field: 'intent', message: INTENT_LABEL_RULE }] });
  });

  it('applies the same rule in request bodies, normalising what it accepts', () => {
    expect(ZIntentLabel.parse(' Data_Export ')).toBe('data_export');
    const refused = ZIntentLabel.safeParse('data export');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(INTENT_LABEL_RULE);
    expect(ZIntentLabel.safeParse('').success).toBe(false);
  });
});

describe('listIntents', () => {
  it('lists pack intents, unknown and learned ones by name, with agents’ counts and the pack’s settings', async () => {
    const pack = await loadIntentPack();
    const labels = {
      countAgentLabels: () =>
        Promise.resolve([
          { intent: 'payment_issue', count: 3 },
          { intent: 'unknown', count: 2 },
          { intent: 'data_export', count: 4 },
        ]),
    };
    const items = await listIntents({ pack, labels });
    const names = items.map((i) => i.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining([...pack.intents.map((i) => i.name), 'unknown', 'data_export']));
    expect(items).toHaveLength(pack.intents.length + 2);

    const payment = pack.intents.find((i) => i.name === 'payment_issue')!;
    expect(items.find((i) => i.name === 'payment_issue')).toEqual({
      name: 'payment_issue',
      source: 'pack',
      templates: payment.templates.length,
      packExamples: payment.examples.length,
      agentExamples: 3,
      autoResolve: payment.autoResolve,
      threshold: payment.threshold,
    });
    expect(items.find((i) => i.name === 'login_issue')).toMatchObject({
      source: 'pack',
      agentExamples: 0,
      autoResolve: true,
      threshold: null,
    });
    expect(items.find((i) => i.name === 'unknown')).toEqual({
      name: 'unknown',
      source: 'pack',
      templates: 0,
      packExamples: pack.outOfScopeExamples.length,
      agentExamples: 2,
      autoResolve: null,
      threshold: null,
    });
    expect(items.find((i) => i.name === 'data_export')).toEqual({
      name: 'data_export',
      source: 'learned',
      templates: 0,
      packExamples: 0,
      agentExamples: 4,
      autoResolve: null,
      threshold: null,
    });
  });
});
