// The typed configuration every part of Firstline reads, built once by loadConfig (config.ts).
import type { LOG_LEVELS, NODE_ENVS } from './env-fields.js';
import type { SlaConfig } from '../sla/policy.js';

export interface Config {
  env: (typeof NODE_ENVS)[number];
  http: {
    host: string;
    port: number;
    trustProxy: boolean;
    bodyLimitBytes: number;
    /** Past this mean event-loop delay, new requests get 503 at once (0: never). */
    maxEventLoopDelayMs: number;
    /** Tickets waiting for the pipeline past which POST /tickets answers 503; 0: no bound. */
    maxTriageBacklog: number;
    /** How long the console dashboard shows the figures it read before reading them again; 0: every request. */
    dashboardCacheSeconds: number;
  };
  logLevel: (typeof LOG_LEVELS)[number];
  database: { url: string | undefined; dataDir: string };
  redis: { url: string; queuePrefix: string };
  worker: { concurrency: number };
  auth: {
    /** Unset outside production: the composition root then keeps one in DATA_DIR. */
    jwtSecret: string | undefined;
    jwtIssuer: string;
    jwtAudience: string;
    jwtTtlSeconds: number;
    bcryptRounds: number;
    login: { maxFailuresPerAccount: number; maxFailuresPerIp: number; windowSeconds: number };
    bootstrapAdmin: { email: string; password: string } | undefined;
  };
  tickets: { maxMessageChars: number };
  /** Limits on reading one knowledge source (see domain ReadLimits; config imports nothing of ours). */
  knowledge: { maxPages: number; maxPageBytes: number; pageTimeoutMs: number };
  /** Every source is read again this often, by one worker of the deployment; 0: never (only on demand). */
  knowledgeSync: { intervalMinutes: number };
  pipeline: {
    autoResolveThreshold: number;
    /**
     * The precision automatic answers must keep together: once the answer-confidence model is
     * fitted, the threshold is raised to the lowest confidence at which the deployment's own
     * history met it. 0 turns this off.
     */
    autoResolveTargetPrecision: number;
    /**
     * `live`: confident tickets are answered. `shadow`: nothing is sent automatically; what would have
     * been goes to agents as the suggestion, and their agreement is measured (GET /admin/metrics).
     */
    autoResolveMode: 'live' | 'shadow';
    /** How long a worker keeps the admins' settings (the auto-resolve threshold) before reading them again; 0: every ticket. */
    settingsCacheSeconds: number;
    /** S at or above this is urgent: escalated under the `escalate` policy, and alerted. */
    urgentThreshold: number;
    urgentPolicy: 'escalate' | 'answer_and_alert';
    /** Unset: the default pack. */
    intentsFile: string | undefined;
    /** Unset: templates read without it ("the sign-in page"). */
    productName: string | undefined;
    supportUrl: string | undefined;
    /** OPEN tickets older than this are re-enqueued by the sweeper. */
    openTicketGraceSeconds: number;
    /** A decided change with no chat post this long after it is published again by the sweeper. */
    undeliveredGraceSeconds: number;
    sweepIntervalSeconds: number;
    /** Retrain once resolutions stopped for this long… */
    retrainDebounceSeconds: number;
    /** …or, while they keep coming, at the latest this long after the first one (≥ the debounce). */
    retrainMaxWaitSeconds: number;
  };
  /** Unset when no OPENAI_API_KEY is given: replies are then the solution or template as written. */
  llm:
    | {
        apiKey: string;
        baseUrl: string | undefined;
        model: string;
        timeoutMs: number;
        maxReplyChars: number;
        breakerFailures: number;
        breakerCooldownMs: number;
      }
    | undefined;
  /**
   * Unset unless EMBEDDINGS_BASE_URL is given: passages are then ranked lexically only. `apiKey`:
   * EMBEDDINGS_API_KEY, else OPENAI_API_KEY, else none (a local server may not want one).
   */
  embeddings: { baseUrl: string; model: string; apiKey: string | undefined; timeoutMs: number; queryTimeoutMs: number } | undefined;
  /** The shared outbound policy for chat platforms and the alert webhook (the LLM has its own figures). */
  outbound: { timeoutMs: number; retries: number; breakerFailures: number; breakerCooldownMs: number };
  /** Attempts per chat delivery before it counts as failed. */
  deliveryAttempts: number;
  /** SLA policies, calendars and on-call groups: SLA_CONFIG_FILE's, or the defaults. */
  sla: { file: string | null; config: SlaConfig };
  /** Unset: no urgent alerts are posted. */
  alerts: { webhookUrl: string; format: 'slack' | 'discord' } | undefined;
  /**
   * Near-duplicate reports that arrive as a burst grouped under one master incident: at least
   * `minReports` reporters alike (cosine ≥ `similarity`) in the last `burstMs`, at least `minRatio`
   * times what the rest of the last `baselineMs` predicts, with a Poisson tail ≤ `maxProbability`.
   */
  incidents: { burstMs: number; baselineMs: number; similarity: number; minReports: number; minRatio: number; maxProbability: number };
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** Where a process without the API serves GET /metrics; unset: it does not. */
  metricsPort: number | undefined;
  shutdownTimeoutMs: number;
  /** Encrypts credentials kept in the database; unset: none are kept (no OAuth installations). */
  secretsKey: string | undefined;
  /** Unset when neither SLACK_BOT_TOKEN nor SLACK_CLIENT_ID is given: the Slack adapter stays off. */
  slack:
    | {
        /** One workspace's bot token, or installing in many through OAuth (tokens in the database). */
        auth:
          | { kind: 'token'; botToken: string }
          | {
              kind: 'oauth';
              clientId: string;
              clientSecret: string;
              stateSecret: string;
              /** Only these workspaces may install; empty: any may. */
              allowedTeamIds: readonly string[];
            };
        /** Verifies POST /slack/events (HTTP mode). */
        signingSecret: string | undefined;
        /** Set: Socket Mode instead of HTTP. */
        appToken: string | undefined;
        agentsChannel: string | undefined;
        adminUserIds: readonly string[];
        /** Unset: Slack's own Web API. */
        apiUrl: string | undefined;
      }
    | undefined;
  /** Unset when no DISCORD_TOKEN is given: the Discord adapter stays off. */
  discord:
    | {
        token: string;
        applicationId: string;
        agentsChannelId: string | undefined;
        adminUserIds: readonly string[];
        /** REST base (and, through /gateway/bot, the gateway). Unset: Discord's own. */
        apiUrl: string | undefined;
      }
    | undefined;
}
