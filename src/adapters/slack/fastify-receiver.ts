// Bolt on Firstline's own HTTP server: POST /slack/events on the main port, instead of a second
// server. Every request is verified (signature and a five-minute timestamp window) before Bolt
// sees it; the response is whatever the listener acks, sent as soon as it acks.
import { ErrorCode, isValidSlackRequest, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { AppError } from '../../domain/errors.js';
import { findUnstorableText, unstorableTextError } from '../../domain/unstorable-text.js';
import { slackPayloadProblems } from './slack-envelope.js';

/** Slack gives up on an unacknowledged request after 3 s; answer just before. */
const ACK_DEADLINE_MS = 2800;

type AckResponse = string | Record<string, unknown> | undefined;

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (contentType?.includes('application/json')) return JSON.parse(raw);
  const form = Object.fromEntries(new URLSearchParams(raw));
  // Interactions (buttons, modals) arrive as one form field holding JSON.
  return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The payload, if it is one Slack could have sent; else the error to answer with. */
function checkedPayload(raw: string, contentType: string | undefined): Record<string, unknown> {
  let body: unknown;
  try {
    body = parseBody(raw, contentType);
  } catch (cause) {
    throw new AppError('bad_request', { message: 'The Slack request body could not be parsed.', cause });
  }
  const problems = slackPayloadProblems(body);
  if (problems !== null || !isRecord(body)) {
    const fields = problems ?? [{ field: 'body', message: 'is not an object' }];
    throw new AppError('bad_request', {
      message: `Not a payload Slack sends: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`,
      details: { fields },
    });
  }
  const unstorable = findUnstorableText(body, 'body');
  if (unstorable !== null) throw unstorableTextError(unstorable);
  return body;
}

const header = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

export class FastifySlackReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly options: { signingSecret: string; log: Logger }) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** The route, as a Fastify plugin with its own body parsing (raw text, needed for the signature). */
  plugin(): FastifyPluginAsync {
    const { signingSecret, log } = this.options;
    return async (fastify) => {
      fastify.removeAllContentTypeParsers();
      fastify.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

      // Modal submissions carry the whole view; allow more than the API's JSON limit.
      fastify.post('/slack/events', { schema: { hide: true }, bodyLimit: 1024 * 1024 }, async (request, reply) => {
        const raw = typeof request.body === 'string' ? request.body : '';
        const timestamp = Number(header(request.headers['x-slack-request-timestamp']));
        const signature = header(request.headers['x-slack-signature']) ?? '';
        const valid =
          Number.isFinite(timestamp) &&
          isValidSlackRequest({
            signingSecret,
            body: raw,
            headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
          });
        if (!valid) throw new AppError('unauthorized', { message: 'The Slack request signature is missing, invalid or too old.' });

        const body = checkedPayload(raw, request.headers['content-type']);
        if (body.type === 'url_verification') return { challenge: body.challenge };
        if (!this.app) throw new AppError('unavailable', { message: 'The Slack adapter is not ready.' });

        let acked = false;
        let respond: (response: AckResponse) => void = () => undefined;
        const ackSent = new Promise<AckResponse>((resolve) => {
          respond = resolve;
        });
        const retryNum = header(request.headers['x-slack-retry-num']);
        const event: ReceiverEvent = {
          body,
          retryNum: retryNum === undefined ? undefined : Number(retryNum),
          retryReason: header(request.headers['x-slack-retry-reason']),
          ack: async (response?: AckResponse) => {
            if (acked) return;
            acked = true;
            respond(response);
          },
        };
        let timer: NodeJS.Timeout | undefined;
        const processing = this.app.processEvent(event).then(
          () => ({ kind: 'done' as const, err: undefined }),
          (err: unknown) => ({ kind: 'done' as const, err: err ?? new Error('listener failed') }),
        );
        // Bolt acks events before their listeners run. Answering only once the listener is done
        // (within the deadline) lets a failure reach Slack as a 500, so Slack redelivers the
        // event instead of it being lost. Commands and clicks answer as soon as they ack.
        const answerWhen =
          body.type === 'event_callback' ? processing : Promise.race([ackSent.then(() => ({ kind: 'acked' as const })), processing]);
        const deadline = new Promise<{ kind: 'deadline' }>((resolve) => {
          timer = setTimeout(() => resolve({ kind: 'deadline' }), ACK_DEADLINE_MS);
        });
        const first = await Promise.race([answerWhen, deadline]);
        clearTimeout(timer);

        if (first.kind === 'done' && first.err !== undefined) {
          // A workspace that has not installed the app (or uninstalled it): nothing to do, and a
          // retry would not change that, so Slack is not asked to retry.
          if (isAuthorizationError(first.err)) {
            log.warn({ team: teamIdOf(body) }, 'slack event from a workspace without an installation: ignored');
            return reply.code(200).send('');
          }
          log.error({ err: first.err, type: body.type }, 'slack listener failed');
          throw new AppError('internal');
        }
        if (!acked) {
          if (first.kind === 'done') return reply.code(200).send(''); // nothing listens for it
          log.error({ type: body.type }, 'slack listener did not ack in time');
          throw new AppError('unavailable', { message: 'The request was not handled in time.' });
        }
        if (first.kind !== 'done') {
          void processing.then((result) => {
            if (result.err !== undefined) log.error({ err: result.err, type: body.type }, 'slack listener failed after its ack');
          });
        }
        return sendAck(reply, await ackSent);
      });
    };
  }
}

const isAuthorizationError = (err: unknown): boolean => (err as { code?: unknown }).code === ErrorCode.AuthorizationError;

const teamIdOf = (body: Record<string, unknown>): unknown => body.team_id ?? (body.team as { id?: unknown } | undefined)?.id;

function sendAck(reply: FastifyReply, response: AckResponse) {
  if (response === undefined || response === '') return reply.code(200).send('');
  if (typeof response === 'string') return reply.code(200).type('text/plain; charset=utf-8').send(response);
  return reply.code(200).type('application/json; charset=utf-8').send(JSON.stringify(response));
}
