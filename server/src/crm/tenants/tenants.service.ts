// Tenants and their users. This module works on the unscoped client: it is what
// decides which tenant a request belongs to.
import type { Db } from '../../db/index.ts';
import { createDefaultPipeline } from '../pipelines/index.ts';

export type TenantInput = { slug: string; name: string; domains?: string[]; entraTenantId?: string };

/** Creates a tenant with its default sales pipeline, in one transaction. */
export async function provisionTenant(prisma: Db, input: TenantInput) {
  return prisma.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({
      data: {
        slug: input.slug,
        name: input.name,
        domains: (input.domains ?? []).map((d) => d.toLowerCase()),
        entraTenantId: input.entraTenantId ?? null,
      },
    });
    await createDefaultPipeline(tx, tenant.id);
    return tenant;
  });
}

/** The tenant with this slug, created (with its defaults) if it does not exist yet. */
export async function findOrProvisionTenant(prisma: Db, input: TenantInput) {
  const existing = await prisma.tenant.findUnique({ where: { slug: input.slug } });
  if (existing) return existing;
  try {
    return await provisionTenant(prisma, input);
  } catch (error) {
    // Two first requests raced: the other one created it.
    if ((error as { code?: string }).code !== 'P2002') throw error;
    return prisma.tenant.findUniqueOrThrow({ where: { slug: input.slug } });
  }
}
