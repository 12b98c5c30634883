// What a tenant's admins change about the tenant itself, through its scoped client
// (which may update the tenant's own row and nothing else), audited in the same
// transaction. tenants.service.ts, beside it, works on the system client.
import type { z } from 'zod';
import { quoted, recordAudit } from '../audit/index.ts';
import type { CrmContext } from '../shared/context.ts';
import type { UpdateTenantBody } from './tenants.schemas.ts';

const TENANT_FIELDS = { id: true, slug: true, name: true, domains: true } as const;

export async function updateTenant(ctx: CrmContext, body: z.infer<typeof UpdateTenantBody>) {
  return ctx.db.$transaction(async (tx) => {
    const before = await tx.tenant.findFirstOrThrow({ where: {}, select: TENANT_FIELDS });
    // Domain gives each in its canonical form (lower case, Unicode, no "www."): the same domain once.
    const domains = body.domains && [...new Set(body.domains)];
    const after = await tx.tenant.update({
      where: { id: ctx.tenantId },
      data: { name: body.name, domains },
      select: TENANT_FIELDS,
    });
    const details: Record<string, unknown> = {};
    if (after.name !== before.name) details.name = { from: before.name, to: after.name };
    const added = after.domains.filter((d) => !before.domains.includes(d));
    const removed = before.domains.filter((d) => !after.domains.includes(d));
    if (added.length || removed.length) details.domains = { added, removed };
    if (Object.keys(details).length) {
      await recordAudit(tx, ctx, {
        action: 'settings.tenant.updated',
        targetType: 'tenant',
        targetId: ctx.tenantId,
        summary: `Updated the organisation ${quoted(after.name)}`,
        details,
      });
    }
    return after;
  });
}
