// The environment, parsed once at boot into one frozen, typed Config. Defaults live here and are
// documented in .env.example; every problem is reported at once, by variable name.
import { z } from 'zod';
import type { Config } from './config-type.js';
import { ZSlaConfig } from '../sla/policy.js';
import { readSlaConfigFile, type SlaConfigResult } from '../sla/sla-config-file.js';
import { DEFAULT_SLA_CONFIG_INPUT } from '../sla/sla-settings.js';
import { blankToUndefined, bool, decimal, idList, int, LOG_LEVELS, NODE_ENVS, optionalString, ratio } from './env-fields.js';

export type { Config } from './config-type.js';

/** The placeholder .env.example ships; production refuses to start with it. */
export const EXAMPLE_JWT_SECRET = 'change-me-to-a-random-string-of-at-least-32-characters';

export const ZEnv = z.object({
  NODE_ENV: z.preprocess(blankToUndefined, z.enum(NODE_ENVS).default('development')),
  PORT: int(0, 65535, 3000),
  HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  TRUST_PROXY: bool(false),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS).default('info')),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL (unset it for the embedded database)')
      .optional(),
  ),
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./.data')),
  REDIS_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .default('redis://127.0.0.1:6379'),
  ),
  QUEUE_PREFIX: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default('firstline'),
  ),
  WORKER_CONCURRENCY: int(1, 100, 5),
  JWT_SECRET: optionalString,
  JWT_ISSUER: z.preprocess(blankToUndefined, z.string().default('firstline')),
  JWT_AUDIENCE: z.preprocess(blankToUndefined, z.string().default('firstline-api')),
  JWT_TTL_SECONDS: int(60, 7 * 24 * 3600, 3600),
  BCRYPT_ROUNDS: int(4, 15, 12),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: int(1, 1000, 5),
  LOGIN_MAX_FAILURES_PER_IP: int(1, 10_000, 20),
  LOGIN_WINDOW_SECONDS: int(1, 86_400, 900),
  ADMIN_EMAIL: z.preprocess(blankToUndefined, z.email().optional()),
  ADMIN_PASSWORD: z.preprocess(blankToUndefined, z.string().min(10, 'must be at least 10 characters').optional()),
  MAX_MESSAGE_CHARS: int(1, 100_000, 4000),
  BODY_LIMIT_BYTES: int(1024, 10 * 1024 * 1024, 65_536),
  HTTP_MAX_EVENT_LOOP_DELAY_MS: int(0, 60_000, 200),
  TRIAGE_BACKLOG_MAX: int(0, 10_000_000, 500),
  DASHBOARD_CACHE_SECONDS: int(0, 3600, 30),
  AUTO_RESOLVE_THRESHOLD: ratio(0.9),
  AUTO_RESOLVE_TARGET_PRECISION: ratio(0.97),
  SETTINGS_CACHE_SECONDS: int(0, 3600, 10),
  AUTO_RESOLVE_MODE: z.preprocess(blankToUndefined, z.enum(['live', 'shadow']).default('live')),
  URGENT_THRESHOLD: ratio(0.8),
  // The same values as domain's URGENT_POLICIES (config stands alone and imports nothing of ours).
  URGENT_POLICY: z.preprocess(blankToUndefined, z.enum(['escalate', 'answer_and_alert']).default('escalate')),
  INTENTS_FILE: optionalString,
  PRODUCT_NAME: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  SUPPORT_URL: z.preprocess(blankToUndefined, z.url().optional()),
  OPEN_TICKET_GRACE_SECONDS: int(5, 86_400, 60),
  UNDELIVERED_GRACE_SECONDS: int(1, 86_400, 180),
  SWEEP_INTERVAL_SECONDS: int(1, 3600, 60),
  RETRAIN_DEBOUNCE_SECONDS: int(0, 86_400, 30),
  RETRAIN_MAX_WAIT_SECONDS: int(1, 86_400, 300),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.preprocess(blankToUndefined, z.url().optional()),
  OPENAI_MODEL: z.preprocess(blankToUndefined, z.string().default('gpt-4o-mini')),
  LLM_TIMEOUT_MS: int(100, 120_000, 8000),
  LLM_MAX_REPLY_CHARS: int(100, 10_000, 1500),
  LLM_BREAKER_FAILURES: int(1, 100, 5),
  LLM_BREAKER_COOLDOWN_SECONDS: int(1, 3600, 30),
  EMBEDDINGS_BASE_URL: z.preprocess(blankToUndefined, z.url().optional()),
  EMBEDDINGS_MODEL: z.preprocess(blankToUndefined, z.string().default('text-embedding-3-small')),
  EMBEDDINGS_API_KEY: optionalString,
  EMBEDDINGS_TIMEOUT_MS: int(100, 120_000, 10_000),
  EMBEDDINGS_QUERY_TIMEOUT_MS: int(50, 30_000, 1500),
  OUTBOUND_TIMEOUT_MS: int(100, 120_000, 10_000),
  OUTBOUND_RETRIES: int(0, 10, 2),
  BREAKER_FAILURES: int(1, 100, 5),
  BREAKER_COOLDOWN_SECONDS: int(1, 3600, 30),
  DELIVERY_ATTEMPTS: int(1, 50, 10),
  ALERT_WEBHOOK_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  SLA_CONFIG_FILE: optionalString,
  ALERT_WEBHOOK_FORMAT: z.preprocess(blankToUndefined, z.enum(['slack', 'discord']).optional()),
  INCIDENT_BURST_MINUTES: int(1, 24 * 60, 10),
  INCIDENT_BASELINE_HOURS: int(1, 7 * 24, 6),
  INCIDENT_SIMILARITY: ratio(0.6),
  INCIDENT_MIN_TICKETS: int(2, 1000, 3),
  INCIDENT_BURST_RATIO: decimal(1, 1000, 5),
  INCIDENT_BURST_P: decimal(1e-12, 1, 0.001),
  KB_MAX_PAGES: int(1, 100_000, 500),
  KB_MAX_PAGE_BYTES: int(1024, 100 * 1024 * 1024, 2_000_000),
  KB_PAGE_TIMEOUT_MS: int(100, 120_000, 10_000),
  KB_SYNC_INTERVAL_MINUTES: int(0, 7 * 24 * 60, 360),
  METRICS_PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  METRICS_TOKEN: z.preprocess(blankToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  SHUTDOWN_TIMEOUT_MS: int(1000, 60_000, 10_000),
  SLACK_BOT_TOKEN: z.preprocess(blankToUndefined, z.string().startsWith('xoxb-', 'must be a bot token (xoxb-…)').optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: z.preprocess(blankToUndefined, z.string().startsWith('xapp-', 'must be an app-level token (xapp-…)').optional()),
  SLACK_AGENTS_CHANNEL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[CG][A-Z0-9]+$/, 'must be a channel id (C…), not a name')
      .optional(),
  ),
  SLACK_ADMIN_USER_IDS: idList(/^[UW][A-Z0-9]+$/, 'must be Slack user ids (U…), comma-separated'),
  SLACK_API_URL: z.preprocess(blankToUndefined, z.url().optional()),
  /** Set: the app is distributed through OAuth and installed per workspace, instead of SLACK_BOT_TOKEN. */
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  /** Installing through OAuth: only these workspaces may install the app; unset: any workspace may. */
  SLACK_ALLOWED_TEAM_IDS: idList(/^[TE][A-Z0-9]+$/, 'must be Slack workspace ids (T…), comma-separated'),
  /** Encrypts credentials kept in the database (Slack installations' tokens). */
  SECRETS_KEY: z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 random characters').optional()),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{15,21}$/, 'must be the application id (a snowflake)')
      .optional(),
  ),
  DISCORD_AGENTS_CHANNEL_ID: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{15,21}$/, 'must be a channel id (a snowflake)')
      .optional(),
  ),
  DISCORD_ADMIN_USER_IDS: idList(/^\d{15,21}$/, 'must be Discord user ids, comma-separated'),
  DISCORD_API_URL: z.preprocess(blankToUndefined, z.url().optional()),
});

/**
 * Rules across variables, checked on the raw values so they are reported together with any
 * other problem (zod skips object refinements once a field has failed).
 */
function crossFieldProblems(source: Record<string, string | undefined>): string[] {
  const value = (name: string): string | undefined => {
    const raw = source[name];
    return raw === undefined || raw.trim() === '' ? undefined : raw;
  };
  const problems: string[] = [];
  if (value('NODE_ENV') === 'production') {
    const secret = value('JWT_SECRET');
    if (!secret) problems.push('JWT_SECRET: is required in production');
    else if (secret === EXAMPLE_JWT_SECRET)
      problems.push('JWT_SECRET: is still the example placeholder; generate one with `openssl rand -base64 48`');
    else if (secret.length < 32) problems.push('JWT_SECRET: must be at least 32 characters in production');
  }
  const hasEmail = value('ADMIN_EMAIL') !== undefined;
  if (hasEmail !== (value('ADMIN_PASSWORD') !== undefined)) {
    problems.push(`${hasEmail ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'}: is required when the other ADMIN_* variable is set`);
  }
  if (value('SLACK_BOT_TOKEN') && !value('SLACK_APP_TOKEN') && !value('SLACK_SIGNING_SECRET')) {
    problems.push('SLACK_SIGNING_SECRET: is required for Slack over HTTP; or set SLACK_APP_TOKEN for Socket Mode');
  }
  problems.push(...slackOAuthProblems(value));
  if (value('DISCORD_TOKEN') && !value('DISCORD_APPLICATION_ID')) {
    problems.push('DISCORD_APPLICATION_ID: is required with DISCORD_TOKEN (Developer Portal → General Information)');
  }
  const webhook = value('ALERT_WEBHOOK_URL');
  if (webhook && !value('ALERT_WEBHOOK_FORMAT') && !webhookFormatOf(webhook)) {
    problems.push(
      'ALERT_WEBHOOK_FORMAT: is required (slack or discord) when ALERT_WEBHOOK_URL is not a hooks.slack.com or discord.com webhook',
    );
  }
  // Compared with defaults applied; a value that fails its own rule is already reported by name.
  const debounce = ZEnv.shape.RETRAIN_DEBOUNCE_SECONDS.safeParse(source.RETRAIN_DEBOUNCE_SECONDS);
  const maxWait = ZEnv.shape.RETRAIN_MAX_WAIT_SECONDS.safeParse(source.RETRAIN_MAX_WAIT_SECONDS);
  if (debounce.success && maxWait.success && maxWait.data < debounce.data) {
    problems.push(`RETRAIN_MAX_WAIT_SECONDS: must be at least RETRAIN_DEBOUNCE_SECONDS (${debounce.data})`);
  }
  problems.push(...incidentProblems(source));
  return problems;
}

/** SLA policies from SLA_CONFIG_FILE, or the defaults (src/sla/sla-settings.ts) without one. */
function slaConfigOf(file: unknown): SlaConfigResult {
  if (typeof file !== 'string') return { ok: true, config: ZSlaConfig.parse(DEFAULT_SLA_CONFIG_INPUT) };
  return readSlaConfigFile(file);
}

/** The burst window must leave a baseline before it; the variable incidents as piles read is gone. */
function incidentProblems(source: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (blankToUndefined(source.INCIDENT_WINDOW_MINUTES) !== undefined) {
    problems.push(
      'INCIDENT_WINDOW_MINUTES: is no longer read: an incident is now a burst; remove it and see INCIDENT_BURST_MINUTES and INCIDENT_BASELINE_HOURS',
    );
  }
  const burst = ZEnv.shape.INCIDENT_BURST_MINUTES.safeParse(source.INCIDENT_BURST_MINUTES);
  const baseline = ZEnv.shape.INCIDENT_BASELINE_HOURS.safeParse(source.INCIDENT_BASELINE_HOURS);
  if (burst.success && baseline.success && baseline.data * 60 < 2 * burst.data) {
    problems.push(`INCIDENT_BASELINE_HOURS: must be at least twice INCIDENT_BURST_MINUTES (${burst.data} minutes)`);
  }
  return problems;
}

/** The payload format a webhook URL implies: Slack's incoming webhooks or Discord's channel webhooks. */
/** Installing through OAuth: every piece it needs, over HTTP, and not mixed with a single workspace's token. */
function slackOAuthProblems(value: (name: string) => string | undefined): string[] {
  if (!value('SLACK_CLIENT_ID')) return [];
  const needed = ['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET', 'SECRETS_KEY'].filter((name) => !value(name));
  const problems = needed.map((name) => `${name}: is required with SLACK_CLIENT_ID (installing the app in many workspaces)`);
  if (value('SLACK_BOT_TOKEN')) problems.push('SLACK_BOT_TOKEN: set it for one workspace, or SLACK_CLIENT_ID to install in many, not both');
  if (value('SLACK_APP_TOKEN'))
    problems.push('SLACK_APP_TOKEN: installing through OAuth runs over HTTP (POST /slack/events), not Socket Mode');
  return problems;
}

export function webhookFormatOf(url: string): 'slack' | 'discord' | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.hostname === 'hooks.slack.com') return 'slack';
  if (/(^|\.)discord(app)?\.com$/.test(parsed.hostname) && parsed.pathname.startsWith('/api/webhooks/')) return 'discord';
  return undefined;
}

export type Env = z.infer<typeof ZEnv>;

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses the environment; throws one ConfigError that lists every problem. */
export function loadConfig(source: Record<string, string | undefined>): Readonly<Config> {
  const parsed = ZEnv.safeParse(source);
  const sla = slaConfigOf(blankToUndefined(source.SLA_CONFIG_FILE));
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`)),
    ...crossFieldProblems(source),
    ...(sla.ok ? [] : sla.problems.map((problem) => `SLA_CONFIG_FILE: ${problem}`)),
  ];
  if (!parsed.success || !sla.ok || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const slackAuth = slackAuthOf(e);
  return deepFreeze({
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      trustProxy: e.TRUST_PROXY,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      maxEventLoopDelayMs: e.HTTP_MAX_EVENT_LOOP_DELAY_MS,
      maxTriageBacklog: e.TRIAGE_BACKLOG_MAX,
      dashboardCacheSeconds: e.DASHBOARD_CACHE_SECONDS,
    },
    logLevel: e.LOG_LEVEL,
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR },
    redis: { url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX },
    worker: { concurrency: e.WORKER_CONCURRENCY },
    auth: {
      jwtSecret: e.JWT_SECRET,
      jwtIssuer: e.JWT_ISSUER,
      jwtAudience: e.JWT_AUDIENCE,
      jwtTtlSeconds: e.JWT_TTL_SECONDS,
      bcryptRounds: e.BCRYPT_ROUNDS,
      login: {
        maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
        windowSeconds: e.LOGIN_WINDOW_SECONDS,
      },
      bootstrapAdmin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : undefined,
    },
    tickets: { maxMessageChars: e.MAX_MESSAGE_CHARS },
    pipeline: {
      autoResolveThreshold: e.AUTO_RESOLVE_THRESHOLD,
      autoResolveTargetPrecision: e.AUTO_RESOLVE_TARGET_PRECISION,
      autoResolveMode: e.AUTO_RESOLVE_MODE,
      settingsCacheSeconds: e.SETTINGS_CACHE_SECONDS,
      urgentThreshold: e.URGENT_THRESHOLD,
      urgentPolicy: e.URGENT_POLICY,
      intentsFile: e.INTENTS_FILE,
      productName: e.PRODUCT_NAME,
      supportUrl: e.SUPPORT_URL,
      openTicketGraceSeconds: e.OPEN_TICKET_GRACE_SECONDS,
      undeliveredGraceSeconds: e.UNDELIVERED_GRACE_SECONDS,
      sweepIntervalSeconds: e.SWEEP_INTERVAL_SECONDS,
      retrainDebounceSeconds: e.RETRAIN_DEBOUNCE_SECONDS,
      retrainMaxWaitSeconds: e.RETRAIN_MAX_WAIT_SECONDS,
    },
    knowledge: { maxPages: e.KB_MAX_PAGES, maxPageBytes: e.KB_MAX_PAGE_BYTES, pageTimeoutMs: e.KB_PAGE_TIMEOUT_MS },
    knowledgeSync: { intervalMinutes: e.KB_SYNC_INTERVAL_MINUTES },
    llm: e.OPENAI_API_KEY
      ? {
          apiKey: e.OPENAI_API_KEY,
          baseUrl: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL,
          timeoutMs: e.LLM_TIMEOUT_MS,
          maxReplyChars: e.LLM_MAX_REPLY_CHARS,
          breakerFailures: e.LLM_BREAKER_FAILURES,
          breakerCooldownMs: e.LLM_BREAKER_COOLDOWN_SECONDS * 1000,
        }
      : undefined,
    embeddings: e.EMBEDDINGS_BASE_URL
      ? {
          baseUrl: e.EMBEDDINGS_BASE_URL,
          model: e.EMBEDDINGS_MODEL,
          apiKey: e.EMBEDDINGS_API_KEY ?? e.OPENAI_API_KEY,
          timeoutMs: e.EMBEDDINGS_TIMEOUT_MS,
          queryTimeoutMs: e.EMBEDDINGS_QUERY_TIMEOUT_MS,
        }
      : undefined,
    outbound: {
      timeoutMs: e.OUTBOUND_TIMEOUT_MS,
      retries: e.OUTBOUND_RETRIES,
      breakerFailures: e.BREAKER_FAILURES,
      breakerCooldownMs: e.BREAKER_COOLDOWN_SECONDS * 1000,
    },
    deliveryAttempts: e.DELIVERY_ATTEMPTS,
    alerts: e.ALERT_WEBHOOK_URL
      ? { webhookUrl: e.ALERT_WEBHOOK_URL, format: e.ALERT_WEBHOOK_FORMAT ?? webhookFormatOf(e.ALERT_WEBHOOK_URL)! }
      : undefined,
    sla: { file: e.SLA_CONFIG_FILE ?? null, config: sla.config },
    incidents: {
      burstMs: e.INCIDENT_BURST_MINUTES * 60_000,
      baselineMs: e.INCIDENT_BASELINE_HOURS * 3_600_000,
      similarity: e.INCIDENT_SIMILARITY,
      minReports: e.INCIDENT_MIN_TICKETS,
      minRatio: e.INCIDENT_BURST_RATIO,
      maxProbability: e.INCIDENT_BURST_P,
    },
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    secretsKey: e.SECRETS_KEY,
    slack: slackAuth
      ? {
          auth: slackAuth,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          agentsChannel: e.SLACK_AGENTS_CHANNEL,
          adminUserIds: e.SLACK_ADMIN_USER_IDS,
          apiUrl: e.SLACK_API_URL,
        }
      : undefined,
    discord: e.DISCORD_TOKEN
      ? {
          token: e.DISCORD_TOKEN,
          applicationId: e.DISCORD_APPLICATION_ID!,
          agentsChannelId: e.DISCORD_AGENTS_CHANNEL_ID,
          adminUserIds: e.DISCORD_ADMIN_USER_IDS,
          apiUrl: e.DISCORD_API_URL,
        }
      : undefined,
  });
}

type SlackAuth = NonNullable<Config['slack']>['auth'];

/** The cross-field checks made sure OAuth has every piece it needs. */
function slackAuthOf(e: z.infer<typeof ZEnv>): SlackAuth | undefined {
  if (e.SLACK_BOT_TOKEN) return { kind: 'token', botToken: e.SLACK_BOT_TOKEN };
  if (e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET)
    return {
      kind: 'oauth',
      clientId: e.SLACK_CLIENT_ID,
      clientSecret: e.SLACK_CLIENT_SECRET,
      stateSecret: e.SLACK_STATE_SECRET,
      allowedTeamIds: e.SLACK_ALLOWED_TEAM_IDS,
    };
  return undefined;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
