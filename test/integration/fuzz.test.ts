// No client input produces a 5xx. Every route in the OpenAPI document, and the hidden POST
// /slack/events (the app runs with Slack configured), gets random and hostile requests over real
// HTTP: bodies, path parameters, query strings, headers, content types and methods, each sent
// anonymously, as a customer, an agent, an admin and an integration key (and, to Slack's route,
// signed with Slack's secret). Every answer must be below 500, arrive at all (no reset, no hang),
// and, when it is an error, have the one error shape. fast-check runs with a fixed seed, so a failure
// is reproducible: its report names the route, the seed and the path to the failing case.
import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { seedDeploymentHistory } from '../helpers/tickets.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_STATUS } from '../../src/http/error-status.js';
import { AGENTS_CHANNEL, FakeSlack, sign } from '../fakes/fake-slack.js';
import { eventually, untilStatus } from '../helpers/eventually.js';
import {
  anyJson,
  awkwardNumber,
  awkwardString,
  deeplyNested,
  JUNK_BODIES,
  jsonText,
  nearlyValid,
  obj,
  str,
  type JsonTree,
  type Schema,
} from '../helpers/hostile-input.js';
import { sendRaw, type RawRequest, type RawResponse } from '../helpers/raw-http.js';
import { ADMIN, createStaff, logInAs, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

// FUZZ_SEED and FUZZ_RUNS explore further than the suite's fixed run.
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_713);
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 20);
const BODY_LIMIT = 65_536;
const SLACK_BODY_LIMIT = 1024 * 1024;
const SLACK_ROUTE = { method: 'POST', path: '/slack/events' };

interface Route {
  method: string;
  /** OpenAPI form: /tickets/{id} */
  path: string;
  params: string[];
  query: { name: string; schema: Schema }[];
  body: Schema | undefined;
}

interface Identity {
  name: string;
  headers(body: Buffer | undefined): [string, string][];
}

let fake: FakeSlack;
let app: TestApp;
let routes: Route[];
let identities: Identity[];
let slackIdentities: Identity[];
/** Ids and numbers of things that exist, so requests reach past "not found" into the use cases. */
let real: { tickets: string[]; ticketUuids: string[]; incident: string; apiKey: string; user: string; all: string[] };
let customerAuth: Record<string, string>;
/** Tokens and keys that look real but are not (or no longer) valid. */
let fakeCredentials: string[];
let integrationKey: string;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  app = await startTestApp({
    ...fake.appEnv(),
    BODY_LIMIT_BYTES: String(BODY_LIMIT),
  });
  await seedDeploymentHistory(app);
  routes = openApiRoutes((await app.request({ method: 'GET', url: '/openapi.json' })).json());

  const customer = await signUp(app);
  customerAuth = customer.auth;
  const agent = await createStaff(app, 'AGENT');
  const admin = await logInAs(app, ADMIN.email, ADMIN.password);
  const newKey = async (name: string) => {
    const res = await app.request({ method: 'POST', url: '/admin/api-keys', headers: admin, payload: { name } });
    expect(res.statusCode).toBe(201);
    return res.json<{ api_key: { id: string }; key: string }>();
  };
  const integration = await newKey('fuzz');
  // Only things no identity depends on are handed to the fuzzer as real ids: it may revoke this key
  // and change this user's role.
  const spareKey = await newKey('spare');
  const victim = await signUp(app);
  const gone = await signUp(app);
  await app.running.services.db.prisma.user.delete({ where: { id: gone.id } });

  const open = async (headers: Record<string, string>, payload: Record<string, unknown>) => {
    const res = await app.request({ method: 'POST', url: '/tickets', headers, payload });
    expect(res.statusCode).toBe(202);
    return res.json<{ id: string; number: number }>();
  };
  const tickets = [
    await open(customer.auth, { message: 'I forgot my password and cannot log in' }),
    await open(customer.auth, { message: 'I was charged twice, I want to talk to a human' }),
    await open({ 'x-api-key': integration.key }, { message: 'Where is my invoice?', customer: { external_id: 'fuzz-customer' } }),
  ];
  // Similar reports from three people within minutes are a burst: an incident, so its routes have a real one to work on.
  const reporters = [customer, await signUp(app), await signUp(app)];
  for (const [index, message] of [
    'Outage: the mobile app crashes when I open settings',
    'Outage - mobile app crashes when opening settings',
    'outage, the mobile app crashes on opening the settings screen',
  ].entries()) {
    tickets.push(await open(reporters[index]!.auth, { message }));
  }
  for (const t of tickets) await untilStatus(app.running.services, t.id, ['AUTO_RESOLVED', 'ESCALATED']);
  const incidentId = await eventually(
    async () => (await app.running.services.tickets.findById(tickets.at(-1)!.id))?.incidentId,
    'an incident',
  );

  const ticketRefs = tickets.flatMap((t) => [t.id, String(t.number)]);
  real = {
    tickets: ticketRefs,
    ticketUuids: tickets.map((t) => t.id),
    incident: incidentId,
    apiKey: spareKey.api_key.id,
    user: victim.id,
    all: [...ticketRefs, incidentId, spareKey.api_key.id, victim.id],
  };
  integrationKey = integration.key;
  fakeCredentials = [
    gone.auth.authorization!.slice('Bearer '.length),
    forgedToken({ sub: victim.id, role: 'ADMIN', iss: 'firstline', aud: 'firstline-api', exp: 4_102_444_800 }),
    `fl_${randomBytes(6).toString('hex')}_${randomBytes(16).toString('hex')}`,
    integration.key.slice(0, -1),
  ];

  const bearer =
    (auth: Record<string, string>): Identity['headers'] =>
    () => [['authorization', auth.authorization!]];
  identities = [
    { name: 'anonymous', headers: () => [] },
    { name: 'customer', headers: bearer(customer.auth) },
    { name: 'agent', headers: bearer(agent.auth) },
    { name: 'admin', headers: bearer(admin) },
    { name: 'integration', headers: () => [['x-api-key', integration.key]] },
  ];
  slackIdentities = [...identities, { name: 'signed by Slack', headers: (body) => Object.entries(sign(body?.toString('utf8') ?? '')) }];
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

/** An HS256 JWT with the claims given, signed with a secret that is not the service's. */
function forgedToken(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', 'not-the-secret').update(unsigned).digest('base64url')}`;
}

function openApiRoutes(doc: {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema> };
}): Route[] {
  const resolve = (schema: unknown): Schema => inlineRefs(schema, doc.components?.schemas ?? {}) as Schema;
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: resolve(p.schema) })),
      body: op.requestBody ? resolve(op.requestBody.content['application/json']?.schema) : undefined,
    })),
  );
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
}

function inlineRefs(value: unknown, schemas: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => inlineRefs(v, schemas));
  if (value === null || typeof value !== 'object') return value;
  const ref = (value as { $ref?: string }).$ref;
  if (typeof ref === 'string') return inlineRefs(schemas[ref.split('/').at(-1)!], schemas);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inlineRefs(v, schemas)]));
}

// ---- what a request is made of -------------------------------------------------------------

interface FuzzRequest {
  method: string;
  pathValues: string[];
  query: string;
  body: { bytes: Buffer; kind: 'json' | 'form' | 'bytes' } | undefined;
  /** `default`: application/json for a JSON body, form for a form body, none otherwise; null: never one. */
  contentType: string | null;
  extraHeaders: [string, string][];
  /** Replaces the identity's Authorization header. */
  authorization: string | undefined;
  chunked: boolean;
  /** undefined: the server's; null: none. */
  host: string | null | undefined;
}

const METHODS = ['OPTIONS', 'TRACE', 'PATCH', 'HEAD', 'PUT', 'DELETE', 'GET', 'POST'];

const CONTENT_TYPES = [
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json;charset=UTF-8',
  'APPLICATION/JSON',
  'application/json, text/plain',
  'application/json; boundary=',
  'application/vnd.api+json',
  'application/jsonx',
  'text/plain',
  'text/plain; charset=utf-8',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'application/x-www-form-urlencoded',
  'application/xml',
  '*/*',
  '',
  ';',
];

/** Header values a Node client can send (Latin-1, no control characters). */
const headerSafe = (s: string): string => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '');

/** Percent-encoded; lone surrogates become U+FFFD (RAW_PATH_JUNK sends their raw bytes instead). */
const encode = (s: string): string => encodeURIComponent(Buffer.from(s, 'utf8').toString('utf8'));

const RAW_PATH_JUNK = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  '%2F',
  '..',
  '.',
  '%2e%2e',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE',
  '\xe9',
  ';',
  '*',
  '~',
  '@',
  '',
];

function pathValue(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...real.all), weight: 4 },
    { arbitrary: fc.uuid(), weight: 1 },
    {
      arbitrary: fc.constantFrom('1', '0', '-1', '999999999', '2147483648', '99999999999999999999', '1e3', '0x1f', '%D9%A1%D9%A2'),
      weight: 1,
    },
    { arbitrary: awkwardString.map(encode), weight: 2 },
    { arbitrary: fc.array(fc.constantFrom(...RAW_PATH_JUNK), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('')), weight: 2 },
    { arbitrary: fc.integer({ min: 65, max: 20_000 }).map((n) => 'a'.repeat(n)), weight: 1 },
  );
}

function queryString(route: Route): fc.Arbitrary<string> {
  const known = route.query.map((q) => q.name);
  const key = fc.oneof(
    ...(known.length > 0 ? [{ arbitrary: fc.constantFrom(...known), weight: 4 }] : []),
    { arbitrary: fc.constantFrom('__proto__', 'constructor', 'limit[]', 'cursor[a]', 'a[b][c]', '', 'unknown', 'wait'), weight: 1 },
    { arbitrary: awkwardString, weight: 1 },
  );
  const knownValues = route.query.flatMap((q) => [
    ...(q.schema.enum ?? []).map(String),
    ...(q.schema.default !== undefined ? [String(q.schema.default)] : []),
  ]);
  const value = fc.oneof(
    ...(knownValues.length > 0 ? [{ arbitrary: fc.constantFrom(...knownValues), weight: 3 }] : []),
    {
      arbitrary: fc.constantFrom(
        '',
        'abc',
        '-1',
        '0',
        '1',
        '5',
        '100',
        '101',
        '1e3',
        '1e309',
        '-0',
        '0x10',
        ' 1',
        '+1',
        '1.0',
        '999999999',
        '9999999999',
        '1,2',
        '[]',
        'true',
      ),
      weight: 3,
    },
    { arbitrary: awkwardNumber, weight: 1 },
    { arbitrary: awkwardString, weight: 2 },
  );
  const pairs = fc.array(fc.tuple(key, value), { maxLength: 6 }).map((ps) => ps.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));
  const junk = fc.constantFrom('', '', '', '&%zz=1', '&&&', '=x', '&a=b?c', ';x=1', '&%00=%00', '&limit=%', '&\xe9=\xe9');
  return fc.tuple(pairs, junk, fc.boolean()).map(([q, j, withMark]) => (q || j || withMark ? `?${q}${j}` : ''));
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

function jsonBody(tree: fc.Arbitrary<JsonTree>): fc.Arbitrary<FuzzRequest['body']> {
  return tree.map((t) => ({ bytes: bytes(jsonText(t)), kind: 'json' as const }));
}

/** A JSON object whose string field is about as long as the body limit allows, or just over it. */
function nearTheLimit(limit: number, keys: string[]): fc.Arbitrary<FuzzRequest['body']> {
  return fc
    .tuple(fc.constantFrom(...keys, 'message'), fc.constantFrom('x', 'é', '😀', '\u200b'), fc.integer({ min: -200, max: 50 }))
    .map(([key, char, slack]) => {
      const room = limit + slack - key.length - 8;
      return {
        bytes: bytes(jsonText(obj({ [key]: str(char.repeat(Math.max(1, Math.floor(room / Buffer.byteLength(char))))) }))),
        kind: 'json' as const,
      };
    });
}

function body(route: Route): fc.Arbitrary<FuzzRequest['body']> {
  const limit = route.path === SLACK_ROUTE.path ? SLACK_BODY_LIMIT : BODY_LIMIT;
  const keys = Object.keys(route.body?.properties ?? {});
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    { arbitrary: jsonBody(route.body ? nearlyValid(route.body, real.ticketUuids) : anyJson), weight: 6 },
    { arbitrary: jsonBody(anyJson), weight: 2 },
    { arbitrary: fc.constantFrom(...JUNK_BODIES).map((text) => ({ bytes: bytes(text), kind: 'json' as const })), weight: 2 },
    { arbitrary: nearTheLimit(limit, keys), weight: 1 },
    {
      arbitrary: fc
        .tuple(fc.integer({ min: 1000, max: Math.floor(limit / 6) }), fc.boolean())
        .map(([depth, asObjects]) => ({ bytes: bytes(deeplyNested(depth, asObjects)), kind: 'json' as const })),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom(...keys, 'skills', 'x'),
          fc.integer({ min: 1000, max: Math.floor(limit / 3) }),
          fc.constantFrom('1', '"a"', 'null', '{}', '[]'),
        )
        .map(([key, n, item]) => ({
          bytes: bytes(`{${JSON.stringify(key)}:[${Array.from({ length: n }, () => item).join(',')}]}`),
          kind: 'json' as const,
        })),
      weight: 1,
    },
    { arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => ({ bytes: Buffer.from(b), kind: 'bytes' as const })), weight: 1 },
    ...(route.path === SLACK_ROUTE.path ? [{ arbitrary: slackBody(), weight: 8 }] : []),
  );
}

/** What Slack sends, with hostile values where a listener reads them. */
function slackBody(): fc.Arbitrary<FuzzRequest['body']> {
  const text = awkwardString;
  const id = fc.oneof(fc.constantFrom('U0CUST1', 'C0GENERAL', AGENTS_CHANNEL, 'D0DM', '1700000000.000100'), awkwardString);
  const field = (a: fc.Arbitrary<JsonTree>) => fc.option(a, { nil: undefined });
  const present = (entries: Record<string, JsonTree | undefined>) =>
    obj(Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as Record<string, JsonTree>);
  const messageEvent = fc
    .record({
      type: fc.constantFrom('message', 'app_mention'),
      channel: id,
      ts: id,
      user: field(id.map(str)),
      text: field(text.map(str)),
      thread_ts: field(id.map(str)),
      subtype: field(fc.constantFrom('bot_message', 'message_changed', 'file_share').map(str)),
      channel_type: field(fc.constantFrom('im', 'channel').map(str)),
    })
    .map(({ type, channel, ts, ...rest }) => present({ type: str(type), channel: str(channel), ts: str(ts), ...rest }));
  const eventCallback = fc
    .tuple(fc.oneof({ arbitrary: messageEvent, weight: 3 }, anyJson), fc.string({ maxLength: 12 }))
    .map(([event, eventId]) => obj({ type: str('event_callback'), team_id: str('T0TEAM'), event_id: str(`Ev${eventId}`), event }));
  const json = (tree: fc.Arbitrary<JsonTree>) => tree.map((t) => ({ bytes: bytes(jsonText(t)), kind: 'json' as const }));
  const form = (fields: fc.Arbitrary<Record<string, string>>) =>
    fields.map((f) => ({ bytes: bytes(new URLSearchParams(f).toString()), kind: 'form' as const }));
  const command = fc.record({
    command: fc.constantFrom('/support', '/resolve', '/metrics', '/nope'),
    text,
    user_id: id,
    channel_id: id,
    team_id: fc.constant('T0TEAM'),
    trigger_id: fc.constant('t'),
  });
  const action = fc
    .tuple(
      fc.constantFrom('feedback_helpful', 'feedback_not_helpful', 'agent_claim', 'agent_reply', 'other'),
      fc.oneof(fc.constantFrom(...real.ticketUuids), awkwardString),
      id,
    )
    .map(([actionId, value, user]) =>
      obj({
        type: str('block_actions'),
        user: obj({ id: str(user) }),
        trigger_id: str('t'),
        actions: { kind: 'array', items: [obj({ action_id: str(actionId), value: str(value) })] },
      }),
    );
  const view = fc
    .tuple(
      fc.constantFrom('view_submission', 'view_closed'),
      fc.oneof(fc.constant('agent_reply_modal'), awkwardString),
      fc.oneof(fc.constantFrom(...real.ticketUuids), awkwardString),
      text,
      text,
    )
    .map(([type, callbackId, metadata, reply, intent]) =>
      obj({
        type: str(type),
        user: obj({ id: str('U0AGENT') }),
        view: obj({
          callback_id: str(callbackId),
          private_metadata: str(metadata),
          state: obj({
            values: obj({
              reply: obj({ text: obj({ type: str('plain_text_input'), value: str(reply) }) }),
              intent: obj({ intent: obj({ type: str('plain_text_input'), value: str(intent) }) }),
            }),
          }),
        }),
      }),
    );
  const interaction = fc.oneof(action, view, anyJson).map((payload) => ({ payload: jsonText(payload) }));
  return fc.oneof(
    json(eventCallback),
    json(fc.constant(obj({ type: str('url_verification'), challenge: str('c') }))),
    form(command),
    form(interaction),
  );
}

function extraHeaders(): fc.Arbitrary<[string, string][]> {
  const junk = awkwardString.map(headerSafe);
  const header = fc.oneof(
    fc.tuple(fc.constant('content-encoding'), fc.constantFrom('gzip', 'deflate', 'br', 'x-junk', 'gzip, gzip', 'identity')),
    fc.tuple(fc.constant('authorization'), fc.oneof(junk, fc.constantFrom('Bearer x', 'Basic YTpi'))),
    fc.tuple(fc.constant('x-api-key'), fc.oneof(junk, fc.constantFrom(...fakeCredentials))),
    fc.tuple(fc.constant('accept'), fc.oneof(junk, fc.constantFrom('application/xml', '*/*;q=0', 'text/html', 'application/json;q=0'))),
    fc.tuple(fc.constant('accept-encoding'), fc.oneof(junk, fc.constantFrom('gzip;q=2, br', 'identity;q=0', '*;q=0'))),
    fc.tuple(
      fc.constantFrom(
        'x-request-id',
        'x-forwarded-for',
        'x-forwarded-proto',
        'x-forwarded-host',
        'cookie',
        'origin',
        'referer',
        'user-agent',
        'range',
        'if-none-match',
      ),
      junk,
    ),
    fc.tuple(fc.constant('content-type'), fc.constantFrom(...CONTENT_TYPES)),
    fc.tuple(fc.constant('expect'), fc.constantFrom('100-continue', 'junk')),
    fc.tuple(
      fc.constantFrom('x-slack-signature', 'x-slack-request-timestamp', 'x-slack-retry-num'),
      fc.oneof(junk, fc.constantFrom('v0=00', '1e309', '-1', '99999999999999999999')),
    ),
  );
  return fc.array(header, { maxLength: 3 });
}

/** Mostly the identity's own; sometimes junk, a deleted account's token, a forged one, or the integration key as a bearer. */
function authorization(): fc.Arbitrary<string | undefined> {
  const junk = awkwardString.map(headerSafe);
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 6 },
    {
      arbitrary: fc.oneof(
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Bearer a.b.c',
          'bearer    x',
          'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
          'Bearer fl_',
          'Token x',
          'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
          `Bearer ${'x'.repeat(8000)}`,
        ),
        fc.constantFrom(...fakeCredentials, integrationKey).map((c) => `Bearer ${c}`),
        junk.map((j) => `Bearer ${j}`),
        junk,
      ),
      weight: 1,
    },
  );
}

/** The benign value `weight` times out of weight+1: most requests are wrong in a few ways only, so they get past the checks before the one under test. */
const mostly = <T>(benign: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>, weight: number): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: benign, weight }, { arbitrary: hostile, weight: 1 });

/**
 * Half the requests are well-formed HTTP with awkward values in the route's own fields, to reach
 * the use cases; the other half are wrong in a few ways at once (most aspects stay benign, so
 * they get past the checks before the one under test).
 */
function fuzzRequest(route: Route): fc.Arbitrary<FuzzRequest> {
  const benignBody =
    route.path === SLACK_ROUTE.path
      ? slackBody()
      : route.body
        ? jsonBody(nearlyValid(route.body, real.ticketUuids))
        : fc.constant(undefined);
  const realPath = fc.tuple(...route.params.map((param) => realIdFor(route, param)));
  const wellFormed: fc.Arbitrary<FuzzRequest> = fc.record({
    method: fc.constant(route.method),
    pathValues: realPath,
    query: validQuery(route),
    body: benignBody,
    contentType: fc.constant('default'),
    extraHeaders: fc.constant([] as [string, string][]),
    authorization: fc.constant(undefined),
    chunked: fc.constant(false),
    host: fc.constant(undefined),
  });
  const hostile: fc.Arbitrary<FuzzRequest> = fc.record({
    method: mostly(fc.constant(route.method), fc.constantFrom(...METHODS), 4),
    pathValues: mostly(realPath, fc.tuple(...route.params.map(() => pathValue())), 2),
    query: mostly(validQuery(route), queryString(route), 2),
    body: mostly(benignBody, body(route), 2),
    contentType: mostly(fc.constant('default'), fc.oneof(fc.constantFrom(...CONTENT_TYPES), fc.constant(null)), 4),
    extraHeaders: mostly(fc.constant([] as [string, string][]), extraHeaders(), 2),
    authorization: authorization(),
    chunked: mostly(fc.constant(false), fc.constant(true), 9),
    host: mostly(
      fc.constant(undefined),
      fc.oneof(fc.constant(null), fc.constantFrom('', 'evil.example', '[::1', 'a b', 'x'.repeat(300)), awkwardString.map(headerSafe)),
      9,
    ),
  });
  return fc.oneof(wellFormed, hostile);
}

/** Mostly an id of the kind the parameter names, sometimes one of another kind. */
function realIdFor(route: Route, param: string): fc.Arbitrary<string> {
  const ids =
    param === 'ticketId' || /^\/(tickets|feedback)\//.test(route.path)
      ? real.tickets
      : route.path.startsWith('/incidents/')
        ? [real.incident]
        : route.path.startsWith('/admin/users/')
          ? [real.user]
          : route.path.startsWith('/admin/api-keys/')
            ? [real.apiKey]
            : real.all;
  return mostly(fc.constantFrom(...ids), fc.constantFrom(...real.all), 6);
}

/** Known query parameters with values of their kind (the filters' strings are awkward ones). */
function validQuery(route: Route): fc.Arbitrary<string> {
  const param = ({ name, schema }: Route['query'][number]): fc.Arbitrary<string> => {
    const value: fc.Arbitrary<string> = schema.enum
      ? fc.constantFrom(...schema.enum.map(String))
      : schema.type === 'integer' || schema.type === 'number'
        ? fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 }).map(String)
        : name === 'cursor'
          ? fc.nat(999_999_999).map(String)
          : awkwardString;
    return value.map((v) => `${encode(name)}=${encode(v)}`);
  };
  if (route.query.length === 0) return fc.constant('');
  return fc
    .subarray(route.query)
    .chain((params) => (params.length === 0 ? fc.constant('') : fc.tuple(...params.map(param)).map((pairs) => `?${pairs.join('&')}`)));
}

function toRaw(route: Route, req: FuzzRequest, identity: Identity): RawRequest {
  let i = 0;
  const path = route.path.replace(/\{[^}]+\}/g, () => req.pathValues[i++]!);
  const headers = identity.headers(req.body?.bytes).filter(([name]) => !(name === 'authorization' && req.authorization !== undefined));
  if (req.authorization !== undefined) headers.push(['authorization', req.authorization]);
  const contentType =
    req.contentType === 'default'
      ? req.body?.kind === 'json'
        ? 'application/json'
        : req.body?.kind === 'form'
          ? 'application/x-www-form-urlencoded'
          : undefined
      : (req.contentType ?? undefined);
  if (contentType !== undefined) headers.push(['content-type', contentType]);
  headers.push(...req.extraHeaders);
  return { method: req.method, path: `${path}${req.query}`, headers, host: req.host, body: req.body?.bytes, chunked: req.chunked };
}

// ---- what every answer must be --------------------------------------------------------------

/** Why the answer breaks the contract, or null when it keeps it. */
function problemWith(req: RawRequest, res: RawResponse): string | null {
  if (res.status === 'no_answer') return `no answer: ${res.error}`;
  if (res.status >= 500) return `status ${res.status}`;
  if (res.status < 400 || req.method === 'HEAD') return null;
  if (res.cutOff) return `the connection failed after status ${res.status}: ${res.cutOff}`;
  if (!/^application\/json/.test(String(res.headers['content-type'])))
    return `error ${res.status} with content-type ${res.headers['content-type']}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    return `error ${res.status} whose body is not JSON`;
  }
  const error = (parsed as { error?: Record<string, unknown> } | null)?.error;
  const shaped =
    parsed !== null &&
    typeof parsed === 'object' &&
    Object.keys(parsed).join() === 'error' &&
    error !== null &&
    typeof error === 'object' &&
    Object.keys(error).every((k) => ['code', 'message', 'details'].includes(k)) &&
    typeof error.code === 'string' &&
    typeof error.message === 'string' &&
    error.message.length > 0 &&
    (error.details === undefined || (typeof error.details === 'object' && error.details !== null && !Array.isArray(error.details)));
  if (!shaped) return `error ${res.status} not in the shape {error:{code,message,details?}}`;
  const expected = HTTP_STATUS[error.code as keyof typeof HTTP_STATUS];
  if (expected !== res.status) return `error code ${String(error.code)} (status ${expected}) answered with ${res.status}`;
  return null;
}

const clip = (s: string, n = 600) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

function describeFailure(route: Route, identity: Identity, req: RawRequest, res: RawResponse, problem: string): string {
  return [
    `${route.method} ${route.path} as ${identity.name}: ${problem}`,
    `request: ${req.method} ${clip(req.path, 300)}${req.chunked ? ' (chunked)' : ''}${req.host === undefined ? '' : ` (Host: ${JSON.stringify(req.host)})`}`,
    ...req.headers.map(([name, value]) => `  ${name}: ${clip(JSON.stringify(value), 200)}`),
    `  body: ${req.body ? clip(JSON.stringify(req.body.toString('utf8'))) : '(none)'}`,
    res.status === 'no_answer' ? `response: none` : `response: ${res.status} ${clip(res.body, 1500)}`,
  ].join('\n');
}

async function checkOne(route: Route, req: FuzzRequest): Promise<void> {
  const who = route.path === SLACK_ROUTE.path ? slackIdentities : identities;
  const answers = await Promise.all(
    who.map(async (identity) => {
      const raw = toRaw(route, req, identity);
      const res = await sendRaw(app.url, raw);
      const problem = problemWith(raw, res);
      return problem === null ? null : { identity, raw, res, problem };
    }),
  );
  const [first, ...others] = answers.filter((a) => a !== null);
  if (!first) return;
  // The request in full once; for the other identities only what went wrong.
  const rest = others.map(
    (o) => `as ${o.identity.name} too: ${o.problem}${o.res.status === 'no_answer' ? '' : ` (${clip(o.res.body, 200)})`}`,
  );
  throw new Error([describeFailure(route, first.identity, first.raw, first.res, first.problem), ...rest].join('\n'));
}

describe('fuzzing every route', () => {
  it('never answers client input with a 5xx, a reset or an error of another shape', async () => {
    const all = [...routes, { ...SLACK_ROUTE, params: [], query: [], body: undefined }];
    expect(routes.length).toBeGreaterThan(15);
    const failed: string[] = [];
    for (const [index, route] of all.entries()) {
      const details = await fc.check(
        // Shrinking re-sends every candidate: bounded, so a failure reports within a minute or two.
        fc.asyncProperty(fc.limitShrink(fuzzRequest(route), 100), (req) => checkOne(route, req)),
        { seed: SEED + index, numRuns: RUNS_PER_ROUTE },
      );
      if (details.failed) {
        const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        failed.push(
          `${route.method} ${route.path} (seed ${details.seed}, path "${details.counterexamplePath}", after ${details.numRuns} runs, ${details.numShrinks} shrinks):\n${cause}`,
        );
      }
    }
    expect(failed.length, failed.join('\n\n----\n\n')).toBe(0);
  }, 300_000);

  it('leaves the service healthy: /health is 200 and a normal ticket is still accepted', async () => {
    expect((await app.request({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const res = await app.request({
      method: 'POST',
      url: '/tickets',
      headers: customerAuth,
      payload: { message: 'After all that: how do I export my data?' },
    });
    expect(res.statusCode).toBe(202);
  });
});
