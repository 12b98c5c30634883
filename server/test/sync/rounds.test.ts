// Initial and incremental rounds against the Graph simulator, through the real
// Graph client: what lands on the timeline, what is left out, and how Graph was used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './world.ts';

describe('a mailbox round', () => {
  let w: World;
  let nino: { id: string };
  let fabrikam: { id: string };
  beforeAll(async () => {
    w = await startWorld({ pageSize: 4 });
    fabrikam = await w.company('Fabrikam', 'fabrikam.example');
    nino = await w.contact('Nino', 'Nino@Fabrikam.example', fabrikam.id);
    const me = { name: 'Alice', address: w.alice.address };
    const colleague = { name: 'Bob', address: w.bob.address };
    const ninoAddress = { name: 'Nino', address: 'nino@fabrikam.example' };
    // 10 with the contact (inbox and sent), 1 from an unknown person at the company's domain,
    // 1 internal, 1 newsletter, 1 blocked, 1 from a stranger, 1 draft: 16 in all, pages of 4.
    for (let i = 0; i < 6; i++) {
      w.sim.addMessage(w.alice.sim.id, 'inbox', {
        from: ninoAddress,
        toRecipients: [me],
        subject: `Order ${i}`,
        bodyText: `Order number ${i}, body text`,
        internetMessageId: `<order-${i}@fabrikam.example>`,
      });
    }
    for (let i = 0; i < 4; i++) {
      w.sim.addMessage(w.alice.sim.id, 'sentitems', {
        from: me,
        toRecipients: [{ name: 'NINO', address: 'NINO@FABRIKAM.EXAMPLE' }],
        subject: `Re: Order ${i}`,
        internetMessageId: `<reply-${i}@${w.domain}>`,
        inReplyTo: `<order-${i}@fabrikam.example>`,
      });
    }
    w.sim.addMessage(w.alice.sim.id, 'inbox', {
      from: { name: 'Mariam', address: 'mariam@fabrikam.example' },
      toRecipients: [me],
      subject: 'Invoice address',
      internetMessageId: '<invoice@fabrikam.example>',
    });
    w.sim.addMessage(w.alice.sim.id, 'inbox', {
      from: colleague,
      toRecipients: [me],
      subject: 'Lunch?',
      internetMessageId: `<lunch@${w.domain}>`,
    });
    w.sim.addMessage(w.alice.sim.id, 'inbox', {
      from: { name: 'News', address: 'digest@fabrikam.example' },
      toRecipients: [me],
      subject: 'Newsletter',
      listUnsubscribe: '<https://fabrikam.example/unsubscribe>',
      internetMessageId: '<news@fabrikam.example>',
    });
    w.sim.addMessage(w.alice.sim.id, 'inbox', {
      from: { name: 'Recruiter', address: 'jobs@hr.fabrikam.example' },
      toRecipients: [me],
      subject: 'Blocked',
      internetMessageId: '<blocked@hr.fabrikam.example>',
    });
    w.sim.addMessage(w.alice.sim.id, 'inbox', {
      from: { name: 'Stranger', address: 'someone@elsewhere.example' },
      toRecipients: [me],
      subject: 'Unrelated',
      internetMessageId: '<stranger@elsewhere.example>',
    });
    w.sim.addMessage(w.alice.sim.id, 'drafts', { from: me, toRecipients: [ninoAddress], isDraft: true });
    await w.service.saveSettings(w.tenant.id, {
      bodyStorage: 'preview',
      skipBulk: true,
      blocked: ['hr.fabrikam.example'],
    });
  });
  afterAll(() => w.close());

  it('puts the correspondence on the timelines in one pass, and leaves the rest out', async () => {
    const outcome = await w.round(w.alice);
    expect(outcome.state).toBe('ACTIVE');
    const items = await w.items();
    expect(items.map((i) => i.internetMessageId).sort()).toEqual(
      [
        '<invoice@fabrikam.example>',
        ...[0, 1, 2, 3, 4, 5].map((i) => `<order-${i}@fabrikam.example>`),
        ...[0, 1, 2, 3].map((i) => `<reply-${i}@${w.domain}>`),
      ].sort(),
    );
    for (const item of items) {
      expect(item.loggedVia).toBe('sync');
      expect(item.sightings).toHaveLength(1);
      expect(item.sightings[0]?.mailboxId).toBe(w.alice.id);
      expect(item.companies.map((c) => c.companyId)).toEqual([fabrikam.id]);
    }
    const order = items.find((i) => i.internetMessageId === '<order-0@fabrikam.example>');
    expect(order?.contacts.map((c) => c.contactId)).toEqual([nino.id]);
    expect(order?.direction).toBe('inbound');
    expect(order?.preview).toBe('Order number 0, body text');
    expect(order?.body).toBeNull(); // preview only, by the tenant's setting
    const reply = items.find((i) => i.internetMessageId === `<reply-0@${w.domain}>`);
    expect(reply?.direction).toBe('outbound');
    expect(reply?.contacts.map((c) => c.contactId)).toEqual([nino.id]);
    // Only a company link for the unknown person at its domain.
    const invoice = items.find((i) => i.internetMessageId === '<invoice@fabrikam.example>');
    expect(invoice?.contacts).toEqual([]);

    const mailbox = await w.mailbox(w.alice);
    expect(mailbox.state).toBe('ACTIVE');
    expect(mailbox.itemsCaptured).toBe(11);
    expect(mailbox.lastRoundAt).not.toBeNull();
    const cursors = await w.cursors(w.alice);
    expect(cursors.map((c) => c.wellKnown).sort()).toEqual(['inbox', 'sentitems']);
    for (const cursor of cursors) {
      expect(cursor.deltaLink).toMatch(/^https:\/\/localhost:\d+\/v1\.0\/.*delta/);
      expect(cursor.nextLink).toBeNull();
    }
    // 11 inbox messages in pages of 4 (3 pages), 4 sent (1 page, maybe an empty last),
    // two folder lookups; nothing fetched again: delta carried every field.
    const requests = w.graphRequests(w.alice);
    expect(requests.filter((r) => r.path.includes('/delta')).length).toBeLessThanOrEqual(6);
    expect(requests.filter((r) => r.path.includes('$batch') || r.inBatch)).toEqual([]);
    expect(w.sim.peakInFlight(w.alice.sim.id)).toBeLessThanOrEqual(4);
    const finished = w.logged('sync.round.finished').at(-1);
    expect(finished).toMatchObject({ created: 11, pages: expect.any(Number) as number });
    // Bodies never reach the log.
    expect(JSON.stringify(w.events)).not.toContain('Order number 0, body text');
  });

  it('an incremental round brings only what changed, and a deletion keeps the history', async () => {
    w.sim.resetStats();
    const fresh = w.sim.addMessage(w.alice.sim.id, 'inbox', {
      from: { name: 'Nino', address: 'nino@fabrikam.example' },
      toRecipients: [{ name: 'Alice', address: w.alice.address }],
      subject: 'New order',
      internetMessageId: '<new-order@fabrikam.example>',
    });
    const items = await w.items();
    const order1 = items.find((i) => i.internetMessageId === '<order-1@fabrikam.example>');
    const order1GraphId = order1?.sightings[0]?.graphMessageId ?? '';
    w.sim.deleteMessage(w.alice.sim.id, order1GraphId);
    const outcome = await w.round(w.alice);
    expect(outcome.counts).toMatchObject({ created: 1, removed: 1 });
    const after = await w.items();
    expect(after).toHaveLength(items.length + 1);
    const kept = after.find((i) => i.internetMessageId === '<order-1@fabrikam.example>');
    expect(kept?.sightings[0]?.removedAt).not.toBeNull();
    expect(
      after.find((i) => i.internetMessageId === '<new-order@fabrikam.example>')?.sightings[0]?.graphMessageId,
    ).toBe(fresh.id);
    // One delta request per folder: the round's changes fit one page each.
    expect(w.graphRequests(w.alice).filter((r) => r.path.includes('/delta'))).toHaveLength(2);
  });

  it('a message moved between tracked folders stays one item, with its sighting moved', async () => {
    const items = await w.items();
    const order2 = items.find((i) => i.internetMessageId === '<order-2@fabrikam.example>');
    const graphId = order2?.sightings[0]?.graphMessageId ?? '';
    const before = order2?.sightings[0]?.folderId;
    w.sim.moveMessage(w.alice.sim.id, graphId, 'sentitems');
    await w.round(w.alice);
    const after = (await w.items()).find((i) => i.internetMessageId === '<order-2@fabrikam.example>');
    expect(after?.id).toBe(order2?.id);
    expect(after?.sightings).toHaveLength(1);
    expect(after?.sightings[0]?.folderId).not.toBe(before);
    expect(after?.sightings[0]?.removedAt).toBeNull();
  });

  it('the same email in two mailboxes is one timeline item with two sightings', async () => {
    const message = {
      from: { name: 'Nino', address: 'nino@fabrikam.example' },
      toRecipients: [
        { name: 'Alice', address: w.alice.address },
        { name: 'Bob', address: w.bob.address },
      ],
      subject: 'To you both',
      internetMessageId: '<both@fabrikam.example>',
    };
    w.sim.addMessage(w.alice.sim.id, 'inbox', message);
    w.sim.addMessage(w.bob.sim.id, 'inbox', message);
    await Promise.all([w.round(w.alice), w.round(w.bob)]);
    const both = (await w.items()).filter((i) => i.internetMessageId === '<both@fabrikam.example>');
    expect(both).toHaveLength(1);
    expect(both[0]?.sightings.map((s) => s.mailboxId).sort()).toEqual([w.alice.id, w.bob.id].sort());
    expect(both[0]?.contacts.map((c) => c.contactId)).toEqual([nino.id]);
  });

  it('the item the add-in logged is the one the sync finds', async () => {
    const logged = await w.tdb.timelineItem.findFirst({ where: { internetMessageId: '<new-order@fabrikam.example>' } });
    const { recordEmail } = await import('../../src/crm/index.ts');
    const again = await recordEmail(w.ctx, {
      internetMessageId: '<new-order@fabrikam.example>',
      sentAt: new Date(),
      from: { email: 'nino@fabrikam.example' },
    });
    expect(again.created).toBe(false);
    expect(again.item.id).toBe(logged?.id);
  });
});
