import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTenant } from '../../../prisma/seed.ts';
import type { Database } from '../../src/db/index.ts';
import { openTestDatabase } from '../harness.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

async function countDemo() {
  const tenant = await db.system.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  const where = { tenantId: tenant.id };
  return {
    users: await db.system.user.count({ where }),
    contacts: await db.system.contact.count({ where }),
    companies: await db.system.company.count({ where }),
    deals: await db.system.deal.count({ where }),
    items: await db.system.timelineItem.count({ where }),
  };
}

describe('the demo tenant', () => {
  it('is seeded on the first start only, and an interrupted seed is cleaned up', async () => {
    // What a crash in the middle of a seed leaves behind.
    const leftover = await db.system.tenant.create({ data: { slug: 'demo-seeding-dead1234', name: 'x' } });

    await db.system.tenant.deleteMany({ where: { slug: 'demo' } }); // the run's database is shared on PostgreSQL
    expect(await seedDemoTenant(db.system)).toBe(true);
    const first = await countDemo();
    expect(first.contacts).toBeGreaterThanOrEqual(5);
    expect(first.deals).toBeGreaterThanOrEqual(4);
    expect(first.items).toBeGreaterThanOrEqual(10);
    expect(await db.system.tenant.findUnique({ where: { id: leftover.id } })).toBeNull();

    expect(await seedDemoTenant(db.system)).toBe(false);
    expect(await countDemo()).toEqual(first);
  }, 60_000);
});
