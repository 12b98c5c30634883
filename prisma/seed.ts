// The demo tenant: a small sales team at Contoso with customers, deals in every
// stage and a timeline, written through the same services the API uses.
//
// Crash-safe and idempotent: everything is written under a temporary slug and the
// tenant is renamed to "demo" in one statement at the end. A start that finds
// "demo" does nothing; leftovers of an interrupted seed are deleted first.
import { randomUUID } from 'node:crypto';
import { createCompany } from '../server/src/crm/companies/index.ts';
import { createContact } from '../server/src/crm/contacts/index.ts';
import { createDeal, updateDeal } from '../server/src/crm/deals/index.ts';
import { createTask } from '../server/src/crm/tasks/index.ts';
import { provisionTenant } from '../server/src/crm/tenants/index.ts';
import { createNote, recordEmail } from '../server/src/crm/timeline/index.ts';
import { createCrmContext } from '../server/src/crm/index.ts';
import { isUniqueViolation, scopeToTenant, type SystemDb } from '../server/src/db/index.ts';
import { createLogger } from '../server/src/shared/log.ts';

export const DEMO_SLUG = 'demo';
const SEEDING_PREFIX = 'demo-seeding-';
const DAY = 86_400_000;

export type DemoDirectory = {
  directoryTenantId: string;
  users: { email: string; name: string; objectId: string; admin: boolean }[];
};

/**
 * Entra mode on the demo's own Entra ID (the Graph simulator): the demo tenant is Contoso's
 * directory, onboarded by its admin, and the seeded users are the directory's users (their
 * object ids). Fills in only what is unset; a demo tenant linked to another directory, or a
 * directory another tenant took, is left alone (false).
 */
export async function linkDemoTenantToDirectory(
  system: SystemDb,
  directory: DemoDirectory,
  now = new Date(),
): Promise<boolean> {
  const tenant = await system.tenant.findUnique({ where: { slug: DEMO_SLUG } });
  if (!tenant || (tenant.entraTenantId ?? directory.directoryTenantId) !== directory.directoryTenantId) return false;
  const admin = directory.users.find((u) => u.admin);
  try {
    await system.$transaction(async (tx) => {
      await tx.tenant.update({
        where: { id: tenant.id },
        data: {
          entraTenantId: directory.directoryTenantId,
          consentedAt: tenant.consentedAt ?? now,
          consentedByObjectId: tenant.consentedByObjectId ?? admin?.objectId ?? null,
          consentedByName: tenant.consentedByName ?? admin?.name ?? null,
        },
      });
      for (const user of directory.users) {
        await tx.user.updateMany({
          where: { tenantId: tenant.id, email: user.email, entraObjectId: null },
          data: { entraObjectId: user.objectId },
        });
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
  return true;
}

export async function seedDemoTenant(system: SystemDb, now = new Date()): Promise<boolean> {
  if (await system.tenant.findUnique({ where: { slug: DEMO_SLUG } })) return false;
  await system.tenant.deleteMany({ where: { slug: { startsWith: SEEDING_PREFIX } } });

  const tenant = await provisionTenant(system, {
    slug: `${SEEDING_PREFIX}${randomUUID().slice(0, 8)}`,
    name: 'Contoso (demo)',
    domains: ['contoso.example'],
  });
  const alice = await system.user.create({
    data: { tenantId: tenant.id, email: 'alice@contoso.example', displayName: 'Alice Larsson', role: 'admin' },
  });
  const bob = await system.user.create({
    data: { tenantId: tenant.id, email: 'bob@contoso.example', displayName: 'Bob Beridze', role: 'member' },
  });
  const ctx = createCrmContext({
    db: scopeToTenant(system, tenant.id),
    actor: { kind: 'user', userId: alice.id, email: alice.email, role: 'admin' },
    log: createLogger('silent'),
    clock: { now: () => now },
  });
  const ago = (days: number, hours = 0) => new Date(now.getTime() - days * DAY - hours * 3_600_000);

  const fabrikam = await createCompany(ctx, { name: 'Fabrikam', domains: ['fabrikam.example'], ownerId: alice.id });
  const northwind = await createCompany(ctx, {
    name: 'Northwind Traders',
    domains: ['northwind.example'],
    ownerId: bob.id,
  });
  const tailspin = await createCompany(ctx, { name: 'Tailspin Toys', domains: ['tailspin.example'] });

  const contact = (name: string, email: string, title: string, phone: string, tags: string[], ownerId = alice.id) =>
    createContact(ctx, { name, title, phone, emails: [email], tags, ownerId });
  const nino = await contact('Nino Kapanadze', 'nino@fabrikam.example', 'Head of Procurement', '+995 32 200 1234', [
    'decision-maker',
  ]);
  const darius = await contact('Darius Rahimi', 'darius@fabrikam.example', 'IT Manager', '+98 21 8800 1234', [
    'technical',
  ]);
  const karin = await contact(
    'Karin Lindqvist',
    'karin@northwind.example',
    'CFO',
    '+46 8 123 456 78',
    ['decision-maker'],
    bob.id,
  );
  const priya = await contact('Priya Raman', 'priya@tailspin.example', 'Operations Lead', '+91 44 2345 6789', [
    'champion',
  ]);
  await contact('Erik Nilsson', 'erik@northwind.example', 'Buyer', '+46 31 765 43 21', [], bob.id);

  const pipeline = await ctx.db.pipeline.findFirstOrThrow({
    where: { isDefault: true },
    include: { stages: { orderBy: { position: 'asc' } } },
  });
  const stage = (name: string) => {
    const found = pipeline.stages.find((s) => s.name === name);
    if (!found) throw new Error(`the default pipeline has no stage "${name}"`);
    return found.id;
  };

  const renewal = await createDeal(ctx, {
    name: 'Fabrikam annual licence renewal',
    value: '48000',
    currency: 'EUR',
    companyId: fabrikam.id,
    contactIds: [nino.id, darius.id],
    expectedCloseDate: ago(-30).toISOString().slice(0, 10),
  });
  await updateDeal(ctx, renewal.id, { stageId: stage('Qualified') });
  await updateDeal(ctx, renewal.id, { stageId: stage('Proposal') });
  await createDeal(ctx, {
    name: 'Northwind rollout, 200 seats',
    value: '125000',
    currency: 'SEK',
    companyId: northwind.id,
    contactIds: [karin.id],
    ownerId: bob.id,
    stageId: stage('Negotiation'),
  });
  await createDeal(ctx, {
    name: 'Tailspin pilot',
    value: '9500.50',
    currency: 'INR',
    companyId: tailspin.id,
    contactIds: [priya.id],
  });
  const won = await createDeal(ctx, {
    name: 'Fabrikam onboarding workshop',
    value: '3200',
    currency: 'EUR',
    companyId: fabrikam.id,
    contactIds: [nino.id],
  });
  await updateDeal(ctx, won.id, { stageId: stage('Won') });

  const email = (
    id: string,
    subject: string,
    days: number,
    from: string,
    to: string[],
    preview: string,
    dealId?: string,
  ) =>
    recordEmail(ctx, {
      internetMessageId: `<${id}@demo.contoso.example>`,
      subject,
      sentAt: ago(days),
      from: { email: from },
      to: to.map((address) => ({ email: address })),
      preview,
      dealId,
    });
  await email(
    'renewal-1',
    'Renewal terms for next year',
    12,
    'alice@contoso.example',
    ['nino@fabrikam.example'],
    'Hi Nino, attached are the renewal terms we discussed.',
    renewal.id,
  );
  await email(
    'renewal-2',
    'Re: Renewal terms for next year',
    10,
    'nino@fabrikam.example',
    ['alice@contoso.example'],
    'Thanks Alice, we will review them with finance this week.',
    renewal.id,
  );
  await email(
    'sso-question',
    'Single sign-on question',
    6,
    'darius@fabrikam.example',
    ['alice@contoso.example'],
    'Does the add-in support our Entra ID tenant restrictions?',
  );
  await email(
    'northwind-contract',
    'Contract draft',
    3,
    'karin@northwind.example',
    ['bob@contoso.example', 'alice@contoso.example'],
    'Please find our comments on the draft attached.',
  );
  await email(
    'tailspin-intro',
    'Introduction',
    1,
    'priya@tailspin.example',
    ['alice@contoso.example'],
    'Great to meet you at the conference last week.',
  );

  await createNote(ctx, {
    kind: 'call',
    body: 'Call with Nino: budget approved, legal review pending.',
    contactId: nino.id,
    dealId: renewal.id,
    occurredAt: ago(8),
  });
  await createNote(ctx, {
    kind: 'note',
    body: 'Karin prefers invoices in SEK, quarterly.',
    contactId: karin.id,
    occurredAt: ago(2),
  });
  await createTask(ctx, {
    title: 'Send revised proposal to Nino',
    dueAt: ago(-2),
    contactId: nino.id,
    dealId: renewal.id,
  });
  await createTask(ctx, {
    title: 'Follow up on the contract draft',
    dueAt: ago(1),
    contactId: karin.id,
    assigneeId: bob.id,
  });

  try {
    await system.tenant.update({ where: { id: tenant.id }, data: { slug: DEMO_SLUG } });
  } catch (error) {
    // Another server process finished seeding first: keep theirs.
    await system.tenant.delete({ where: { id: tenant.id } });
    if (!isUniqueViolation(error)) throw error;
    return false;
  }
  return true;
}
