// The deals board (GET /pipelines/:id/board) against counts and totals worked out by
// hand, the column cursors through GET /deals, and the refusal of a stale move.
import { beforeAll, describe, expect, it } from 'vitest';
import { createDeal, createTenant, useTestTenant } from '../factories.ts';
import type { ApiClient } from '../harness.ts';

const t = useTestTenant();
let member: { api: ApiClient; id: string };
let pipeline: { id: string; stages: { id: string; name: string }[] };
let deals: Record<string, { id: string }>;

const stageId = (name: string) => pipeline.stages.find((s) => s.name === name)!.id;

/** name → [count, totals] for each column, in column order. */
const summary = (board: any) =>
  board.columns.map((c: any) => [
    c.stage.name,
    c.count,
    c.totals.map((m: any) => `${m.amount} ${m.currency}`),
    c.deals.map((d: any) => d.name),
  ]);

beforeAll(async () => {
  member = await t.member();
  const created = await t.admin.post('/api/v1/pipelines', {
    name: 'Board test',
    stages: [
      { name: 'Intro', probability: 10 },
      { name: 'Demo', probability: 50 },
      { name: 'Won', probability: 100, isWon: true },
      { name: 'Lost', probability: 0, isLost: true },
    ],
  });
  expect(created.status).toBe(201);
  pipeline = created.body;
  const at = (stage: string) => ({ pipelineId: pipeline.id, stageId: stageId(stage) });
  // Created in this order, so most recently changed first is the reverse within a stage.
  deals = {
    a: await createDeal(t.admin, { name: 'A', value: '1000.50', currency: 'EUR', ...at('Intro') }),
    b: await createDeal(t.admin, { name: 'B', value: '250', currency: 'SEK', ...at('Intro') }),
    c: await createDeal(member.api, { name: 'C', value: '99.50', currency: 'EUR', ...at('Intro') }),
    d: await createDeal(member.api, { name: 'D', value: '5000', currency: 'USD', ...at('Demo') }),
    e: await createDeal(t.admin, { name: 'E', value: '0', currency: 'EUR', ...at('Demo') }),
    f: await createDeal(t.admin, { name: 'F', value: '700', currency: 'EUR', ...at('Won') }),
    g: await createDeal(member.api, { name: 'G', value: '300', currency: 'EUR', ...at('Lost') }),
  };
  // A deal of the default pipeline: never on this board.
  await createDeal(t.admin, { name: 'Elsewhere', value: '123', currency: 'EUR' });
});

describe('GET /pipelines/:id/board', () => {
  it("counts and totals each stage's open deals per currency, in the pipeline's order", async () => {
    const res = await t.admin.get(`/api/v1/pipelines/${pipeline.id}/board`);
    expect(res.status).toBe(200);
    expect(res.body.pipeline).toEqual({ id: pipeline.id, name: 'Board test' });
    expect(summary(res.body)).toEqual([
      ['Intro', 3, ['1100.00 EUR', '250.00 SEK'], ['C', 'B', 'A']],
      ['Demo', 2, ['5000.00 USD', '0.00 EUR'], ['E', 'D']],
      ['Won', 0, [], []],
      ['Lost', 0, [], []],
    ]);
    expect(res.body.columns[2].stage).toMatchObject({ name: 'Won', isWon: true, isLost: false, position: 3 });
    expect(res.body.columns.every((c: any) => c.nextCursor === null)).toBe(true);
    expect(res.body.columns[0].deals[0]).toMatchObject({ id: deals.c!.id, owner: { id: member.id }, value: '99.50' });
  });

  it('filters by owner, by id or as `me`', async () => {
    const expected = [
      ['Intro', 1, ['99.50 EUR'], ['C']],
      ['Demo', 1, ['5000.00 USD'], ['D']],
      ['Won', 0, [], []],
      ['Lost', 0, [], []],
    ];
    const byId = await t.admin.get(`/api/v1/pipelines/${pipeline.id}/board?ownerId=${member.id}`);
    expect(summary(byId.body)).toEqual(expected);
    const mine = await member.api.get(`/api/v1/pipelines/${pipeline.id}/board?ownerId=me`);
    expect(summary(mine.body)).toEqual(expected);
  });

  it('shows won and lost deals only when asked', async () => {
    const all = await t.admin.get(`/api/v1/pipelines/${pipeline.id}/board?status=all`);
    expect(summary(all.body).map((c: any) => [c[0], c[1], c[2]])).toEqual([
      ['Intro', 3, ['1100.00 EUR', '250.00 SEK']],
      ['Demo', 2, ['5000.00 USD', '0.00 EUR']],
      ['Won', 1, ['700.00 EUR']],
      ['Lost', 1, ['300.00 EUR']],
    ]);
    const lost = await t.admin.get(`/api/v1/pipelines/${pipeline.id}/board?status=lost&ownerId=me`);
    expect(summary(lost.body).map((c: any) => c[1])).toEqual([0, 0, 0, 0]);
    const lostOfMember = await member.api.get(`/api/v1/pipelines/${pipeline.id}/board?status=lost&ownerId=me`);
    expect(summary(lostOfMember.body).map((c: any) => c[1])).toEqual([0, 0, 0, 1]);
  });

  it("pages a column: the board's cursor continues in GET /deals in the same order", async () => {
    const board = await t.admin.get(`/api/v1/pipelines/${pipeline.id}/board?limit=2`);
    const intro = board.body.columns[0];
    expect(intro.count).toBe(3);
    expect(intro.deals.map((d: any) => d.name)).toEqual(['C', 'B']);
    expect(intro.nextCursor).toEqual(expect.any(String));
    expect(board.body.columns[1].nextCursor).toBeNull();
    const more = await t.admin.get(
      `/api/v1/deals?pipelineId=${pipeline.id}&stageId=${stageId('Intro')}&status=open&sort=updated&limit=2&cursor=${intro.nextCursor}`,
    );
    expect(more.status).toBe(200);
    expect(more.body.items.map((d: any) => d.name)).toEqual(['A']);
    expect(more.body.nextCursor).toBeNull();
    // A cursor of the board is not one of the newest-first list.
    const wrongList = await t.admin.get(`/api/v1/deals?stageId=${stageId('Intro')}&cursor=${intro.nextCursor}`);
    expect(wrongList.status).toBe(400);
    expect(wrongList.body.code).toBe('INVALID_CURSOR');
  });

  it('refuses bad filters with their paths, and another tenant gets 404', async () => {
    const bad = await t.admin.get(`/api/v1/pipelines/${pipeline.id}/board?ownerId=someone&status=closed&limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['query.limit', 'query.ownerId', 'query.status']);
    const other = await createTenant(t.server);
    const res = await other.admin.get(`/api/v1/pipelines/${pipeline.id}/board`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('PIPELINE_NOT_FOUND');
    expect(JSON.stringify(res.body)).not.toContain('Board test');
  });
});

describe('moving a deal on the board', () => {
  it('puts the moved deal first in its new column and updates both columns', async () => {
    const tenant = await createTenant(t.server);
    const own = (
      await tenant.admin.post('/api/v1/pipelines', {
        name: 'Moves',
        stages: [
          { name: 'One', probability: 10 },
          { name: 'Two', probability: 50 },
        ],
      })
    ).body;
    const [one, two] = own.stages.map((s: any) => s.id);
    const x = await createDeal(tenant.admin, { name: 'X', value: '10', pipelineId: own.id, stageId: one });
    await createDeal(tenant.admin, { name: 'Y', value: '20', pipelineId: own.id, stageId: two });
    const moved = await tenant.admin.patch(`/api/v1/deals/${x.id}`, { stageId: two, fromStageId: one });
    expect(moved.status).toBe(200);
    const board = await tenant.admin.get(`/api/v1/pipelines/${own.id}/board`);
    expect(summary(board.body)).toEqual([
      ['One', 0, [], []],
      ['Two', 2, ['30.00 EUR'], ['X', 'Y']],
    ]);
  });

  it('refuses a move from a stage the deal has already left (someone else moved it), changing nothing', async () => {
    const deal = await createDeal(t.admin, { name: 'Contested', pipelineId: pipeline.id, stageId: stageId('Intro') });
    const first = await t.admin.patch(`/api/v1/deals/${deal.id}`, {
      stageId: stageId('Demo'),
      fromStageId: stageId('Intro'),
    });
    expect(first.status).toBe(200);
    const second = await member.api.patch(`/api/v1/deals/${deal.id}`, {
      stageId: stageId('Won'),
      fromStageId: stageId('Intro'),
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'DEAL_STAGE_CHANGED' });
    expect(second.body.errors).toEqual([{ path: 'fromStageId', message: 'the deal is now in “Demo”' }]);
    const read = await t.admin.get(`/api/v1/deals/${deal.id}`);
    expect(read.body.stage.name).toBe('Demo');
    expect(read.body.stageHistory).toHaveLength(2);
    await t.admin.delete(`/api/v1/deals/${deal.id}`);
  });
});
