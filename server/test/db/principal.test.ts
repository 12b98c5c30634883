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
  const claims = (over: Partial<VerifiedClaims> = {}): VerifiedClaims => ({
    tenant: entraTenantId,
    objectId: unique('oid'),
    email: `${unique('u')}@e.example`,
    name: 'U',
    ...over,
  });
  return { tenant, claims };
}

// A fresh resolver per step: each has its own short-lived cache.
const entra = () => createPrincipalResolver(db.system, 'entra');

describe('principal resolution in Entra mode', () => {
  it('refuses a tenant that was not onboarded with 401 TENANT_NOT_ONBOARDED, creating nothing', async () => {
    const tid = unique('nobody');
    await expect(entra()({ tenant: tid, objectId: 'x', email: 'a@b.example', name: 'A' })).rejects.toMatchObject({
      code: 'TENANT_NOT_ONBOARDED',
      status: 401,
    });
    expect(await db.system.tenant.count({ where: { OR: [{ slug: tid }, { entraTenantId: tid }] } })).toBe(0);
  });

  it('creates a member on the first sign-in, whatever role the token claims', async () => {
    const { tenant, claims } = await onboardedTenant();
    const first = claims({ role: 'admin' });
    const principal = await entra()(first);
    expect(principal).toMatchObject({ tenantId: tenant.id, role: 'member', email: first.email });
    const row = await db.system.user.findFirstOrThrow({ where: { tenantId: tenant.id, id: principal.userId } });
    expect(row).toMatchObject({ entraObjectId: first.objectId, role: 'member', displayName: 'U' });
  });

  it('takes the role from the database, where an admin sets it', async () => {
    const { tenant, claims } = await onboardedTenant();
    const sam = claims();
    const { userId } = await entra()(sam);
    await db.system.user.update({
      where: { tenantId_id: { tenantId: tenant.id, id: userId } },
      data: { role: 'admin' },
    });
    expect((await entra()(sam)).role).toBe('admin');
    await db.system.user.update({
      where: { tenantId_id: { tenantId: tenant.id, id: userId } },
      data: { role: 'member' },
    });
    expect((await entra()({ ...sam, role: 'admin' })).role).toBe('member');
  });

  it('knows a user by object id: a changed address is the same user, and the address is updated', async () => {
    const { tenant, claims } = await onboardedTenant();
    const sam = claims({ email: 'sam@e.example' });
    const before = await entra()(sam);
    const renamed = await entra()({ ...sam, email: 'samuel@e.example', name: 'Samuel' });
    expect(renamed.userId).toBe(before.userId);
    expect(renamed.email).toBe('samuel@e.example');
    const row = await db.system.user.findFirstOrThrow({ where: { tenantId: tenant.id, id: before.userId } });
    expect(row).toMatchObject({ email: 'samuel@e.example', displayName: 'Samuel' });
  });

  it('never hands an account over by address: not to a new object id, nor a row without one', async () => {
    const { tenant, claims } = await onboardedTenant();
    const precreated = await db.system.user.create({
      data: { tenantId: tenant.id, email: 'kim@e.example', displayName: 'Kim', role: 'admin' },
    });
    await expect(entra()(claims({ email: 'kim@e.example' }))).rejects.toMatchObject({ status: 403 });
    const owner = claims({ email: 'lee@e.example' });
    await entra()(owner);
    await expect(entra()(claims({ email: 'lee@e.example' }))).rejects.toMatchObject({ status: 403 });
    const row = await db.system.user.findFirstOrThrow({ where: { id: precreated.id } });
    expect(row.entraObjectId).toBeNull();
  });

  it('keeps the old address when the new one is still on another row', async () => {
    const { claims } = await onboardedTenant();
    const a = claims({ email: 'a@e.example' });
    await entra()(claims({ email: 'b@e.example' }));
    const first = await entra()(a);
    const moved = await entra()({ ...a, email: 'b@e.example' });
    expect(moved).toEqual(first);
  });

  it('provisions one user when the first requests arrive together', async () => {
    const { tenant, claims } = await onboardedTenant();
    const sam = claims();
    const resolve = entra();
    const results = await Promise.all(Array.from({ length: 5 }, () => resolve(sam)));
    expect(new Set(results.map((r) => r.userId)).size).toBe(1);
    expect(await db.system.user.count({ where: { tenantId: tenant.id } })).toBe(1);
  });
});

describe('principal resolution in dev mode', () => {
  it('follows the role claim both ways: granted admin, and back to member', async () => {
    const slug = unique('dev');
    const dev = () => createPrincipalResolver(db.system, 'dev');
    const base = { tenant: slug, objectId: undefined, email: 'pat@dev.example', name: 'Pat' };
    expect((await dev()({ ...base, role: 'admin' })).role).toBe('admin');
    expect((await dev()({ ...base, role: 'member' })).role).toBe('member');
  });
});
