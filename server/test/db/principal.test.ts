import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type VerifiedClaims } from '../../src/auth/index.ts';
import { createPrincipalResolver } from '../../src/crm/index.ts';
import type { Database } from '../../src/db/index.ts';
import { openTestDatabase, unique } from '../harness.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

async function onboardedTenant() {
  const entraTenantId = unique('tid');
  const tenant = await db.system.tenant.create({ data: { slug: unique('entra'), name: 'E', entraTenantId } });
  const claims = (over: Partial<VerifiedClaims>): VerifiedClaims => ({
    tenant: entraTenantId,
    objectId: unique('oid'),
    email: `${unique('u')}@e.example`,
    name: 'U',
    role: 'member',
    ...over,
  });
  return { tenant, claims };
}

describe('principal resolution in Entra mode', () => {
  it('refuses a tenant that was not onboarded', async () => {
    const resolve = createPrincipalResolver(db.system, 'entra');
    await expect(
      resolve({ tenant: 'nobody', objectId: 'x', email: 'a@b.example', name: 'A', role: 'member' }),
    ).rejects.toMatchObject({
      code: 'TENANT_NOT_ONBOARDED',
      status: 403,
    });
  });

  it('finds users by object id, claims a pre-created row once, and never hands an address to a second person', async () => {
    const { tenant, claims } = await onboardedTenant();
    const resolve = createPrincipalResolver(db.system, 'entra');
    const precreated = await db.system.user.create({
      data: { tenantId: tenant.id, email: 'sam@e.example', displayName: 'Sam' },
    });

    const sam = claims({ email: 'sam@e.example' });
    expect((await resolve(sam)).userId).toBe(precreated.id);
    const row = await db.system.user.findFirstOrThrow({ where: { id: precreated.id } });
    expect(row.entraObjectId).toBe(sam.objectId);

    // Sam's address given to someone else later: a new object id.
    await expect(resolve(claims({ email: 'sam@e.example' }))).rejects.toMatchObject({ status: 403 });
    // Sam renamed: same object id, new address, same account.
    expect((await createPrincipalResolver(db.system, 'entra')({ ...sam, email: 'samuel@e.example' })).userId).toBe(
      precreated.id,
    );
  });

  it("takes the token's role only for a new user: later the tenant's admins decide, and the database wins", async () => {
    const { tenant, claims } = await onboardedTenant();
    const base = claims({ role: 'member' });
    const resolve = createPrincipalResolver(db.system, 'entra');
    const first = await resolve(base);
    expect(first.role).toBe('member');
    // A token claiming more than the database grants gets nothing more.
    expect((await createPrincipalResolver(db.system, 'entra')({ ...base, role: 'admin' })).role).toBe('member');
    // An admin's change applies to the next request, although this resolver cached the user.
    await db.system.user.update({
      where: { tenantId_id: { tenantId: tenant.id, id: first.userId } },
      data: { role: 'admin' },
    });
    expect(await resolve(base)).toMatchObject({ userId: first.userId, role: 'admin' });
    await db.system.user.update({
      where: { tenantId_id: { tenantId: tenant.id, id: first.userId } },
      data: { role: 'member' },
    });
    expect((await resolve(base)).role).toBe('member');
  });
});
