// Tenants and their users. This module works on the unscoped client: it is what
// decides which tenant a request belongs to.
import { isUniqueViolation, type SystemDb } from '../../db/index.ts';
import { AppError } from '../../shared/errors.ts';
import { createDefaultPipeline } from '../pipelines/index.ts';
import { formsOfAddress } from '../shared/email-address.ts';
import { domainOf } from '../shared/schemas.ts';

export type TenantInput = { slug: string; name: string; domains?: string[]; entraTenantId?: string };

/** The system client inside a transaction. */
export type SystemTx = Parameters<Parameters<SystemDb['$transaction']>[0]>[0];

/**
 * Creates a tenant with its default sales pipeline, in one transaction; `andThen`
 * runs in that transaction too (onboarding adds the first admin and the audit), so a
 * failure there leaves no tenant behind.
 */
export async function provisionTenant(
  system: SystemDb,
  input: TenantInput & { consent?: { at: Date; byObjectId: string; byName: string | null } },
  andThen?: (tx: SystemTx, tenant: { id: string; slug: string }) => Promise<void>,
) {
  return system.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({
      data: {
        slug: input.slug,
        name: input.name,
        domains: (input.domains ?? []).map((d) => d.toLowerCase()),
        entraTenantId: input.entraTenantId ?? null,
        consentedAt: input.consent?.at ?? null,
        consentedByObjectId: input.consent?.byObjectId ?? null,
        consentedByName: input.consent?.byName ?? null,
      },
    });
    await createDefaultPipeline(tx, tenant.id);
    await andThen?.(tx, tenant);
    return tenant;
  });
}

/** The tenant with this slug, created (with its defaults) if it does not exist yet. */
export async function findOrProvisionTenant(system: SystemDb, input: TenantInput) {
  const existing = await system.tenant.findUnique({ where: { slug: input.slug } });
  if (existing) return existing;
  try {
    return await provisionTenant(system, input);
  } catch (error) {
    // Two first requests raced: the other one created it.
    if (!isUniqueViolation(error)) throw error;
    return system.tenant.findUniqueOrThrow({ where: { slug: input.slug } });
  }
}

/**
 * Development sign-in: who a mailbox address is, as far as the CRM knows. The
 * tenant is the one owning the address's domain; never a guess between two
 * tenants, which would open one of them to the other's user.
 */
export async function findDevSignInIdentity(system: SystemDb, email: string) {
  const spellings = formsOfAddress(email).domain;
  const domain = spellings[0] ?? domainOf(email);
  const tenants = await system.tenant.findMany({ where: { domains: { hasSome: spellings } }, take: 2 });
  const tenant = tenants[0];
  if (!tenant) throw new AppError('TENANT_NOT_FOUND', 404, `No tenant uses the domain ${domain}`);
  if (tenants.length > 1) {
    throw new AppError('TENANT_AMBIGUOUS', 409, `More than one tenant uses the domain ${domain}`);
  }
  const user = await system.user.findUnique({ where: { tenantId_email: { tenantId: tenant.id, email } } });
  return { tenantSlug: tenant.slug, displayName: user?.displayName, role: user?.role ?? ('member' as const) };
}
