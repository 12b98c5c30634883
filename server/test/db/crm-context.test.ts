// The CRM services run without HTTP: the mail sync builds a context from a job's
// payload and calls the same recordEmail as the add-in's "Log".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmContext, provisionTenant, type CrmContext } from '../../src/crm/index.ts';
import { createContact } from '../../src/crm/contacts/index.ts';
import { getEmailStatus, recordEmail } from '../../src/crm/timeline/index.ts';
import { createTask } from '../../src/crm/tasks/index.ts';
import { scopeToTenant, type Database } from '../../src/db/index.ts';
import { createLogger } from '../../src/shared/log.ts';
import { openTestDatabase, unique } from '../harness.ts';

let db: Database;
let user: CrmContext;
let sync: CrmContext;
const NOW = new Date('2026-11-29T10:00:00Z');
beforeAll(async () => {
  db = await openTestDatabase();
  const slug = unique('ctx');
  const tenant = await provisionTenant(db.system, { slug, name: 'Ctx', domains: [`${slug}.example`] });
  const owner = await db.system.user.create({
    data: { tenantId: tenant.id, email: `owner@${slug}.example`, displayName: 'Owner', role: 'member' },
  });
  const log = createLogger('silent');
  const scoped = scopeToTenant(db.system, tenant.id);
  user = createCrmContext({
    db: scoped,
    actor: { kind: 'user', userId: owner.id, email: owner.email, role: 'member' },
    log,
    clock: { now: () => NOW },
  });
  // What a sync job does with its payload ({ tenantId, mailbox }).
  const payload = { tenantId: tenant.id, mailbox: owner.email, mailboxUserId: owner.id };
  sync = createCrmContext({
    db: scopeToTenant(db.system, payload.tenantId),
    actor: { kind: 'mailbox-sync', mailbox: payload.mailbox, mailboxUserId: payload.mailboxUserId },
    log,
    clock: { now: () => NOW },
  });
});
afterAll(() => db.close());

describe('a CRM context built outside HTTP', () => {
  it('names its tenant from the scoped client and freezes, so a service cannot swap them', () => {
    expect(sync.tenantId).toBe(sync.db.tenantId);
    expect(Object.isFrozen(sync)).toBe(true);
  });

  it('lets the sync record an email as the add-in would, attributed to the sync, and once', async () => {
    const contact = await createContact(user, { name: 'Nino', emails: ['nino@ctx-fabrikam.example'], tags: [] });
    const input = {
      internetMessageId: `<${unique('sync')}@ctx.example>`,
      subject: 'From Graph',
      sentAt: new Date('2026-11-28T08:00:00Z'),
      from: { email: 'Nino@CTX-Fabrikam.example', name: 'Nino' },
      to: [{ email: user.actor.kind === 'user' ? user.actor.email : '' }],
    };
    const first = await recordEmail(sync, input);
    expect(first.created).toBe(true);
    expect(first.item.contactIds).toEqual([contact.id]);
    expect(first.item.email).toMatchObject({ loggedVia: 'sync', loggedBy: null, loggedAt: NOW.toISOString() });

    const byHand = await recordEmail(user, input);
    expect(byHand).toMatchObject({ created: false, item: { id: first.item.id } });
    expect(await getEmailStatus(user, input.internetMessageId)).toMatchObject({ logged: true, loggedVia: 'sync' });
  });

  it('refuses what only a person may do when the actor is the sync', async () => {
    await expect(createTask(sync, { title: 'Call back' })).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });
});
