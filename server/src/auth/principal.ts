// Maps verified token claims to a tenant and a user. Dev mode creates both on the
// first request (that is how a second tenant is made by hand); Entra mode only
// admits tenants that were onboarded, and creates their users on first sign-in.
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/index.ts';
import { findOrProvisionTenant } from '../crm/tenants/index.ts';
import { AppError } from '../shared/errors.ts';
import type { VerifiedClaims } from './tokens.ts';

export type Principal = { tenantId: string; userId: string; email: string; role: 'admin' | 'member' };

export type PrincipalResolver = (claims: VerifiedClaims) => Promise<Principal>;

const TENANT_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Long enough to spare the database on every request, short enough for a role change to apply soon. */
const CACHE_TTL_MS = 30_000;

export function createPrincipalResolver(prisma: Db, mode: 'dev' | 'entra'): PrincipalResolver {
  const cache = new LRUCache<string, Principal>({ max: 10_000, ttl: CACHE_TTL_MS });

  async function findTenant(claims: VerifiedClaims) {
    if (mode === 'entra') {
      const tenant = await prisma.tenant.findUnique({ where: { entraTenantId: claims.tenant } });
      if (!tenant) throw new AppError('TENANT_NOT_ONBOARDED', 403, 'Your organization has not been set up yet');
      return tenant;
    }
    if (!TENANT_SLUG.test(claims.tenant)) {
      throw new AppError('UNAUTHENTICATED', 401, 'The tenant claim is not a valid tenant slug');
    }
    return findOrProvisionTenant(prisma, { slug: claims.tenant, name: claims.tenant });
  }

  async function resolve(claims: VerifiedClaims): Promise<Principal> {
    const tenant = await findTenant(claims);
    const where = claims.objectId
      ? { tenantId_entraObjectId: { tenantId: tenant.id, entraObjectId: claims.objectId } }
      : { tenantId_email: { tenantId: tenant.id, email: claims.email } };
    let user =
      (await prisma.user.findUnique({ where })) ??
      (await prisma.user.findUnique({ where: { tenantId_email: { tenantId: tenant.id, email: claims.email } } }));
    if (!user) {
      user = await prisma.user.upsert({
        where: { tenantId_email: { tenantId: tenant.id, email: claims.email } },
        update: {},
        create: {
          tenantId: tenant.id,
          email: claims.email,
          displayName: claims.name ?? claims.email,
          role: claims.role ?? 'member',
          entraObjectId: claims.objectId ?? null,
        },
      });
    } else if (claims.role && claims.role !== user.role) {
      // The identity provider is authoritative for roles (Entra app roles).
      user = await prisma.user.update({
        where: { tenantId_id: { tenantId: tenant.id, id: user.id } },
        data: { role: claims.role },
      });
    }
    return { tenantId: tenant.id, userId: user.id, email: user.email, role: user.role };
  }

  return async (claims) => {
    const key = [claims.tenant, claims.objectId ?? '', claims.email, claims.role ?? ''].join('\n');
    const cached = cache.get(key);
    if (cached) return cached;
    const principal = await resolve(claims);
    cache.set(key, principal);
    return principal;
  };
}
