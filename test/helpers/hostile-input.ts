// fast-check arbitraries for what a careless or hostile client sends: strings with every kind of
// awkward character, numbers JSON allows but JavaScript cannot hold, JSON documents with duplicate
// and `__proto__` keys, bodies shaped like a route's schema but with wrong values, and raw junk.
import fc from 'fast-check';

/**
 * A JSON document as a tree, so it can hold what JSON.stringify cannot write: duplicate keys,
 * `__proto__` as an own key, and number literals such as 1e309 or -0 exactly as written.
 */
export type JsonTree =
  { kind: 'raw'; text: string } | { kind: 'array'; items: JsonTree[] } | { kind: 'object'; entries: (readonly [string, JsonTree])[] };

export const raw = (text: string): JsonTree => ({ kind: 'raw', text });
export const str = (value: string): JsonTree => raw(JSON.stringify(value));
export const obj = (entries: Record<string, JsonTree>): JsonTree => ({ kind: 'object', entries: Object.entries(entries) });

export function jsonText(tree: JsonTree): string {
  switch (tree.kind) {
    case 'raw':
      return tree.text;
    case 'array':
      return `[${tree.items.map(jsonText).join(',')}]`;
    case 'object':
      return `{${tree.entries.map(([key, value]) => `${JSON.stringify(key)}:${jsonText(value)}`).join(',')}}`;
  }
}

/** Strings that have broken services before: control and invisible characters, lone surrogates, injections, look-alikes of valid values. */
export const AWKWARD_STRINGS = [
  '',
  ' ',
  '\t\n\r',
  'nul\u0000byte',
  '\ud800',
  'lone \udfff low surrogate',
  '\ud83d',
  '\u202eRTL override\u202c',
  '\u200b',
  'zero\u200dwidth\u200cjoiners',
  '\ufeffBOM',
  '\uffff\ufffe',
  'e\u0301 combining',
  '𝕏😀👩‍👩‍👧',
  'ﷺ',
  '\u0085\u2028\u2029',
  '%00',
  '%',
  '%zz%E0%A4%A',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '"',
  '\\',
  "'; DROP TABLE tickets;--",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  'a@b.co',
  `${'a'.repeat(300)}@example.com`,
  'user@[127.0.0.1]',
  'not-an-email',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '0',
  '-1',
  '2147483648',
  '99999999999999999999',
  'OPEN',
  'ESCALATED',
  'ADMIN',
  'AGENT',
  'USER',
  'fl_',
  'fl_0123456789ab_notakey',
];

/** Number literals valid in JSON that JavaScript or PostgreSQL cannot take as they are. */
export const AWKWARD_NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '1.5',
  '1e309',
  '-1e309',
  '1e-400',
  '4.9e-324',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '123456789012345678901234567890',
  '1E2',
  '0.1e1',
  '1000',
  '1001',
];

export const awkwardString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...AWKWARD_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.array(fc.constantFrom(...AWKWARD_STRINGS), { minLength: 2, maxLength: 5 }).map((parts) => parts.join('')), weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('a', 'é', '😀', '\u202e', '\u200b', '\ud800'), fc.integer({ min: 100, max: 5000 }))
      .map(([c, n]) => c.repeat(n)),
    weight: 1,
  },
);

export const awkwardNumber: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...AWKWARD_NUMBERS),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
);

const awkwardKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', 'extra'),
  awkwardString,
);

const leaf: fc.Arbitrary<JsonTree> = fc.oneof(
  awkwardString.map(str),
  awkwardNumber.map(raw),
  fc.constantFrom('true', 'false', 'null').map(raw),
);

/** Any JSON value, a few levels deep, with awkward keys and leaves. */
export const anyJson: fc.Arbitrary<JsonTree> = fc.letrec<{ node: JsonTree; array: JsonTree; object: JsonTree }>((tie) => ({
  node: fc.oneof({ maxDepth: 4, depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 5 }).map((items): JsonTree => ({ kind: 'array', items })),
  object: fc.array(fc.tuple(awkwardKey, tie('node')), { maxLength: 5 }).map((entries): JsonTree => ({ kind: 'object', entries })),
})).node;

/** The part of JSON Schema that the OpenAPI document's request bodies and parameters use. */
export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  maxItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
}

/**
 * Values of the schema's kind, mostly valid, so requests get past validation into the use case,
 * with a share of hostile ones. `realIds` are what uuid fields mostly get.
 */
export function nearlyValid(schema: Schema, realIds: readonly string[]): fc.Arbitrary<JsonTree> {
  const variants = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (variants) return fc.oneof(...variants.map((s) => nearlyValid(s, realIds)), anyJson);
  if (schema.enum) return fc.oneof({ arbitrary: fc.constantFrom(...schema.enum).map((v) => raw(JSON.stringify(v))), weight: 4 }, leaf);
  if (schema.const !== undefined) return fc.oneof({ arbitrary: fc.constant(raw(JSON.stringify(schema.const))), weight: 4 }, leaf);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  let valid: fc.Arbitrary<JsonTree>;
  switch (type) {
    case 'string':
      valid = plausibleString(schema, realIds).map(str);
      break;
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -10;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 10_000;
      // Bounds may be fractional (a threshold between 0.5 and 0.99): whole numbers around them, and for a
      // number, fractions just inside and outside them too.
      const near = fc
        .integer({ min: Math.max(Math.floor(min) - 1, -2_147_483_648), max: Math.min(Math.ceil(max) + 1, 2_147_483_647) })
        .map(String);
      const fractions = fc.double({ min: min - 0.1, max: max + 0.1, noNaN: true, noDefaultInfinity: true }).map(String);
      valid = (
        type === 'number'
          ? fc.oneof({ arbitrary: near, weight: 2 }, { arbitrary: fractions, weight: 2 }, awkwardNumber)
          : fc.oneof({ arbitrary: near, weight: 4 }, awkwardNumber)
      ).map(raw);
      break;
    }
    case 'boolean':
      valid = fc.constantFrom('true', 'false').map(raw);
      break;
    case 'array': {
      const item = schema.items ? nearlyValid(schema.items, realIds) : anyJson;
      // Mostly a few items; sometimes one more than the schema allows.
      const lengths = fc.oneof({ arbitrary: fc.constant(5), weight: 4 }, fc.constant((schema.maxItems ?? 50) + 1));
      valid = lengths.chain((maxLength) => fc.array(item, { maxLength })).map((items): JsonTree => ({ kind: 'array', items }));
      break;
    }
    case 'object': {
      const props = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      const fields = props.map(([name, s]) =>
        fc.oneof(
          { arbitrary: nearlyValid(s, realIds).map((v) => [[name, v] as const]), weight: required.has(name) ? 19 : 1 },
          { arbitrary: fc.constant([] as (readonly [string, JsonTree])[]), weight: 1 },
        ),
      );
      const extra = fc.oneof(
        { arbitrary: fc.constant([] as (readonly [string, JsonTree])[]), weight: 9 },
        fc.tuple(awkwardKey, anyJson).map((e) => [e]),
      );
      valid = fc
        .tuple(fc.tuple(...fields), extra)
        .map(([present, more]): JsonTree => ({ kind: 'object', entries: [...present.flat(), ...more] }));
      break;
    }
    default:
      return anyJson;
  }
  return fc.oneof({ arbitrary: valid, weight: 20 }, leaf, anyJson);
}

function plausibleString(schema: Schema, realIds: readonly string[]): fc.Arbitrary<string> {
  const sized: fc.Arbitrary<string>[] = [];
  if (schema.maxLength !== undefined) {
    const max = schema.maxLength;
    sized.push(
      fc.constantFrom(max, max + 1, Math.max(0, max - 1)).chain((n) => fc.constantFrom('x', 'é', '😀', ' ').map((c) => c.repeat(n))),
    );
  }
  if (schema.format === 'uuid')
    return fc.oneof({ arbitrary: realIds.length > 0 ? fc.constantFrom(...realIds) : fc.uuid(), weight: 6 }, fc.uuid(), awkwardString);
  if (schema.pattern !== undefined)
    return fc.oneof({ arbitrary: fc.stringMatching(new RegExp(schema.pattern)), weight: 4 }, awkwardString, ...sized);
  if (schema.format === 'email') return fc.oneof({ arbitrary: fc.emailAddress(), weight: 3 }, awkwardString, ...sized);
  return fc.oneof({ arbitrary: fc.lorem({ maxCount: 12 }), weight: 2 }, awkwardString, ...sized);
}

/** Bodies that are not JSON or not what a parser expects. */
export const JUNK_BODIES = [
  '{',
  '{"a":}',
  '[1,]',
  "{'single': 'quotes'}",
  'undefined',
  'NaN',
  '\ufeff{}',
  '"\\ud800"',
  '"\\u0000"',
  '{"a":"\\x41"}',
  '{"a":1}{"b":2}',
  ' ',
  '\u0000',
  'null',
  'true',
  '0',
  '"just a string"',
  '[]',
  'message=hello&customer=x',
  '--x\r\nContent-Disposition: form-data; name="message"\r\n\r\nhi\r\n--x--\r\n',
];

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels. */
export function deeplyNested(depth: number, asObjects: boolean): string {
  return asObjects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
}
