// Maps verified token claims to a tenant and a user, provisioning them as needed.
// Dev mode creates both on the first request (that is how a second tenant is made by
// hand) and takes the role from the token. Entra mode admits only onboarded tenants
// (Tenant.entraTenantId = the token's `tid`), knows users by their immutable object id
// (`oid`) — never by email or UPN, which change hands — creates them as members on
// their first sign-in, and takes roles from the database, where the tenant's admins
// set them. It works on the system client: a token's tenant is what it has to find out.
// auth/ only verifies tokens; it knows nothing of tenants.
import { LRUCache } from 'lru-cache';
import type { VerifiedClaims } from '../../auth/index.ts';
import { isUniqueViolation, type SystemDb } from '../../db/index.ts';
import { AppError } from '../../shared/errors.ts';
import { parseMailAddress } from '../shared/email-address.ts';
import { findOrProvisionTenant } from './tenants.service.ts';

export type Principal = { tenantId: string; userId: string; email: string; role: 'admin' | 'member' };

export type PrincipalResolver = (claims: VerifiedClaims) => Promise<Principal>;

const TENANT_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Long enough to spare the database on every request, short enough for a role change to apply soon. */
const CACHE_TTL_MS = 30_000;

type UserRow = { id: string; email: string; displayName: string; role: 'admin' | 'member' };

export function createPrincipalResolver(system: SystemDb, mode: 'dev' | 'entra'): PrincipalResolver {
  const cache = new LRUCache<string, Principal>({ max: 10_000, ttl: CACHE_TTL_MS });

  /** Dev tokens: the tenant by slug, created on its first request; the user by address; the token's role. */
  async function resolveDev(claims: VerifiedClaims): Promise<Principal> {
    if (!TENANT_SLUG.test(claims.tenant)) {
      throw new AppError('UNAUTHENTICATED', 401, 'The tenant claim is not a valid tenant slug');
    }
    const tenant = await findOrProvisionTenant(system, { slug: claims.tenant, name: claims.tenant });
    const role = claims.role ?? 'member';
    const byEmail = { tenantId_email: { tenantId: tenant.id, email: claims.email } };
    let user = await system.user.findUnique({ where: byEmail });
    if (!user) {
      try {
        user = await system.user.create({
          data: { tenantId: tenant.id, email: claims.email, displayName: claims.name ?? claims.email, role },
        });
      } catch (error) {
        // The same user's first requests raced: the other one created the row.
        if (!isUniqueViolation(error)) throw error;
        user = await system.user.findUniqueOrThrow({ where: byEmail });
      }
    }
    if (role !== user.role) {
      user = await system.user.update({ where: { tenantId_id: { tenantId: tenant.id, id: user.id } }, data: { role } });
    }
    return { tenantId: tenant.id, userId: user.id, email: user.email, role: user.role };
  }

  /** Entra tokens: an onboarded tenant, the user by object id (created as a member), the role from the database. */
  async function resolveEntra(claims: VerifiedClaims): Promise<Principal> {
    const objectId = claims.objectId;
    if (!objectId) throw new AppError('UNAUTHENTICATED', 401, 'The bearer token names no user');
    const tenant = await system.tenant.findUnique({ where: { entraTenantId: claims.tenant }, select: { id: true } });
    if (!tenant) {
      throw new AppError(
        'TENANT_NOT_ONBOARDED',
        401,
        'Your organization has not been connected yet: an administrator must connect it first',
      );
    }
    const byObjectId = { tenantId_entraObjectId: { tenantId: tenant.id, entraObjectId: objectId } };
    let user: UserRow | null = await system.user.findUnique({ where: byObjectId });
    if (!user) {
      try {
        user = await system.user.create({
          data: {
            tenantId: tenant.id,
            entraObjectId: objectId,
            email: claims.email,
            displayName: claims.name ?? claims.email,
            role: 'member',
          },
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Either the same user's first requests raced (the other one created the row), or the
        // address is still on another user's row (it changed hands in the directory).
        user = await system.user.findUnique({ where: byObjectId });
        if (!user) {
          throw new AppError(
            'FORBIDDEN',
            403,
            'Another account of your organization still has this address: an administrator must resolve it',
          );
        }
      }
    }
    return { tenantId: tenant.id, userId: user.id, email: user.email, role: user.role };
  }

  /** Keeps the user's address and name as the directory says (the user is still the same: same oid). */
  async function refreshProfile(principal: Principal, claims: VerifiedClaims): Promise<Principal> {
    if (principal.email === claims.email) return principal;
    try {
      await system.user.update({
        where: { tenantId_id: { tenantId: principal.tenantId, id: principal.userId } },
        data: { email: claims.email, ...(claims.name ? { displayName: claims.name } : {}) },
      });
      return { ...principal, email: claims.email };
    } catch (error) {
      // The new address is still on another row: keep the old one until an admin resolves it.
      if (!isUniqueViolation(error)) throw error;
      return principal;
    }
  }

  return async (verified) => {
    // One spelling per address: the canonical one the CRM stores (lower case, Unicode domain).
    const claims = { ...verified, email: parseMailAddress(verified.email)?.address ?? verified.email };
    const key =
      mode === 'entra'
        ? ['entra', claims.tenant, claims.objectId ?? '', claims.email].join('\n')
        : ['dev', claims.tenant, claims.email, claims.role ?? ''].join('\n');
    const cached = cache.get(key);
    if (cached) return cached;
    const principal =
      mode === 'entra' ? await refreshProfile(await resolveEntra(claims), claims) : await resolveDev(claims);
    cache.set(key, principal);
    return principal;
  };
}
