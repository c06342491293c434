// Agents (and admins who take offers) with their skills, capacity and current load, and setting the
// skills and capacity through updateAgentProfile, as PATCH /admin/users/:id.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { SKILL_PATTERN, updateAgentProfile } from '../../../pipeline/access/update-agent-profile.js';
import type { HttpDeps } from '../../deps.js';
import { renderPage } from '../render.js';
import { parseSkills } from '../tuning-messages.js';

const ZAgentRef = z.object({ id: z.uuid('must be an agent’s id') });
const ZAgentForm = z.object({
  skills: z
    .string()
    .max(2000)
    .transform(parseSkills)
    .pipe(
      z
        .array(z.string().regex(SKILL_PATTERN, 'Skills are lower-case words: a-z first, then a-z, 0-9, _ or -.'))
        .max(50, 'At most 50 skills.'),
    ),
  capacity: z.coerce
    .number('Capacity must be a whole number.')
    .int('Capacity must be a whole number.')
    .min(0, 'Capacity is at least 0.')
    .max(1000, 'Capacity is at most 1000.'),
});

export function tuningAgentsRoutes(deps: HttpDeps) {
  const page = async (reply: FastifyReply, notice: string | null = null) =>
    renderPage(reply, 'tuning-agents.eta', {
      title: 'Agents',
      section: 'tuning',
      tuning: 'agents',
      agents: await deps.assignments.listAgents(),
      notice,
    });

  return async function tuningAgentsPages(app: FastifyInstance): Promise<void> {
    app.get('/tuning/agents', { schema: { hide: true } }, async (_request, reply) => page(reply));

    app.post('/tuning/agents/:id', { schema: { hide: true } }, async (request, reply) => {
      const { id } = ZAgentRef.parse(request.params);
      const patch = ZAgentForm.parse(request.body ?? {});
      const user = await updateAgentProfile(deps, id, patch);
      const skills = user.skills.length > 0 ? user.skills.join(', ') : 'none';
      return page(reply, `Saved ${user.displayName ?? user.email ?? 'the agent'}: skills ${skills}, capacity ${user.capacity}.`);
    });
  };
}
