// POST /local/users and /local/kb: `firstline user create` and `firstline kb` through the running
// service, when it holds the embedded database (see app/local-control.ts). Hidden from the API's documentation; anything but a request
// from this machine with the control token is answered as an unknown route.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { ROLES } from '../../domain/ticket.js';
import { saveUser } from '../../pipeline/access/save-user.js';
import type { HttpDeps } from '../deps.js';
import { ZKbArgs, executeKb } from '../../pipeline/knowledge/kb-text.js';

export const CONTROL_TOKEN_HEADER = 'x-firstline-control';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const ZSaveUser = z.object({
  email: z.email(),
  role: z.enum(ROLES),
  password: z.string().min(10, 'must be at least 10 characters').optional(),
});

/** What a command writes, kept to send back. */
function capturedOutput() {
  const written = { stdout: [] as string[], stderr: [] as string[] };
  return {
    stdout: { write: (text: string) => written.stdout.push(text) > 0 },
    stderr: { write: (text: string) => written.stderr.push(text) > 0 },
    text: (stream: 'stdout' | 'stderr') => written[stream].join(''),
  };
}

function isControlRequest(request: FastifyRequest, token: string): boolean {
  const given = Buffer.from(String(request.headers[CONTROL_TOKEN_HEADER] ?? ''));
  const expected = Buffer.from(token);
  const fromHere = LOOPBACK.has(request.socket.remoteAddress ?? '');
  return fromHere && given.length === expected.length && timingSafeEqual(given, expected);
}

export function localControlRoutes(deps: Pick<HttpDeps, 'users' | 'hasher' | 'knowledge'>, token: string): FastifyPluginAsync {
  return async (app) => {
    // Checked before the body is: a caller without the token learns nothing, not even the fields.
    const onRequest = async (request: FastifyRequest) => {
      if (!isControlRequest(request, token))
        throw new AppError('not_found', { message: `No route for POST ${request.url.split('?')[0]}.` });
    };
    app
      .withTypeProvider<ZodTypeProvider>()
      .post('/local/users', { schema: { hide: true, body: ZSaveUser }, onRequest }, async (request) => {
        const { user, generatedPassword } = await saveUser(deps, request.body);
        return { email: user.email, role: user.role, generated_password: generatedPassword };
      })
      // `firstline kb …`: the command runs here and its output goes back to the terminal that asked.
      .post('/local/kb', { schema: { hide: true, body: z.object({ args: ZKbArgs }) }, onRequest }, async (request) => {
        const out = capturedOutput();
        const exitCode = await executeKb(deps.knowledge, request.body.args, out);
        return { stdout: out.text('stdout'), stderr: out.text('stderr'), exit_code: exitCode };
      });
  };
}
