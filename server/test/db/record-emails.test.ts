// recordEmails, the write path of the mail sync (a page of messages at a time) and,
// as a batch of one, of the add-in's "Log email": outcomes, rows, statements per
// batch, concurrent writers, the afterWrite hook and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmContext, provisionTenant, type CrmContext } from '../../src/crm/index.ts';
import { createCompany } from '../../src/crm/companies/index.ts';
import { createContact } from '../../src/crm/contacts/index.ts';
import { createDeal } from '../../src/crm/deals/index.ts';
import { recordEmail, recordEmails, type EmailToRecord } from '../../src/crm/timeline/index.ts';
import { scopeToTenant, type Database } from '../../src/db/index.ts';
import { createLogger } from '../../src/shared/log.ts';
import { openTestDatabase, unique } from '../harness.ts';

const NOW = new Date('2026-11-29T10:00:00Z');
const log = createLogger('silent');

let db: Database;
/** Statements sent while `counting` is set. */
let statements: string[] | null = null;

type Tenant = Awaited<ReturnType<typeof setUpTenant>>;

async function setUpTenant(name: string) {
  const slug = unique(name);
  const domain = `${slug}.example`;
  const tenant = await provisionTenant(db.system, { slug, name, domains: [domain] });
  const owner = await db.system.user.create({
    data: { tenantId: tenant.id, email: `owner@${domain}`, displayName: 'Owner', role: 'admin' },
  });
  const user = createCrmContext({
    db: scopeToTenant(db.system, tenant.id),
    actor: { kind: 'user', userId: owner.id, email: owner.email, role: 'admin' },
    log,
    clock: { now: () => NOW },
  });
  /** The sync of one mailbox: its own context, as a job builds it from its payload. */
  const sync = (mailbox: string): CrmContext =>
    createCrmContext({
      db: scopeToTenant(db.system, tenant.id),
      actor: { kind: 'mailbox-sync', mailbox, mailboxUserId: null },
      log,
      clock: { now: () => NOW },
    });
  const fabrikamDomain = `fab-${slug}.example`;
  const fabrikam = await createCompany(user, { name: 'Fabrikam', domains: [fabrikamDomain] });
  const nino = await createContact(user, { name: 'Nino', emails: [`nino@${fabrikamDomain}`], tags: [] });
  const misha = await createContact(user, { name: 'Misha', emails: [`misha@free-${slug}.example`], tags: [] });
  const deal = await createDeal(user, {
    name: 'Renewal',
    value: '0',
    currency: 'EUR',
    companyId: fabrikam.id,
    contactIds: [],
  });
  const ninoAddress = nino.emails[0] ?? '';
  const mishaAddress = misha.emails[0] ?? '';
  return {
    id: tenant.id,
    slug,
    domain,
    owner,
    user,
    sync,
    fabrikam,
    fabrikamDomain,
    nino,
    misha,
    deal,
    ninoAddress,
    mishaAddress,
  };
}

let t: Tenant;
beforeAll(async () => {
  db = await openTestDatabase({ onStatement: (sql) => statements?.push(sql) });
  t = await setUpTenant('batch');
});
afterAll(() => db.close());

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute));
const email = (over: Partial<EmailToRecord> & { internetMessageId: string }): EmailToRecord => ({
  subject: 'Hello',
  sentAt: at(0),
  from: { email: 'someone@unknown.example' },
  ...over,
});

/** A parent already on the timeline, linked to Misha and to the deal (and so to Fabrikam). */
async function logParent(tenant: Tenant) {
  const parent = await recordEmail(tenant.user, {
    internetMessageId: `<${unique('parent')}@mail.example>`,
    subject: 'Proposal',
    sentAt: at(0),
    from: { email: tenant.mishaAddress },
    to: [{ email: tenant.owner.email }],
    dealId: tenant.deal.id,
  });
  expect(parent.item).toMatchObject({ contactIds: [tenant.misha.id], dealIds: [tenant.deal.id] });
  return parent.item;
}

/** Until a session waits for a lock to insert timeline items: the second writer, blocked on the first's rows. */
async function waitForLockWaiter() {
  for (let tries = 0; tries < 200; tries++) {
    const [row] = await db.system.$queryRaw<{ waiting: number }[]>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'
        AND query LIKE '%INSERT INTO "TimelineItem"%'`;
    if (row && row.waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the second writer never waited for the first');
}

async function itemsOf(tenantId: string, ids: string[]) {
  return db.system.timelineItem.findMany({
    where: { tenantId, internetMessageId: { in: ids } },
    include: { participants: true, contacts: true, companies: true, deals: true },
  });
}

describe('recordEmails', () => {
  it('writes a mixed page of 200 messages: what matches, what continues a logged thread, once per message', async () => {
    const parent = await logParent(t);
    const tag = unique('page');
    const id = (i: number) => `<${tag}-${i}@mail.example>`;
    const emails: EmailToRecord[] = [];
    for (let i = 0; i < 50; i++)
      emails.push(email({ internetMessageId: id(i), from: { email: t.ninoAddress }, sentAt: at(i) }));
    for (let i = 50; i < 100; i++) {
      emails.push(email({ internetMessageId: id(i), from: { email: `person${i}@${t.fabrikamDomain.toUpperCase()}` } }));
    }
    for (let i = 100; i < 140; i++)
      emails.push(email({ internetMessageId: id(i), from: { email: `x${i}@unknown.example` } }));
    for (let i = 140; i < 160; i++) {
      emails.push(
        email({ internetMessageId: id(i), from: { email: t.owner.email }, to: [{ email: `b@${t.domain}` }] }),
      );
    }
    // The same messages again, as a second folder or mailbox of the page would have them.
    for (let i = 160; i < 180; i++)
      emails.push(email({ internetMessageId: id(i - 160), from: { email: t.ninoAddress } }));
    // Replies from strangers in the thread of the logged parent.
    for (let i = 180; i < 190; i++) {
      emails.push(
        email({
          internetMessageId: id(i),
          from: { email: `x${i}@unknown.example` },
          inReplyTo: parent.email.internetMessageId,
          references: [parent.email.internetMessageId],
          sentAt: at(30),
        }),
      );
    }
    emails.push(email({ internetMessageId: parent.email.internetMessageId, from: { email: 'x@unknown.example' } }));
    for (let i = 191; i < 199; i++) {
      emails.push(
        email({
          internetMessageId: id(i),
          cc: [{ email: t.mishaAddress }],
          body: `Line one\n\tline two\u0000 of ${i}`,
          sentAt: at(40),
        }),
      );
    }
    emails.push(email({ internetMessageId: 'not a message id', from: { email: t.ninoAddress } }));
    expect(emails).toHaveLength(200);

    const results = await recordEmails(t.sync('sales@mailbox'), emails, { onlyRelevant: true });

    expect(results.map((r) => r.index)).toEqual(emails.map((_, i) => i));
    const outcomes = (from: number, to: number) => new Set(results.slice(from, to).map((r) => r.outcome));
    expect(outcomes(0, 100)).toEqual(new Set(['created']));
    expect(outcomes(100, 160)).toEqual(new Set(['skipped']));
    expect(outcomes(160, 180)).toEqual(new Set(['existing']));
    expect(outcomes(180, 190)).toEqual(new Set(['created']));
    expect(results[190]).toMatchObject({ outcome: 'existing', itemId: parent.id });
    expect(outcomes(191, 199)).toEqual(new Set(['created']));
    expect(results[199]).toMatchObject({ outcome: 'rejected', itemId: null, reason: expect.any(String) });
    expect(results[100]).toMatchObject({ itemId: null, reason: expect.any(String) });
    for (let i = 160; i < 180; i++) expect(results[i]?.itemId).toBe(results[i - 160]?.itemId);

    const items = await itemsOf(
      t.id,
      emails.map((e) => e.internetMessageId),
    );
    expect(items).toHaveLength(50 + 50 + 10 + 8 + 1);
    const byId = new Map(items.map((item) => [item.internetMessageId, item]));
    const links = (i: number) => {
      const item = byId.get(id(i));
      return {
        contacts: item?.contacts.map((l) => l.contactId),
        companies: item?.companies.map((l) => l.companyId),
        deals: item?.deals.map((l) => l.dealId),
      };
    };
    expect(links(0)).toEqual({ contacts: [t.nino.id], companies: [t.fabrikam.id], deals: [] });
    expect(byId.get(id(0))?.participants).toHaveLength(1); // merged, not written twice
    expect(byId.get(id(0))).toMatchObject({ loggedVia: 'sync', loggedById: null, loggedAt: NOW, direction: 'inbound' });
    expect(links(50)).toEqual({ contacts: [], companies: [t.fabrikam.id], deals: [] });
    expect(links(185)).toEqual({ contacts: [t.misha.id], companies: [t.fabrikam.id], deals: [t.deal.id] });
    expect(links(195)).toEqual({ contacts: [t.misha.id], companies: [], deals: [] });
    expect(byId.get(id(195))?.body).toBe('Line one\n\tline two of 195');
    expect(byId.get(id(100))).toBeUndefined();
    expect(byId.get(id(140))).toBeUndefined();

    const dealLinks = await db.system.timelineDealLink.count({ where: { tenantId: t.id, dealId: t.deal.id } });
    expect(dealLinks).toBe(11); // the parent and its ten replies
    const contacts = await db.system.contact.findMany({
      where: { tenantId: t.id, id: { in: [t.nino.id, t.misha.id] } },
      select: { id: true, lastContactedAt: true },
    });
    expect(new Map(contacts.map((c) => [c.id, c.lastContactedAt]))).toEqual(
      new Map([
        [t.nino.id, at(49)],
        [t.misha.id, at(40)],
      ]),
    );
  });

  it('runs as many statements for 200 emails as for 10', async () => {
    const parent = await logParent(t);
    const batch = (n: number) => {
      const tag = unique('count');
      return Array.from({ length: n }, (_, i) => {
        const internetMessageId = `<${tag}-${i}@mail.example>`;
        switch (i % 6) {
          case 0:
            return email({ internetMessageId, from: { email: t.ninoAddress }, sentAt: at(i % 60) });
          case 1:
            return email({ internetMessageId, from: { email: `p${i}@${t.fabrikamDomain}` } });
          case 2:
            return email({ internetMessageId, references: [parent.email.internetMessageId] });
          case 3:
            return email({ internetMessageId, contactIds: [t.misha.id], dealId: t.deal.id });
          case 4:
            return email({ internetMessageId: parent.email.internetMessageId });
          default:
            return email({ internetMessageId, to: [{ email: `q${i}@unknown.example` }], body: 'Text' });
        }
      });
    };
    const count = async (emails: EmailToRecord[]) => {
      statements = [];
      try {
        await recordEmails(t.user, emails);
        // Transaction control is the adapter's business: pg sends COMMIT as a statement, PGlite does not.
        return statements.filter((sql) => !/^\s*(BEGIN|COMMIT|ROLLBACK)\b/i.test(sql));
      } finally {
        statements = null;
      }
    };
    const ten = await count(batch(10));
    const twoHundred = await count(batch(200));
    expect(twoHundred.length).toBe(ten.length);
    // Tenant, addresses, domains, contacts, deals, logged items, thread parents; items,
    // participants, three kinds of links, lastContactedAt. (The re-read of items a
    // concurrent writer inserted first is the 14th, only when that happens.)
    expect(ten.length).toBe(13);
  });

  it('two mailboxes syncing overlapping messages at once write one item per message, without an error', async () => {
    for (let round = 0; round < 3; round++) {
      const tag = unique('race');
      const id = (i: number) => `<${tag}-${i}@mail.example>`;
      const page = (from: number, to: number) =>
        Array.from({ length: to - from }, (_, k) =>
          email({
            internetMessageId: id(from + k),
            from: { email: t.ninoAddress },
            to: [{ email: `x${k}@y.example` }],
          }),
        );
      const first = page(0, 60);
      const second = page(20, 80).reverse();
      const [a, b] = await Promise.all([
        recordEmails(t.sync('a@mailbox'), first, { onlyRelevant: true }),
        recordEmails(t.sync('b@mailbox'), second, { onlyRelevant: true }),
      ]);
      const items = await itemsOf(
        t.id,
        Array.from({ length: 80 }, (_, i) => id(i)),
      );
      expect(items).toHaveLength(80);
      const itemOf = new Map(items.map((item) => [item.internetMessageId, item.id]));
      for (const r of [...a, ...b]) expect(r.itemId).toBe(itemOf.get(r.internetMessageId));
      const created = [...a, ...b].filter((r) => r.outcome === 'created').map((r) => r.internetMessageId);
      expect(created.toSorted()).toEqual([...itemOf.keys()].toSorted());
      for (const item of items) {
        expect(item.participants).toHaveLength(2);
        expect(item.contacts.map((l) => l.contactId)).toEqual([t.nino.id]);
      }
    }
  });

  it('takes the item a concurrent writer inserted while this batch was writing, instead of failing', async ({
    skip,
  }) => {
    // Only PostgreSQL runs two transactions at once; PGlite runs them one after the other.
    if (db.kind !== 'postgres') skip();
    const tag = unique('blocked');
    const id = (i: number) => `<${tag}-${i}@mail.example>`;
    const page = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) =>
        email({ internetMessageId: id(from + k), from: { email: t.ninoAddress } }),
      );
    let startSecond = () => {};
    const firstWrote = new Promise<void>((resolve) => (startSecond = resolve));
    const first = recordEmails(t.sync('a@mailbox'), page(0, 10), {
      // Commit only once the second batch waits on our uncommitted rows.
      afterWrite: async () => {
        startSecond();
        await waitForLockWaiter();
      },
    });
    await firstWrote;
    const second = await recordEmails(t.sync('b@mailbox'), page(5, 15), { onlyRelevant: true });
    const firstResults = await first;
    expect(firstResults.map((r) => r.outcome)).toEqual(Array(10).fill('created'));
    expect(second.map((r) => r.outcome)).toEqual([...Array(5).fill('existing'), ...Array(5).fill('created')]);
    expect(second.slice(0, 5).map((r) => r.itemId)).toEqual(firstResults.slice(5).map((r) => r.itemId));
    const items = await itemsOf(
      t.id,
      Array.from({ length: 15 }, (_, i) => id(i)),
    );
    expect(items).toHaveLength(15);
    for (const item of items) expect(item.participants).toHaveLength(1);
  });

  it('persists nothing of the batch when afterWrite throws, after showing it the written items', async () => {
    const before = await db.system.contact.findFirstOrThrow({ where: { tenantId: t.id, id: t.misha.id } });
    const ids = [`<${unique('undo')}@mail.example>`, `<${unique('undo')}@mail.example>`];
    let seen: unknown[] = [];
    await expect(
      recordEmails(
        t.sync('c@mailbox'),
        ids.map((internetMessageId) =>
          email({ internetMessageId, from: { email: t.mishaAddress }, sentAt: new Date('2026-11-28T00:00:00Z') }),
        ),
        {
          afterWrite: async (tx, results) => {
            seen = await tx.timelineItem.findMany({
              where: { id: { in: results.map((r) => r.itemId ?? '') } },
              select: { id: true },
            });
            throw new Error('the delta cursor could not be saved');
          },
        },
      ),
    ).rejects.toThrow('the delta cursor could not be saved');
    expect(seen).toHaveLength(2);
    expect(await itemsOf(t.id, ids)).toEqual([]);
    const after = await db.system.contact.findFirstOrThrow({ where: { tenantId: t.id, id: t.misha.id } });
    expect(after.lastContactedAt).toEqual(before.lastContactedAt);
  });

  it('in sync mode skips what concerns nobody the tenant knows, and a manual log keeps it', async () => {
    const stranger = email({ internetMessageId: `<${unique('stranger')}@mail.example>` });
    const [skipped] = await recordEmails(t.sync('d@mailbox'), [stranger], { onlyRelevant: true });
    expect(skipped).toMatchObject({ outcome: 'skipped', itemId: null });
    expect(await itemsOf(t.id, [stranger.internetMessageId])).toEqual([]);
    const [kept] = await recordEmails(t.user, [stranger]);
    expect(kept).toMatchObject({ outcome: 'created', itemId: expect.any(String) });
    const [again] = await recordEmails(t.sync('d@mailbox'), [stranger], { onlyRelevant: true });
    expect(again).toMatchObject({ outcome: 'existing', itemId: kept?.itemId });
    const [item] = await itemsOf(t.id, [stranger.internetMessageId]);
    expect(item).toMatchObject({ loggedVia: 'manual', loggedById: t.owner.id });
  });

  it("never matches, links or continues another tenant's contacts, companies or items", async () => {
    const other = await setUpTenant('other');
    const theirParent = await logParent(other);
    const shared = email({
      internetMessageId: theirParent.email.internetMessageId,
      from: { email: other.ninoAddress },
      to: [{ email: `someone@${other.fabrikamDomain}` }],
    });
    const reply = email({
      internetMessageId: `<${unique('reply')}@mail.example>`,
      inReplyTo: theirParent.email.internetMessageId,
    });
    const skipped = await recordEmails(t.sync('e@mailbox'), [shared, reply], { onlyRelevant: true });
    expect(skipped.map((r) => r.outcome)).toEqual(['skipped', 'skipped']);

    const logged = await recordEmails(t.user, [shared, reply]);
    expect(logged.map((r) => r.outcome)).toEqual(['created', 'created']);
    expect(logged[0]?.itemId).not.toBe(theirParent.id);
    const mine = await itemsOf(t.id, [shared.internetMessageId, reply.internetMessageId]);
    expect(mine.map((item) => [item.contacts, item.companies, item.deals])).toEqual([
      [[], [], []],
      [[], [], []],
    ]);
    const theirs = await itemsOf(other.id, [shared.internetMessageId]);
    expect(theirs.map((item) => item.id)).toEqual([theirParent.id]);
  });
});
