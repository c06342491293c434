import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, EXAMPLE_JWT_SECRET, loadConfig, ZEnv } from '../../src/config/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.http).toMatchObject({ port: 3000, host: '127.0.0.1' });
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.database).toEqual({ url: undefined, dataDir: './.data' });
    expect(config.tickets.maxMessageChars).toBe(4000);
    expect(config.http.maxEventLoopDelayMs).toBe(200);
    expect(config.pipeline).toEqual({
      autoResolveThreshold: 0.9,
      autoResolveTargetPrecision: 0.97,
      autoResolveMode: 'live',
      settingsCacheSeconds: 10,
      urgentThreshold: 0.8,
      urgentPolicy: 'escalate',
      intentsFile: undefined,
      productName: undefined,
      supportUrl: undefined,
      openTicketGraceSeconds: 60,
      undeliveredGraceSeconds: 180,
      sweepIntervalSeconds: 60,
      retrainDebounceSeconds: 30,
      retrainMaxWaitSeconds: 300,
    });
    expect(config.llm).toBeUndefined();
    expect(config.metricsToken).toBeUndefined();
  });

  it('keeps Slack off without a bot token, and parses its settings with one', () => {
    expect(loadConfig({}).slack).toBeUndefined();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_AGENTS_CHANNEL: 'C0123ABC',
      SLACK_ADMIN_USER_IDS: ' U01, U02 ,',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    });
    expect(config.slack).toEqual({
      auth: { kind: 'token', botToken: 'xoxb-1-2-abc' },
      signingSecret: 'secret',
      appToken: undefined,
      agentsChannel: 'C0123ABC',
      adminUserIds: ['U01', 'U02'],
      apiUrl: 'http://127.0.0.1:9/api/',
    });
  });

  it('installs in many workspaces through OAuth with every piece it needs, over HTTP, and never beside a bot token', () => {
    const oauth = {
      SLACK_CLIENT_ID: '123.456',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'a-state-secret-of-at-least-32-chars!',
      SLACK_SIGNING_SECRET: 'signing',
      SECRETS_KEY: 'a-secrets-key-of-at-least-32-characters',
    };
    expect(loadConfig(oauth).slack?.auth).toEqual({
      kind: 'oauth',
      clientId: '123.456',
      clientSecret: 'client-secret',
      stateSecret: 'a-state-secret-of-at-least-32-chars!',
      allowedTeamIds: [],
    });
    expect(loadConfig({ ...oauth, SLACK_ALLOWED_TEAM_IDS: 'T01, T02' }).slack?.auth).toMatchObject({ allowedTeamIds: ['T01', 'T02'] });
    expect(problemsOf({ ...oauth, SLACK_ALLOWED_TEAM_IDS: 'acme' })).toEqual([
      expect.stringMatching(/^SLACK_ALLOWED_TEAM_IDS(\.0)?: must be Slack workspace ids/),
    ]);
    expect(loadConfig(oauth).secretsKey).toBe('a-secrets-key-of-at-least-32-characters');
    expect(
      problemsOf({ SLACK_CLIENT_ID: '123.456' })
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(['SECRETS_KEY', 'SLACK_CLIENT_SECRET', 'SLACK_SIGNING_SECRET', 'SLACK_STATE_SECRET']);
    expect(problemsOf({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: set it for one workspace/),
    ]);
    expect(problemsOf({ ...oauth, SLACK_APP_TOKEN: 'xapp-1' })).toEqual([
      expect.stringMatching(/^SLACK_APP_TOKEN: installing through OAuth runs over HTTP/),
    ]);
    expect(problemsOf({ ...oauth, SECRETS_KEY: 'short' })).toEqual([expect.stringMatching(/^SECRETS_KEY: must be at least 32/)]);
  });

  it('needs a signing secret for Slack over HTTP, or an app token for Socket Mode, and names bad Slack values', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET: is required/)]);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual([]);
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxp-user',
      SLACK_APP_TOKEN: 'xoxb-2',
      SLACK_AGENTS_CHANNEL: '#support',
      SLACK_ADMIN_USER_IDS: 'alice',
    });
    expect(problems.map((p) => p.split(/[:.]/)[0]).sort()).toEqual([
      'SLACK_ADMIN_USER_IDS',
      'SLACK_AGENTS_CHANNEL',
      'SLACK_APP_TOKEN',
      'SLACK_BOT_TOKEN',
    ]);
  });

  it('keeps Discord off without a token, needs the application id with one, and names bad ids', () => {
    expect(loadConfig({}).discord).toBeUndefined();
    expect(
      loadConfig({
        DISCORD_TOKEN: 't',
        DISCORD_APPLICATION_ID: '100000000000000001',
        DISCORD_ADMIN_USER_IDS: '700000000000000001, 700000000000000002',
      }).discord,
    ).toEqual({
      token: 't',
      applicationId: '100000000000000001',
      agentsChannelId: undefined,
      adminUserIds: ['700000000000000001', '700000000000000002'],
      apiUrl: undefined,
    });
    expect(problemsOf({ DISCORD_TOKEN: 't' })).toEqual([expect.stringMatching(/^DISCORD_APPLICATION_ID: is required/)]);
    const problems = problemsOf({
      DISCORD_TOKEN: 't',
      DISCORD_APPLICATION_ID: 'app',
      DISCORD_AGENTS_CHANNEL_ID: '#agents',
      DISCORD_ADMIN_USER_IDS: 'bob',
    });
    expect(problems.map((p) => p.split(/[:.]/)[0]).sort()).toEqual([
      'DISCORD_ADMIN_USER_IDS',
      'DISCORD_AGENTS_CHANNEL_ID',
      'DISCORD_APPLICATION_ID',
    ]);
  });

  it('takes the alert webhook format from ALERT_WEBHOOK_FORMAT or the URL, and asks for it when the URL does not tell', () => {
    expect(loadConfig({}).alerts).toBeUndefined();
    expect(loadConfig({ ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x' }).alerts).toEqual({
      webhookUrl: 'https://hooks.slack.com/services/T0/B0/x',
      format: 'slack',
    });
    expect(loadConfig({ ALERT_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc' }).alerts?.format).toBe('discord');
    expect(loadConfig({ ALERT_WEBHOOK_URL: 'https://discordapp.com/api/webhooks/1/abc' }).alerts?.format).toBe('discord');
    expect(loadConfig({ ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/hook', ALERT_WEBHOOK_FORMAT: 'discord' }).alerts?.format).toBe('discord');
    expect(problemsOf({ ALERT_WEBHOOK_URL: 'https://alerts.example.com/hook' })).toEqual([
      expect.stringMatching(/^ALERT_WEBHOOK_FORMAT: is required/),
    ]);
    expect(
      problemsOf({ ALERT_WEBHOOK_URL: 'ftp://example.com/x', ALERT_WEBHOOK_FORMAT: 'teams' })
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(['ALERT_WEBHOOK_FORMAT', 'ALERT_WEBHOOK_URL']);
  });

  it('has the documented outbound, delivery and incident defaults', () => {
    const config = loadConfig({});
    expect(config.outbound).toEqual({ timeoutMs: 10_000, retries: 2, breakerFailures: 5, breakerCooldownMs: 30_000 });
    expect(config.deliveryAttempts).toBe(10);
    expect(config.incidents).toEqual({
      burstMs: 10 * 60_000,
      baselineMs: 6 * 3_600_000,
      similarity: 0.6,
      minReports: 3,
      minRatio: 5,
      maxProbability: 0.001,
    });
  });

  it('reads incidents as bursts: a baseline at least twice the burst window, a probability above 0, and no INCIDENT_WINDOW_MINUTES', () => {
    expect(loadConfig({ INCIDENT_BURST_MINUTES: '30', INCIDENT_BASELINE_HOURS: '1', INCIDENT_BURST_RATIO: '2.5' }).incidents).toMatchObject(
      {
        burstMs: 30 * 60_000,
        baselineMs: 3_600_000,
        minRatio: 2.5,
      },
    );
    expect(problemsOf({ INCIDENT_BURST_MINUTES: '31', INCIDENT_BASELINE_HOURS: '1' })).toEqual([
      'INCIDENT_BASELINE_HOURS: must be at least twice INCIDENT_BURST_MINUTES (31 minutes)',
    ]);
    expect(problemsOf({ INCIDENT_BURST_P: '0' })).toEqual([expect.stringMatching(/^INCIDENT_BURST_P: /)]);
    expect(problemsOf({ INCIDENT_BURST_RATIO: '0.5' })).toEqual([expect.stringMatching(/^INCIDENT_BURST_RATIO: /)]);
    // Its meaning (a pile of open tickets) is gone: say so rather than ignore it.
    expect(problemsOf({ INCIDENT_WINDOW_MINUTES: '30' })).toEqual([expect.stringMatching(/^INCIDENT_WINDOW_MINUTES: is no longer read/)]);
  });

  it('turns the LLM on only with OPENAI_API_KEY, with the cool-down in milliseconds', () => {
    const config = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', LLM_BREAKER_COOLDOWN_SECONDS: '2' });
    expect(config.llm).toEqual({
      apiKey: 'sk-test',
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'gpt-4o-mini',
      timeoutMs: 8000,
      maxReplyChars: 1500,
      breakerFailures: 5,
      breakerCooldownMs: 2000,
    });
  });

  it('retrains at the latest RETRAIN_MAX_WAIT_SECONDS after a change, which must not be shorter than the debounce', () => {
    expect(loadConfig({ RETRAIN_DEBOUNCE_SECONDS: '60', RETRAIN_MAX_WAIT_SECONDS: '60' }).pipeline).toMatchObject({
      retrainDebounceSeconds: 60,
      retrainMaxWaitSeconds: 60,
    });
    expect(problemsOf({ RETRAIN_DEBOUNCE_SECONDS: '60', RETRAIN_MAX_WAIT_SECONDS: '59' })).toEqual([
      'RETRAIN_MAX_WAIT_SECONDS: must be at least RETRAIN_DEBOUNCE_SECONDS (60)',
    ]);
    // Against the default maximum wait too.
    expect(problemsOf({ RETRAIN_DEBOUNCE_SECONDS: '301' })).toEqual([
      'RETRAIN_MAX_WAIT_SECONDS: must be at least RETRAIN_DEBOUNCE_SECONDS (301)',
    ]);
    expect(problemsOf({ RETRAIN_MAX_WAIT_SECONDS: '0' })).toEqual([expect.stringMatching(/^RETRAIN_MAX_WAIT_SECONDS: /)]);
    expect(problemsOf({ RETRAIN_MAX_WAIT_SECONDS: '1.5' })).toEqual([expect.stringMatching(/^RETRAIN_MAX_WAIT_SECONDS: /)]);
  });

  it('answers live unless AUTO_RESOLVE_MODE=shadow, and names any other mode', () => {
    expect(loadConfig({ AUTO_RESOLVE_MODE: '' }).pipeline.autoResolveMode).toBe('live');
    expect(loadConfig({ AUTO_RESOLVE_MODE: 'shadow' }).pipeline.autoResolveMode).toBe('shadow');
    expect(problemsOf({ AUTO_RESOLVE_MODE: 'dry-run' })).toEqual([expect.stringMatching(/^AUTO_RESOLVE_MODE: /)]);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' }).http.port).toBe(3000);
  });

  it('lists every problem, by variable name, in one error', () => {
    const problems = problemsOf({
      PORT: 'abc',
      REDIS_URL: 'http://localhost',
      DATABASE_URL: 'mysql://x',
      AUTO_RESOLVE_THRESHOLD: '1.5',
      NODE_ENV: 'production',
      ADMIN_EMAIL: 'admin@example.com',
    });
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining(['PORT', 'REDIS_URL', 'DATABASE_URL', 'AUTO_RESOLVE_THRESHOLD', 'JWT_SECRET', 'ADMIN_PASSWORD']),
    );
    expect(() => loadConfig({ PORT: 'abc', REDIS_URL: 'x' })).toThrow(/Invalid configuration:\n {2}- PORT: .*\n {2}- REDIS_URL/);
  });

  describe('JWT_SECRET in production', () => {
    const prod = (secret?: string) => problemsOf({ NODE_ENV: 'production', ...(secret === undefined ? {} : { JWT_SECRET: secret }) });

    it('is required', () => expect(prod()).toEqual(['JWT_SECRET: is required in production']));
    it('refuses the example placeholder', () =>
      expect(prod(EXAMPLE_JWT_SECRET)[0]).toMatch(/JWT_SECRET: is still the example placeholder/));
    it('refuses one shorter than 32 characters', () => expect(prod('x'.repeat(31))[0]).toMatch(/at least 32/));
    it('accepts a long random one', () => expect(prod('k'.repeat(48))).toEqual([]));
    it('is optional outside production', () => expect(problemsOf({ NODE_ENV: 'development' })).toEqual([]));
  });

  it('needs ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(problemsOf({ ADMIN_PASSWORD: 'long-enough-1' })).toEqual(['ADMIN_EMAIL: is required when the other ADMIN_* variable is set']);
    expect(loadConfig({ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'long-enough-1' }).auth.bootstrapAdmin).toEqual({
      email: 'a@b.co',
      password: 'long-enough-1',
    });
  });
});

describe('.env.example', () => {
  const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
  const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));

  it('documents every variable the configuration reads', () => {
    const missing = Object.keys(ZEnv.shape).filter((name) => !documented.has(name));
    expect(missing).toEqual([]);
  });

  it('documents only variables that exist', () => {
    const unknown = [...documented].filter((name) => name === undefined || !(name in ZEnv.shape));
    expect(unknown).toEqual([]);
  });

  it('parses as a valid configuration', () => {
    const values = Object.fromEntries([...example.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(() => loadConfig(values)).not.toThrow();
  });
});
