import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../helpers/assertions.js';
import { exchangeBytes, sendRaw } from '../helpers/raw-http.js';
import { ADMIN, logInAs, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

/** app.logs parsed; every line must be JSON. */
const logEntries = (): Record<string, unknown>[] => app.logs.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('routing and documentation', () => {
  it('answers an unknown route with 404 and the error shape', async () => {
    const res = await app.request({ method: 'GET', url: '/no/such/route?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /no/such/route.' } });

    const wrongMethod = await app.request({ method: 'PUT', url: '/health' });
    expectError(wrongMethod, 404, 'not_found');
  });

  it('serves an OpenAPI 3 document describing the API', async () => {
    const res = await app.request({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toEqual(expect.any(String));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/tickets', '/tickets/{id}', '/auth/login', '/admin/metrics', '/admin/api-keys', '/health']),
    );
    expect(doc.paths['/tickets'].post).toBeDefined();
    expect(doc.paths['/auth/login'].post).toBeDefined();
    expect(doc.paths['/admin/metrics'].get).toBeDefined();
    expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(['bearer', 'apiKey']));
    // The document describes itself nowhere (it is hidden).
    expect(doc.paths['/openapi.json']).toBeUndefined();
  });

  it('serves the browsable docs as HTML at /docs and /docs/', async () => {
    for (const url of ['/docs', '/docs/']) {
      const res = await app.request({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toMatch(/<html/i);
    }
  });
});

describe('request ids', () => {
  it('puts an x-request-id on every response, success or error', async () => {
    const responses = [
      await app.request({ method: 'GET', url: '/health' }),
      await app.request({ method: 'GET', url: '/no/such/route' }),
      await app.request({ method: 'GET', url: '/auth/me' }),
      await app.request({ method: 'POST', url: '/auth/register', payload: { email: 'nope' } }),
      await app.request({ method: 'GET', url: '/openapi.json' }),
    ];
    const ids = responses.map((r) => r.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('echoes a sane incoming X-Request-Id', async () => {
    const id = `trace-${randomBytes(6).toString('hex')}.A_1`;
    const res = await app.request({ method: 'GET', url: '/health', headers: { 'x-request-id': id } });
    expect(res.headers['x-request-id']).toBe(id);
    const missing = await app.request({ method: 'GET', url: '/no/such/route', headers: { 'x-request-id': id } });
    expect(missing.headers['x-request-id']).toBe(id);
  });

  it.each([
    ['200 characters long', 'a'.repeat(200)],
    ['containing spaces', 'has spaces in it'],
    ['containing a newline-like injection', 'abc%0d%0aSet-Cookie:x'],
    ['containing a slash', 'a/b'],
  ])('replaces an incoming X-Request-Id %s', async (_name, incoming) => {
    const res = await app.request({ method: 'GET', url: '/health', headers: { 'x-request-id': incoming } });
    const id = res.headers['x-request-id'];
    expect(id).not.toBe(incoming);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

describe('logging', () => {
  it('logs requests as JSON lines with their request id and without credentials', async () => {
    const password = `pw-${randomBytes(8).toString('hex')}-secret`;
    const email = `logger-${randomBytes(4).toString('hex')}@example.com`;
    const reg = await app.request({ method: 'POST', url: '/auth/register', payload: { email, password } });
    expect(reg.statusCode).toBe(201);
    const requestId = `login-${randomBytes(6).toString('hex')}`;
    const login = await app.request({
      method: 'POST',
      url: '/auth/login',
      payload: { email, password },
      headers: { 'x-request-id': requestId },
    });
    expect(login.statusCode).toBe(200);
    const token: string = login.json().access_token;
    const authorization = `Bearer ${token}`;
    const me = await app.request({ method: 'GET', url: '/auth/me', headers: { authorization } });
    expect(me.statusCode).toBe(200);
    // A failed login logs too, and must not log the attempted password either.
    const wrongPassword = `wrong-${randomBytes(8).toString('hex')}`;
    const failed = await app.request({ method: 'POST', url: '/auth/login', payload: { email, password: wrongPassword } });
    expect(failed.statusCode).toBe(401);

    const entries = logEntries();
    // Fastify's request logs carry the request id as reqId.
    const loginLogs = entries.filter((e) => e.reqId === requestId);
    expect(loginLogs.length).toBeGreaterThan(0);
    expect(loginLogs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reqId: requestId, req: expect.objectContaining({ method: 'POST', url: '/auth/login' }) }),
      ]),
    );
    expect(entries.filter((e) => e.reqId === me.headers['x-request-id'])).not.toHaveLength(0);

    const all = app.logs.join('\n');
    expect(all).not.toContain(password);
    expect(all).not.toContain(wrongPassword);
    expect(all).not.toContain(token);
    expect(all).not.toContain(authorization);
    // Not even a piece of the token (its signature) leaks.
    expect(all).not.toContain(token.split('.')[2]!);
  });

  it('redacts secrets handed to the logger directly', async () => {
    app.running.services.log.info(
      { password: 'x-secret-x', token: 'tok-secret', user: { password: 'nested-pw-secret', email: 'kept@example.com' } },
      'm',
    );
    app.running.services.log.info(
      { key: 'fl_abcdefabcdef_key-secret', req: { headers: { authorization: 'Bearer hdr-secret' } } },
      'with headers',
    );

    const all = app.logs.join('\n');
    for (const secret of ['x-secret-x', 'tok-secret', 'nested-pw-secret', 'key-secret', 'hdr-secret']) expect(all).not.toContain(secret);
    const entry = logEntries().find((e) => e.msg === 'm');
    expect(entry).toMatchObject({
      password: '[redacted]',
      token: '[redacted]',
      user: { password: '[redacted]', email: 'kept@example.com' },
    });
    const withHeaders = logEntries().find((e) => e.msg === 'with headers');
    expect(withHeaders).toMatchObject({ key: '[redacted]', req: { headers: { authorization: '[redacted]' } } });
  });
});

describe('error bodies', () => {
  it('never carry stack traces or internals', async () => {
    const user = await signUp(app);
    const admin = await logInAs(app, ADMIN.email, ADMIN.password);
    const responses = await Promise.all([
      // 400: validation, and a body that is not JSON
      app.request({ method: 'POST', url: '/auth/register', payload: { email: 'not-an-email', password: 'x' } }),
      app.request({
        method: 'POST',
        url: '/tickets',
        headers: { ...user.auth, 'content-type': 'application/json' },
        payload: '{"message": ',
      }),
      app.request({ method: 'GET', url: '/admin/metrics?window=forever', headers: admin }),
      // 401, 403, 404
      app.request({ method: 'GET', url: '/auth/me', headers: { authorization: 'Bearer garbage.garbage.garbage' } }),
      app.request({ method: 'GET', url: '/admin/metrics', headers: user.auth }),
      app.request({ method: 'GET', url: '/tickets/00000000-0000-4000-8000-000000000000', headers: user.auth }),
      app.request({ method: 'GET', url: '/definitely/not/here' }),
      // 413 and 415
      app.request({
        method: 'POST',
        url: '/tickets',
        headers: { ...user.auth, 'content-type': 'application/json' },
        payload: JSON.stringify({ message: 'x'.repeat(2 * 1024 * 1024) }),
      }),
      app.request({ method: 'POST', url: '/tickets', headers: { ...user.auth, 'content-type': 'application/xml' }, payload: '<ticket/>' }),
      app.request({ method: 'POST', url: '/tickets', headers: { ...user.auth, 'content-type': 'text/plain' }, payload: 'my message' }),
      // a URL the router cannot decode, rejected before any route runs
      app.request({ method: 'GET', url: '/tickets/%E0%A4%A', headers: user.auth }),
    ]);
    const statuses = [400, 400, 400, 401, 403, 404, 404, 413, 415, 415, 400];
    const codes = [
      'validation_failed',
      'invalid_json',
      'validation_failed',
      'unauthorized',
      'forbidden',
      'not_found',
      'not_found',
      'payload_too_large',
      'unsupported_media_type',
      'unsupported_media_type',
      'bad_request',
    ];
    expect(responses.map((r) => r.statusCode)).toEqual(statuses);
    responses.forEach((res, i) => {
      expectError(res, statuses[i]!, codes[i]!);
      expect(res.body).not.toMatch(/\bat .*\(|\n\s+at /);
      expect(res.body).not.toContain('node_modules');
      expect(res.body).not.toContain('/work/');
      expect(res.body).not.toMatch(/stack/i);
    });
    expect(responses.map((r) => r.json().error.code)).toEqual(codes);
  });
});

describe('text PostgreSQL cannot store', () => {
  it('refuses a NUL character in a body, a query or a path with 400 naming the field, and stores nothing', async () => {
    const user = await signUp(app);
    const admin = await logInAs(app, ADMIN.email, ADMIN.password);
    const json = { 'content-type': 'application/json' };
    const email = `nul-${randomBytes(4).toString('hex')}@example.com`;
    const cases = [
      {
        req: {
          method: 'POST',
          url: '/auth/register',
          headers: json,
          payload: JSON.stringify({ email, password: 'a-long-password-1', display_name: 'null\u0000byte' }),
        },
        field: 'body.display_name',
      },
      {
        req: {
          method: 'POST',
          url: '/tickets',
          headers: { ...user.auth, ...json },
          payload: JSON.stringify({ message: 'my card \u0000 was declined' }),
        },
        field: 'body.message',
      },
      {
        req: { method: 'POST', url: '/admin/api-keys', headers: { ...admin, ...json }, payload: JSON.stringify({ name: 'key\u0000' }) },
        field: 'body.name',
      },
      { req: { method: 'GET', url: '/tickets?intent=%00', headers: user.auth }, field: 'query.intent' },
      { req: { method: 'GET', url: '/tickets/%00', headers: user.auth }, field: 'params.id' },
      {
        req: {
          method: 'POST',
          url: '/tickets',
          headers: { ...user.auth, ...json },
          payload: '{"message": "hi", "extra": {"k\\u0000": 1}}',
        },
        field: 'body.extra.k\\u0000',
      },
    ] as const;
    for (const { req, field } of cases) {
      const res = await app.request(req);
      expectError(res, 400, 'validation_failed');
      expect(res.json().error.details.fields).toEqual([{ field, message: expect.stringContaining('NUL') }]);
    }
    // Nothing was half-created: the registration can be made again without the NUL.
    const again = await app.request({
      method: 'POST',
      url: '/auth/register',
      headers: json,
      payload: JSON.stringify({ email, password: 'a-long-password-1' }),
    });
    expect(again.statusCode).toBe(201);
    const mine = await app.request({ method: 'GET', url: '/tickets', headers: user.auth });
    expect(mine.json().items).toHaveLength(0);
  });

  it('answers a body nested far deeper than any request with 400, not a stack overflow', async () => {
    const user = await signUp(app);
    const depth = 15_000; // 30 kB, under the body limit
    const res = await app.request({
      method: 'POST',
      url: '/tickets',
      headers: { ...user.auth, 'content-type': 'application/json' },
      payload: `{"message": "hi", "extra": ${'['.repeat(depth)}${']'.repeat(depth)}}`,
    });
    expect(res.statusCode).toBe(400);
    expect((await app.request({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});

describe('requests refused before any route runs', () => {
  const answer = async (bytes: string | Buffer) => {
    const res = await exchangeBytes(app.url, bytes);
    return { ...res, statusCode: res.status, json: () => JSON.parse(res.body) as unknown };
  };

  it('answers a request line or headers it cannot parse with 400 in the error shape', async () => {
    // A raw Latin-1 byte in the URL, a negative Content-Length and a chunk size that is not hex.
    for (const bytes of [
      Buffer.concat([Buffer.from('GET /tickets/'), Buffer.from([0xe9]), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]),
      'POST /tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}',
      'POST /tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    ]) {
      const error = expectError(await answer(bytes), 400, 'bad_request');
      expect(error.message).toMatch(/^The request is not valid HTTP \(HPE_[A-Z_]+\)\.$/);
    }
  });

  it('answers a URL and headers past the size limit with 431 in the error shape', async () => {
    expectError(await answer(`GET /tickets?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`), 431, 'headers_too_large');
  });

  it('answers an Expect other than 100-continue with 417 in the error shape', async () => {
    expectError(await answer('GET /health HTTP/1.1\r\nHost: x\r\nExpect: junk\r\n\r\n'), 417, 'expectation_failed');
    const user = await signUp(app);
    const continued = await sendRaw(app.url, {
      method: 'POST',
      path: '/tickets',
      headers: [...Object.entries(user.auth), ['expect', '100-continue'], ['content-type', 'application/json']],
      body: Buffer.from('{"message":"hello"}'),
    });
    expect(continued.status).toBe(202);
  });

  it('answers an HTTP/1.1 request without Host with 400 in the error shape, and serves HTTP/1.0 without one', async () => {
    expectError(await answer('GET /health HTTP/1.1\r\nConnection: close\r\n\r\n'), 400, 'bad_request');
    expect((await answer('GET /health HTTP/1.0\r\n\r\n')).status).toBe(200);
  });
});
