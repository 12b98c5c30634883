import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePopulation, type GraphSimulator, type SimMessage } from './index.ts';
import { TENANT, startTestSimulator } from './test-helpers.ts';

let sim: GraphSimulator;
beforeAll(async () => ({ sim } = await startTestSimulator()));
afterAll(() => sim.close());

const seen = new Map<string, SimMessage[]>();

describe('generatePopulation', () => {
  it('builds the same users for the same seed, with shared internal mail, threads and newsletters', async () => {
    const original = sim.addMessage.bind(sim);
    sim.addMessage = (userId, folder, m) => {
      const message = original(userId, folder, m);
      seen.set(message.userId, [...(seen.get(message.userId) ?? []), message]);
      return message;
    };
    const users = generatePopulation(sim, {
      directoryTenantId: TENANT.directoryTenantId,
      users: 4,
      messagesPerMailbox: 60,
      seed: 7,
      ownDomains: ['contoso.example'],
    });
    const again = await startTestSimulator();
    try {
      const twin = generatePopulation(again.sim, {
        directoryTenantId: TENANT.directoryTenantId,
        users: 4,
        messagesPerMailbox: 60,
        seed: 7,
        ownDomains: ['contoso.example'],
      });
      expect(twin.map((u) => [u.id, u.mail])).toEqual(users.map((u) => [u.id, u.mail]));
    } finally {
      await again.sim.close();
    }
    const messages = users.flatMap((u) => seen.get(u.id) ?? []);
    const byInternetId = new Map<string, SimMessage[]>();
    for (const m of messages)
      byInternetId.set(m.internetMessageId, [...(byInternetId.get(m.internetMessageId) ?? []), m]);
    const shared = [...byInternetId.values()].filter((copies) => copies.length === 2);
    expect(shared.length).toBeGreaterThan(5);
    expect(shared.some(([a, b]) => a?.userId !== b?.userId)).toBe(true);
    expect(messages.some((m) => m.inReplyTo !== null && m.references.length > 0)).toBe(true);
    expect(messages.some((m) => m.listUnsubscribe !== null && m.precedence === 'bulk')).toBe(true);
    expect(users.every((u) => (seen.get(u.id) ?? []).length >= 60)).toBe(true);
  });
});
