// Skill-based offers over the API, through the real pipeline: loads change on claim, release and
// resolve, and the open escalations are offered again each time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, untilStatus } from '../helpers/eventually.js';
import { ADMIN, createStaff, logInAs, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import type { TicketView } from '../helpers/tickets.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.stop());

describe('skill-based offers', () => {
  it('follows each agent’s load through claim, release and resolve', async () => {
    const admin = await logInAs(app, ADMIN.email, ADMIN.password);
    // Agents created now sort after the bootstrap admin (who has no skills), and a by id before b.
    const [a, b] = [await createStaff(app, 'AGENT'), await createStaff(app, 'AGENT')].sort((x, y) => (x.id < y.id ? -1 : 1));
    for (const agent of [a!, b!]) {
      const res = await app.request({
        method: 'PATCH',
        url: `/admin/users/${agent.id}`,
        headers: admin,
        payload: { skills: ['billing', 'billing'], capacity: 1 },
      });
      expect(res.json()).toMatchObject({ role: 'AGENT', skills: ['billing'], capacity: 1 });
    }
    const { auth: customer } = await signUp(app);
    const escalate = async (message: string) => {
      const res = await app.request({ method: 'POST', url: '/tickets', headers: customer, payload: { message } });
      return untilStatus(app.running.services, res.json<TicketView>().id, ['ESCALATED']);
    };
    const offerOf = (id: string, expected: string | null) =>
      eventually(async () => {
        const t = (await app.request({ method: 'GET', url: `/tickets/${id}`, headers: admin })).json<TicketView>();
        return t.offered_to_id === expected && t;
      }, `ticket ${id} offered to ${expected}`);
    const act = (agent: { auth: Record<string, string> }, id: string, action: string, payload?: object) =>
      app.request({ method: 'POST', url: `/tickets/${id}/${action}`, headers: agent.auth, ...(payload ? { payload } : {}) });

    const t1 = await escalate('My card payment was declined, I want to talk to a human');
    await offerOf(t1.id, a!.id);
    expect((await act(a!, t1.id, 'claim')).statusCode).toBe(200);
    const t2 = await escalate('I was billed for an invoice I did not expect, let me talk to a person');
    await offerOf(t2.id, b!.id);
    expect((await act(b!, t2.id, 'claim')).statusCode).toBe(200);
    // Both are full: nobody to offer to.
    const t3 = await escalate('The payment for my subscription failed, I need a human please');
    expect(t3.intent).toBe('payment_issue');
    await offerOf(t3.id, null);

    // Only the agent who claimed it (or an admin) may release it.
    expect((await act(b!, t1.id, 'release')).statusCode).toBe(409);
    expect((await app.request({ method: 'POST', url: `/tickets/${t1.id}/release`, headers: customer })).statusCode).toBe(403);
    const released = await act(a!, t1.id, 'release');
    expect(released.json()).toMatchObject({ status: 'ESCALATED', assignee_id: null });
    // a has room again: the older ticket, t1, goes first.
    await offerOf(t1.id, a!.id);
    await offerOf(t3.id, null);

    // b resolves t2: b has room, and t3 is offered to b.
    expect((await act(b!, t2.id, 'resolve', { response: 'Refunded the extra charge.' })).statusCode).toBe(200);
    await offerOf(t3.id, b!.id);
    const events = (await app.request({ method: 'GET', url: `/tickets/${t3.id}/events`, headers: admin })).json<{
      items: { type: string }[];
    }>().items;
    expect(events.filter((e) => e.type === 'offered').length).toBeGreaterThanOrEqual(1);
  });

  it('says where each agent and each escalation are in chat, so a workspace’s tickets are offered to its own agents', async () => {
    const admin = await logInAs(app, ADMIN.email, ADMIN.password);
    const { users, tickets, assignments } = app.running.services;
    const agent = await users.findOrCreateChatUser({
      platform: 'SLACK',
      workspaceId: 'T-ALPHA',
      platformUserId: 'U-ALPHA-1',
      displayName: 'A1',
    });
    const promoted = await app.request({ method: 'PATCH', url: `/admin/users/${agent.id}`, headers: admin, payload: { role: 'AGENT' } });
    expect(promoted.statusCode).toBe(200);
    const customer = await users.findOrCreateChatUser({
      platform: 'SLACK',
      workspaceId: 'T-BETA',
      platformUserId: 'U-BETA-9',
      displayName: 'B9',
    });
    const chat = { platform: 'SLACK' as const, workspaceId: 'T-BETA', channelId: 'D-B9', threadId: '1.1', messageId: '1.1' };
    const created = await tickets.create(
      { source: 'SLACK', requesterId: customer.id, message: 'I need a person', chat },
      { type: 'created', actor: { kind: 'system' } },
    );
    await tickets.transition(created.id, 'OPEN', 'ESCALATED', {}, { type: 'triaged', actor: { kind: 'system' } });
    const escalation = (await assignments.listOpenEscalations()).find((t) => t.id === created.id);
    expect(escalation?.chatPlace).toEqual({ platform: 'SLACK', workspaceId: 'T-BETA' });
    const listed = (await assignments.listAgents()).find((a) => a.id === agent.id);
    expect(listed?.chatPlaces).toEqual([{ platform: 'SLACK', workspaceId: 'T-ALPHA' }]);
  });

  it('validates agent profiles', async () => {
    const admin = await logInAs(app, ADMIN.email, ADMIN.password);
    const staff = await createStaff(app, 'AGENT');
    const patch = (payload: object, id = staff.id, auth = admin) =>
      app.request({ method: 'PATCH', url: `/admin/users/${id}`, headers: auth, payload });
    expect((await patch({ skills: ['Billing Team'] })).json()).toMatchObject({ error: { code: 'validation_failed' } });
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ capacity: 2 }, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await patch({ capacity: 2 }, staff.id, staff.auth)).statusCode).toBe(403);
  });
});
