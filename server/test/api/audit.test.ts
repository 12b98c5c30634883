// The audit log as an admin reads it: who changed settings, logged or unlogged what,
// deleted what (roles.test.ts covers deletions and unlogging), newest first,
// filtered and paged, and exported as CSV that a spreadsheet opens without running
// anything in it.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  createCrmContext,
  recordEmails,
  recordSystemAudit,
  type AuditAction,
} from '../../src/crm/index.ts';
import { scopeToTenant } from '../../src/db/index.ts';
import { createLogger } from '../../src/shared/log.ts';
import { createTenant, defaultPipeline, logEmail, useTestTenant } from '../factories.ts';
import { unique, type ApiClient } from '../harness.ts';

const t = useTestTenant();
const server = t.server;
let tenantId: string;
let member: { api: ApiClient; id: string };
beforeAll(async () => {
  tenantId = (await t.admin.get('/api/v1/me')).body.tenant.id;
  member = await t.member();
});

type AuditEvent = {
  id: string;
  at: string;
  actor: { userId: string | null; label: string };
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: string;
  details: Record<string, unknown> | null;
};

async function events(query = '', api: ApiClient = t.admin): Promise<AuditEvent[]> {
  const res = await api.get(`/api/v1/audit?limit=100${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
}

describe('what the audit log records', () => {
  it('records the settings an admin changes, newest first, with who did it and what changed', async () => {
    const created = await t.admin.post('/api/v1/pipelines', {
      name: 'Partners',
      stages: [
        { name: 'Met', probability: 10 },
        { name: 'Signed', probability: 100, isWon: true },
      ],
    });
    const pipeline = created.body;
    await t.admin.patch(`/api/v1/pipelines/${pipeline.id}`, { name: 'Partner deals' });
    const added = await t.admin.post(`/api/v1/pipelines/${pipeline.id}/stages`, { name: 'Trial', probability: 50 });
    const stageIds = added.body.stages.map((s: { id: string }) => s.id);
    await t.admin.put(`/api/v1/pipelines/${pipeline.id}/stage-order`, { stageIds: [...stageIds].reverse() });
    await t.admin.patch(`/api/v1/pipelines/${pipeline.id}/stages/${stageIds[0]}`, { probability: 15 });
    await t.admin.delete(`/api/v1/pipelines/${pipeline.id}/stages/${stageIds[1]}`);

    const log = (await events()).filter((e) => e.targetId === pipeline.id);
    expect(log.map((e) => e.action)).toEqual([
      'pipeline.stage.removed',
      'pipeline.stage.updated',
      'pipeline.stages.reordered',
      'pipeline.stage.added',
      'pipeline.updated',
      'pipeline.created',
    ]);
    expect(log.every((e) => e.actor.userId === t.adminId && e.actor.label === `admin@${t.domain}`)).toBe(true);
    expect(log.at(-1)).toMatchObject({ targetType: 'pipeline', summary: 'Created pipeline “Partners”' });
    expect(log.find((e) => e.action === 'pipeline.updated')?.details).toMatchObject({
      before: { name: 'Partners' },
      changes: { name: 'Partner deals' },
    });
    expect(log.find((e) => e.action === 'pipeline.stages.reordered')?.details).toEqual({
      before: ['Met', 'Signed', 'Trial'],
      after: ['Trial', 'Signed', 'Met'],
    });
    const times = log.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("records the organisation's own settings, the sync's, and each user's sync switch by whoever flipped it", async () => {
    const renamed = await t.admin.patch('/api/v1/tenant', {
      name: 'Contoso Ltd',
      domains: [t.domain, 'contoso.example'],
    });
    expect(renamed.status).toBe(200);
    const settings = { bodyStorage: 'none', skipBulk: true, blocked: ['rival.example'] };
    expect((await t.admin.put('/api/v1/sync/settings', settings)).status).toBe(200);
    expect((await member.api.put('/api/v1/me/sync', { enabled: false })).status).toBe(200);
    expect((await member.api.put('/api/v1/me/sync', { enabled: false })).status).toBe(200); // no change: no event
    expect((await t.admin.patch(`/api/v1/users/${member.id}`, { syncEnabled: true })).status).toBe(200);

    const [tenant] = await events('&action=settings.tenant.updated');
    expect(tenant).toMatchObject({
      targetType: 'tenant',
      targetId: tenantId,
      details: { name: { to: 'Contoso Ltd' }, domains: { added: [t.domain, 'contoso.example'], removed: [] } },
    });
    const [sync] = await events('&action=settings.sync.updated');
    expect(sync?.details).toMatchObject({ before: { bodyStorage: 'preview' }, after: settings });
    const switches = await events(`&q=${encodeURIComponent('mail sync of')}`);
    expect(switches.map((e) => [e.action, e.actor.userId])).toEqual([
      ['user.sync.enabled', t.adminId],
      ['user.sync.disabled', member.id],
    ]);
  });

  it('records a manual Log once, without the mail itself, and nothing for what the sync captures', async () => {
    const messageId = `<${unique('logged')}@mail.example>`;
    const body = { internetMessageId: messageId, subject: 'Q3 terms', preview: 'Confidential: the discount is 40%' };
    expect((await logEmail(member.api, body)).status).toBe(201);
    expect((await logEmail(member.api, body)).status).toBe(200);
    expect((await logEmail(t.admin, body)).status).toBe(200);
    const logged = (await events('&action=email.logged')).filter((e) => e.details?.internetMessageId === messageId);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      actor: { userId: member.id },
      targetType: 'email',
      summary: 'Logged email “Q3 terms”',
    });
    expect(JSON.stringify(await events())).not.toContain('Confidential');

    const sync = createCrmContext({
      db: scopeToTenant(server.db.system, tenantId),
      actor: { kind: 'mailbox-sync', mailbox: `admin@${t.domain}`, mailboxUserId: t.adminId },
      log: createLogger('silent'),
    });
    const before = (await events('&action=email.logged')).length;
    const [captured] = await recordEmails(sync, [
      {
        internetMessageId: `<${unique('synced')}@mail.example>`,
        sentAt: new Date(),
        from: { email: 'someone@customer.example' },
        to: [{ email: `admin@${t.domain}` }],
      },
    ]);
    expect(captured?.outcome).toBe('created');
    expect(await events('&action=email.logged')).toHaveLength(before);
  });

  it('names every action it records in AUDIT_ACTIONS, the list the console localizes', async () => {
    const recorded = new Set((await events()).map((e) => e.action));
    for (const action of recorded) expect(AUDIT_ACTIONS).toContain(action);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^[a-z-]+(\.[a-z-]+)+$/);
  });
});

describe('reading the audit log', () => {
  const other = { tenant: undefined as Awaited<ReturnType<typeof createTenant>> | undefined };
  beforeAll(async () => {
    other.tenant = await createTenant(server);
    const pipeline = await defaultPipeline(other.tenant.admin);
    // Seven renames, to page through.
    for (let i = 1; i <= 7; i++) {
      expect((await other.tenant.admin.patch(`/api/v1/pipelines/${pipeline.id}`, { name: `Sales ${i}` })).status).toBe(
        200,
      );
    }
    await other.tenant.admin.put('/api/v1/sync/settings', { bodyStorage: 'full', skipBulk: false, blocked: [] });
  });

  it('pages newest first with a cursor, without repeating or skipping an event', async () => {
    const api = other.tenant!.admin;
    const all = await events('', api);
    expect(all).toHaveLength(8);
    const seen: AuditEvent[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: AuditEvent[]; nextCursor: string | null } } = await api.get(
        `/api/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(all[0]?.action).toBe('settings.sync.updated');
    expect(all.slice(1).map((e) => e.details?.changes)).toEqual(
      [7, 6, 5, 4, 3, 2, 1].map((i) => ({ name: `Sales ${i}` })),
    );
  });

  it('filters by action, actor, time and text, together', async () => {
    const api = other.tenant!.admin;
    const all = await events('', api);
    expect(await events('&action=pipeline.updated', api)).toHaveLength(7);
    expect(await events(`&actorUserId=${other.tenant!.adminId}`, api)).toHaveLength(8);
    expect(await events(`&actorUserId=${t.adminId}`, api)).toEqual([]);
    // from is inclusive, to exclusive.
    const third = all[2]!;
    const from = await events(`&from=${encodeURIComponent(third.at)}`, api);
    expect(from.map((e) => e.id)).toEqual(all.filter((e) => e.at >= third.at).map((e) => e.id));
    const to = await events(`&to=${encodeURIComponent(third.at)}`, api);
    expect(to.map((e) => e.id)).toEqual(all.filter((e) => e.at < third.at).map((e) => e.id));
    expect(await events(`&q=${encodeURIComponent('MAIL SYNC')}`, api)).toHaveLength(1);
    expect(await events(`&q=${encodeURIComponent('100%')}`, api)).toEqual([]);
    expect(await events(`&q=${other.tenant!.slug}&action=settings.sync.updated`, api)).toHaveLength(1);
  });

  it.each([
    ['an unknown action', 'action=deal.stolen', 'query.action'],
    ['an actor that is not an id', 'actorUserId=alice', 'query.actorUserId'],
    ['a time without an offset', 'from=2026-11-30', 'query.from'],
    ['a limit over 100', 'limit=1000', 'query.limit'],
    ["another list's cursor", 'cursor=WyJkZWFscyIsIjAxOTBhMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMCJd', 'cursor'],
  ])('refuses %s with 400 naming the field', async (_name, query, path) => {
    const res = await t.admin.get(`/api/v1/audit?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('exporting the audit log', () => {
  it('downloads the filtered log as CSV named for the tenant and the day, spreadsheet formulas defused', async () => {
    const tenant = await createTenant(server);
    const id = (await tenant.admin.get('/api/v1/me')).body.tenant.id as string;
    const pipeline = await defaultPipeline(tenant.admin);
    // Addresses may start with = + or -: a spreadsheet would run such a cell as a formula.
    for (const local of ['=1+2', '+cmd', '-2+3']) {
      const admin = await server.as(tenant.slug, `${local}@${tenant.domain}`, 'admin');
      expect((await admin.patch(`/api/v1/pipelines/${pipeline.id}`, { name: `By ${local}` })).status).toBe(200);
    }
    const system = (action: AuditAction, actorLabel: string, summary: string) =>
      recordSystemAudit(server.db.system, id, { action, actorLabel, summary });
    await system('consent.granted', '@SUM(A1)', 'Consented, "quoted", with a comma');
    await system('consent.failed', 'Entra', '\tcmd');
    await system('sync-consent.granted', 'Entra', '\rcmd');

    const res = await tenant.admin.get('/api/v1/audit/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const date = new Date().toISOString().slice(0, 10);
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="?audit-${tenant.slug}-${date}\\.csv"?$`),
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csv = res.body as string;
    expect(csv.startsWith('\uFEFF')).toBe(false); // fetch's text() drops the BOM…
    const raw = await fetch(`${tenant.admin.base}/api/v1/audit/export`, {
      headers: { authorization: `Bearer ${tenant.admin.token}` },
    });
    expect(new Uint8Array(await raw.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf])); // …which is there
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('at,actor,action,target type,target id,summary');
    expect(lines).toHaveLength(1 + 6 + 1); // header, six events, the final line break
    expect(lines.at(-1)).toBe('');
    // Newest first: the system events, then the renames.
    expect(lines[3]).toMatch(/^[^,]+,'@SUM\(A1\),consent\.granted,,,"Consented, ""quoted"", with a comma"$/);
    expect(lines[2]).toMatch(/,Entra,consent\.failed,,,'\tcmd$/);
    expect(lines[1]).toMatch(/,Entra,sync-consent\.granted,,,"'\rcmd"$/);
    for (const [line, local] of [
      [lines[4], '-2+3'],
      [lines[5], '+cmd'],
      [lines[6], '=1+2'],
    ] as const) {
      expect(line).toContain(`,'${local}@${tenant.domain},pipeline.updated,pipeline,${pipeline.id},`);
    }

    const filtered = await tenant.admin.get('/api/v1/audit/export?action=consent.failed');
    expect((filtered.body as string).split('\r\n')).toHaveLength(3);
    const bad = await tenant.admin.get('/api/v1/audit/export?action=nope');
    expect(bad.status).toBe(400);
  });

  it('refuses an export of more events than it holds, and says to narrow it', async () => {
    const tenant = await createTenant(server);
    const id = (await tenant.admin.get('/api/v1/me')).body.tenant.id as string;
    // In slices, letting the event loop turn between them: PGlite runs in this process, and a
    // long stretch without I/O would have the server drop the client's idle keep-alive socket
    // just as the client reuses it.
    for (let first = 1; first <= 50_001; first += 5_000) {
      await new Promise((resolve) => setImmediate(resolve));
      await server.db.system.$executeRaw`
        INSERT INTO "AuditEvent" ("tenantId", "id", "actorLabel", "action", "summary", "at")
        SELECT ${id}::uuid, gen_random_uuid(), 'bulk', 'pipeline.updated', 'Bulk ' || n,
          '2026-01-01T00:00:00Z'::timestamptz + n * interval '1 second'
        FROM generate_series(${first}::int, LEAST(${first + 4_999}::int, 50001)) AS n`;
    }
    const res = await tenant.admin.get('/api/v1/audit/export');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'EXPORT_TOO_LARGE', errors: [{ path: 'query.from' }] });
    const narrowed = await tenant.admin.get(`/api/v1/audit/export?to=${encodeURIComponent('2026-01-01T00:00:11Z')}`);
    expect(narrowed.status).toBe(200);
    expect((narrowed.body as string).split('\r\n')).toHaveLength(1 + 10 + 1);
  });
});
