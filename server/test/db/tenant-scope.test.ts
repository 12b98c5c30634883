import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeToTenant, type Database } from '../../src/db/index.ts';
import { openTestDatabase, unique } from '../harness.ts';

let db: Database;
let tenantA: string;
let tenantB: string;
beforeAll(async () => {
  db = await openTestDatabase();
  tenantA = (await db.system.tenant.create({ data: { slug: unique('a'), name: 'A' } })).id;
  tenantB = (await db.system.tenant.create({ data: { slug: unique('b'), name: 'B' } })).id;
});
afterAll(() => db.close());

describe('scopeToTenant', () => {
  it('stamps its tenant on created rows whatever the caller passed', async () => {
    const a = scopeToTenant(db.system, tenantA);
    const row = await a.company.create({ data: { tenantId: tenantB, name: 'Sneaky' } });
    expect(row.tenantId).toBe(tenantA);
    const rows = await a.company.createManyAndReturn({
      data: [
        { tenantId: tenantB, name: 'One' },
        { tenantId: tenantB, name: 'Two' },
      ],
    });
    expect(rows.map((r) => r.tenantId)).toEqual([tenantA, tenantA]);
  });

  it('reads, counts, updates and deletes only its own rows, even when asked for another tenant', async () => {
    const a = scopeToTenant(db.system, tenantA);
    const b = scopeToTenant(db.system, tenantB);
    const mine = await b.company.create({ data: { tenantId: tenantB, name: 'B company' } });
    expect(await a.company.findFirst({ where: { id: mine.id } })).toBeNull();
    expect(await a.company.findFirst({ where: { id: mine.id, tenantId: tenantB } })).toBeNull();
    expect(await a.company.count({ where: { id: mine.id } })).toBe(0);
    expect((await a.company.updateMany({ where: { id: mine.id }, data: { name: 'Hijacked' } })).count).toBe(0);
    expect((await a.company.deleteMany({ where: { id: mine.id } })).count).toBe(0);
    await expect(
      a.company.update({ where: { tenantId_id: { tenantId: tenantB, id: mine.id } }, data: { name: 'Hijacked' } }),
    ).rejects.toThrow();
    expect((await b.company.findFirstOrThrow({ where: { id: mine.id } })).name).toBe('B company');
  });

  it('never moves a row to another tenant, whatever an update asks', async () => {
    const a = scopeToTenant(db.system, tenantA);
    const row = await a.company.create({ data: { tenantId: tenantA, name: 'Staying' } });
    await a.company.updateMany({ where: { id: row.id }, data: { tenantId: tenantB, name: 'Renamed' } });
    const after = await db.system.company.findFirstOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ tenantId: tenantA, name: 'Renamed' });
  });

  it('applies inside interactive transactions too', async () => {
    const a = scopeToTenant(db.system, tenantA);
    const b = scopeToTenant(db.system, tenantB);
    const theirs = await b.company.create({ data: { tenantId: tenantB, name: 'Theirs' } });
    const seen = await a.$transaction(async (tx) => {
      const created = await tx.company.create({ data: { tenantId: tenantB, name: 'In tx' } });
      return { created, found: await tx.company.findFirst({ where: { id: theirs.id } }) };
    });
    expect(seen.created.tenantId).toBe(tenantA);
    expect(seen.found).toBeNull();
  });

  it("reads its own tenant row, never another tenant's, and refuses to create, delete or bulk-write tenants", async () => {
    const a = scopeToTenant(db.system, tenantA);
    expect((await a.tenant.findUniqueOrThrow({ where: { id: tenantA } })).id).toBe(tenantA);
    expect((await a.tenant.findFirstOrThrow({})).id).toBe(tenantA);
    // Asking for tenant B's row finds nothing: not B's row, and not A's in its place.
    expect(await a.tenant.findUnique({ where: { id: tenantB } })).toBeNull();
    expect(await a.tenant.findFirst({ where: { id: tenantB } })).toBeNull();
    await expect(a.tenant.findFirstOrThrow({ where: { id: tenantB } })).rejects.toThrow();
    const bSlug = (await db.system.tenant.findUniqueOrThrow({ where: { id: tenantB } })).slug;
    expect(await a.tenant.findUnique({ where: { slug: bSlug } })).toBeNull();
    await expect(a.tenant.updateMany({ data: { name: 'x' } })).rejects.toThrow(/not allowed/);
    await expect(a.tenant.delete({ where: { id: tenantA } })).rejects.toThrow(/not allowed/);
    await expect(a.tenant.create({ data: { slug: unique('c'), name: 'C' } })).rejects.toThrow(/not allowed/);
  });

  it("updates its own tenant row only: another tenant's is not found, and the id stays", async () => {
    const a = scopeToTenant(db.system, tenantA);
    expect((await a.tenant.update({ where: { id: tenantA }, data: { name: 'A renamed' } })).name).toBe('A renamed');
    await expect(a.tenant.update({ where: { id: tenantB }, data: { name: 'Hijacked' } })).rejects.toThrow();
    const bSlug = (await db.system.tenant.findUniqueOrThrow({ where: { id: tenantB } })).slug;
    await expect(a.tenant.update({ where: { slug: bSlug }, data: { name: 'Hijacked' } })).rejects.toThrow();
    expect((await db.system.tenant.findUniqueOrThrow({ where: { id: tenantB } })).name).toBe('B');
    await expect(
      a.tenant.update({ where: { id: tenantA }, data: { id: '0190a000-0000-7000-8000-000000000000' } }),
    ).rejects.toThrow(/id/);
  });

  it("keeps the caller's own conditions beside the tenant's, AND included", async () => {
    const a = scopeToTenant(db.system, tenantA);
    const b = scopeToTenant(db.system, tenantB);
    const theirs = await b.company.create({ data: { tenantId: tenantB, name: 'Shared name' } });
    const mine = await a.company.create({ data: { tenantId: tenantA, name: 'Shared name' } });
    // A where naming tenant B asks for B's rows: through A's scope that is nothing, not A's rows.
    expect(await a.company.findMany({ where: { tenantId: tenantB, name: 'Shared name' } })).toEqual([]);
    const found = await a.company.findMany({ where: { AND: [{ name: 'Shared name' }] } });
    expect(found.map((c) => c.id)).toEqual([mine.id]);
    expect(found.map((c) => c.id)).not.toContain(theirs.id);
    expect(await a.company.findUnique({ where: { tenantId_id: { tenantId: tenantA, id: theirs.id } } })).toBeNull();
  });
});
