// What happens when the same thing is changed by several requests at once.
import { describe, expect, it } from 'vitest';
import { createContact, createDeal, createTenant, defaultPipeline, type TestTenant } from '../factories.ts';
import { useTestServer } from '../harness.ts';

const server = useTestServer();

describe('concurrent writes', () => {
  it('moves of one deal apply one after the other: every change starts where the previous ended', async () => {
    const t = await createTenant(server);
    const pipeline = await defaultPipeline(t.admin);
    const deal = await createDeal(t.admin);
    const targets = pipeline.stages.slice(1, 5).map((s: { id: string }) => s.id);
    const results = await Promise.all(
      targets.map((stageId: string) => t.admin.patch(`/api/v1/deals/${deal.id}`, { stageId })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const history = (await t.admin.get(`/api/v1/deals/${deal.id}`)).body.stageHistory;
    expect(history).toHaveLength(5);
    for (let i = 1; i < history.length; i++) expect(history[i].fromStage.id).toBe(history[i - 1].toStage.id);
    const final = (await t.admin.get(`/api/v1/deals/${deal.id}`)).body.stage.id;
    expect(history.at(-1).toStage.id).toBe(final);
  });

  it('a stage is never removed under an open deal that moved into it at the same moment', async () => {
    for (let round = 0; round < 4; round++) {
      const t: TestTenant = await createTenant(server);
      const pipeline = await defaultPipeline(t.admin);
      const target = pipeline.stages[2];
      const deal = await createDeal(t.admin);
      const [move, removal] = await Promise.all([
        t.admin.patch(`/api/v1/deals/${deal.id}`, { stageId: target.id }),
        t.admin.delete(`/api/v1/pipelines/${pipeline.id}/stages/${target.id}`),
      ]);
      const stillThere = (await defaultPipeline(t.admin)).stages.some((s: { id: string }) => s.id === target.id);
      const dealNow = (await t.admin.get(`/api/v1/deals/${deal.id}`)).body;
      if (!stillThere) {
        expect(removal.status).toBe(200);
        expect(move.status).toBe(404); // the stage was gone when the move looked for it
        expect(dealNow.stage.id).not.toBe(target.id);
      } else {
        expect(move.status).toBe(200);
        expect(removal.status).toBe(409);
        expect(dealNow.stage.id).toBe(target.id);
      }
    }
  });

  it('a task completed twice at once records one completion', async () => {
    const t = await createTenant(server);
    const contact = await createContact(t.admin);
    const task = (await t.admin.post('/api/v1/tasks', { title: 'Once', contactId: contact.id })).body;
    const results = await Promise.all([1, 2, 3].map(() => t.admin.post(`/api/v1/tasks/${task.id}/complete`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const timeline = await t.admin.get(`/api/v1/contacts/${contact.id}/timeline`);
    expect(timeline.body.items.filter((i: { kind: string }) => i.kind === 'task_completed')).toHaveLength(1);
  });

  it('changing whether a stage is won closes or reopens the deals in it', async () => {
    const t = await createTenant(server);
    const pipeline = await defaultPipeline(t.admin);
    const negotiation = pipeline.stages.find((s: { name: string }) => s.name === 'Negotiation');
    const deal = await createDeal(t.admin, { stageId: negotiation.id });
    await t.admin.patch(`/api/v1/pipelines/${pipeline.id}/stages/${negotiation.id}`, { isWon: true });
    expect((await t.admin.get(`/api/v1/deals/${deal.id}`)).body).toMatchObject({ status: 'won' });
    await t.admin.patch(`/api/v1/pipelines/${pipeline.id}/stages/${negotiation.id}`, { isWon: false });
    expect((await t.admin.get(`/api/v1/deals/${deal.id}`)).body).toMatchObject({ status: 'open', closedAt: null });
  });
});

describe('input PostgreSQL cannot store', () => {
  it('refuses NUL characters and dates outside 1900-2200 or in the future with 400, not 500', async () => {
    const t = await createTenant(server);
    const nul = await t.admin.post('/api/v1/contacts', { name: 'Evil\u0000Name', tags: ['ok', 'b\u0000d'] });
    expect(nul.status).toBe(400);
    expect(nul.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.name', 'body.tags.1']);
    const email = {
      internetMessageId: '<dates@x.example>',
      from: { email: 'a@b.example' },
    };
    for (const sentAt of ['0000-01-01T00:00:00Z', '2999-01-01T00:00:00Z']) {
      const res = await t.admin.post('/api/v1/timeline/emails', { ...email, sentAt });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe('body.sentAt');
    }
    const deal = await t.admin.post('/api/v1/deals', { name: 'x', currency: 'EUR', expectedCloseDate: '0000-01-01' });
    expect(deal.status).toBe(400);
  });
});
