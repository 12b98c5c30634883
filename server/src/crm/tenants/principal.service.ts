// Maps verified token claims to a tenant and a user, provisioning them as needed.
// Dev mode creates both on the first request (that is how a second tenant is made
// by hand); Entra mode only admits tenants that were onboarded, and creates their
// users on first sign-in. It works on the system client: a token's tenant is what
// it has to find out. auth/ only verifies tokens; it knows nothing of tenants.
import { LRUCache } from 'lru-cache';
import type { VerifiedClaims } from '../../auth/index.ts';
import { isUniqueViolation, type SystemDb } from '../../db/index.ts';
import { AppError } from '../../shared/errors.ts';
import { parseMailAddress } from '../shared/email-address.ts';
import { findOrProvisionTenant } from './tenants.service.ts';

export type Principal = { tenantId: string; userId: string; email: string; role: 'admin' | 'member' };

export type PrincipalResolver = (claims: VerifiedClaims) => Promise<Principal>;

const TENANT_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Long enough to spare the database the tenant and user lookups on every request. */
const CACHE_TTL_MS = 30_000;

export function createPrincipalResolver(system: SystemDb, mode: 'dev' | 'entra'): PrincipalResolver {
  const cache = new LRUCache<string, Principal>({ max: 10_000, ttl: CACHE_TTL_MS });

  async function findTenant(claims: VerifiedClaims) {
    if (mode === 'entra') {
      const tenant = await system.tenant.findUnique({ where: { entraTenantId: claims.tenant } });
      if (!tenant) throw new AppError('TENANT_NOT_ONBOARDED', 403, 'Your organization has not been set up yet');
      return tenant;
    }
    if (!TENANT_SLUG.test(claims.tenant)) {
      throw new AppError('UNAUTHENTICATED', 401, 'The tenant claim is not a valid tenant slug');
    }
    return findOrProvisionTenant(system, { slug: claims.tenant, name: claims.tenant });
  }

  /**
   * The user is found by their immutable object id when the token has one (Entra);
   * by address only when it has none (dev tokens) or to claim, once, a row that
   * was created before its owner first signed in (entraObjectId still null). An
   * address that moved to someone else never hands them the old owner's account.
   */
  async function findUser(tenantId: string, claims: VerifiedClaims) {
    const byEmail = { tenantId_email: { tenantId, email: claims.email } };
    if (!claims.objectId) return system.user.findUnique({ where: byEmail });
    const byObjectId = await system.user.findUnique({
      where: { tenantId_entraObjectId: { tenantId, entraObjectId: claims.objectId } },
    });
    if (byObjectId) return byObjectId;
    const unclaimed = await system.user.findFirst({ where: { tenantId, email: claims.email, entraObjectId: null } });
    if (unclaimed) {
      return system.user.update({
        where: { tenantId_id: { tenantId, id: unclaimed.id } },
        data: { entraObjectId: claims.objectId },
      });
    }
    if (await system.user.findUnique({ where: byEmail })) {
      throw new AppError('FORBIDDEN', 403, 'This address belongs to another account of your organization');
    }
    return null;
  }

  async function resolve(claims: VerifiedClaims): Promise<Principal> {
    const tenant = await findTenant(claims);
    let user = await findUser(tenant.id, claims);
    if (!user) {
      try {
        user = await system.user.create({
          data: {
            tenantId: tenant.id,
            email: claims.email,
            displayName: claims.name ?? claims.email,
            role: claims.role,
            entraObjectId: claims.objectId ?? null,
          },
        });
      } catch (error) {
        // The same user's first requests raced: the other one created the row.
        if (!isUniqueViolation(error)) throw error;
        user = await findUser(tenant.id, claims);
        if (!user) throw error;
      }
    }
    // The role a token claims applies when the user is created; later the tenant's
    // admins set it (PATCH /users/:id), and the database is authoritative.
    return { tenantId: tenant.id, userId: user.id, email: user.email, role: user.role };
  }

  return async (verified) => {
    // One spelling per address: the canonical one the CRM stores (lower case, Unicode domain).
    const claims = { ...verified, email: parseMailAddress(verified.email)?.address ?? verified.email };
    const key = [claims.tenant, claims.objectId ?? '', claims.email, claims.role].join('\n');
    const cached = cache.get(key);
    if (cached) {
      // Who the token is stays cached; the role is read on every request (one primary-key
      // read), so a role an admin changes applies from the user's next request, on
      // every server process. A user deleted since is resolved again.
      const current = await system.user.findUnique({
        where: { tenantId_id: { tenantId: cached.tenantId, id: cached.userId } },
        select: { role: true },
      });
      if (current) return current.role === cached.role ? cached : { ...cached, role: current.role };
      cache.delete(key);
    }
    const principal = await resolve(claims);
    cache.set(key, principal);
    return principal;
  };
}
