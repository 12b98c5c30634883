import { describe, expect, it } from 'vitest';
import {
  batchLookupKeys,
  BODY_LENGTH,
  directionOf,
  isUsableMessageId,
  lastContactedAtOf,
  planBatch,
  REJECTED_MESSAGE_ID,
  SKIPPED_IRRELEVANT,
  THREAD_IDS_PER_EMAIL,
  type BatchLookups,
  lookupKeys,
  matchParticipants,
  normalizeEmail,
  ownDomainSet,
  planLinks,
  planUpsert,
  PREVIEW_LENGTH,
  type EmailToRecord,
  type ParticipantMatch,
} from './email-recording.ts';

const SENT = new Date('2026-11-20T09:00:00Z');
const NOW = new Date('2026-11-29T12:00:00Z');
const email = (over: Partial<EmailToRecord> = {}): EmailToRecord => ({
  internetMessageId: '<m1@mail.example>',
  sentAt: SENT,
  from: { email: 'nino@fabrikam.example' },
  ...over,
});
const own = ownDomainSet(['contoso.example']);

describe('normalizeEmail', () => {
  it.each([
    ['Nino@Fabrikam.example', 'nino@fabrikam.example', true],
    ['  NINO@FABRIKAM.EXAMPLE ', 'nino@fabrikam.example', true],
    ['a@xn--bcher-kva.example', 'a@bücher.example', true],
    ['მიშა@example.ge', 'მიშა@example.ge', true],
    ['"john doe"@x.example', '"john doe"@x.example', true],
    ['a!b@x.example', 'a!b@x.example', true],
    ['Undisclosed recipients', 'Undisclosed recipients', false],
    ['a@[192.0.2.1]', 'a@[192.0.2.1]', false],
  ])('stores %j as %j (readable: %s)', (given, stored, readable) => {
    const [from] = normalizeEmail(email({ from: { email: given } })).participants;
    expect(from).toMatchObject({ role: 'from', email: stored });
    expect(from!.address !== null).toBe(readable);
  });

  it('keeps one row per role and address, however the address was spelled', () => {
    const { participants } = normalizeEmail(
      email({
        to: [{ email: 'A@X.example' }, { email: 'a@x.example', name: 'A' }, { email: 'b@x.example' }],
        cc: [{ email: 'a@x.example' }],
      }),
    );
    expect(participants.map((p) => `${p.role}:${p.email}`)).toEqual([
      'from:nino@fabrikam.example',
      'to:a@x.example',
      'to:b@x.example',
      'cc:a@x.example',
    ]);
  });

  it.each([
    ['  two\n\nlines\tand   spaces ', 'two lines and spaces'],
    ['x'.repeat(PREVIEW_LENGTH + 10), 'x'.repeat(PREVIEW_LENGTH)],
    ['   ', null],
    [undefined, null],
  ])('previews %j as %j', (preview, stored) => {
    expect(normalizeEmail(email({ preview })).preview).toBe(stored);
  });

  it('drops what PostgreSQL cannot store and empty participants, and trims the Message-ID', () => {
    const n = normalizeEmail(
      email({
        internetMessageId: ' <m\u0000@x.example> ',
        subject: 'Hi\u0000 there',
        to: [{ email: '   ' }, { email: 'b@x.example', name: ' Bee\u0000 ' }],
      }),
    );
    expect(n.internetMessageId).toBe('<m@x.example>');
    expect(n.subject).toBe('Hi there');
    expect(n.participants.map((p) => [p.email, p.name])).toEqual([
      ['nino@fabrikam.example', null],
      ['b@x.example', 'Bee'],
    ]);
  });
});

describe('matchParticipants', () => {
  const contacts = new Map([
    ['nino@fabrikam.example', 'contact-nino'],
    ['legacy@xn--bcher-kva.example', 'contact-legacy'],
  ]);
  const companies = new Map([
    ['fabrikam.example', 'company-fabrikam'],
    ['xn--bcher-kva.example', 'company-buecher'],
    ['contoso.example', 'company-own-domain'],
  ]);
  it.each<[string, ParticipantMatch, string]>([
    ['Nino@Fabrikam.example', { kind: 'contact', contactId: 'contact-nino' }, 'a known address in any case'],
    ['legacy@bücher.example', { kind: 'contact', contactId: 'contact-legacy' }, 'a row stored in punycode'],
    [
      'new@fabrikam.example',
      { kind: 'company', companyId: 'company-fabrikam' },
      "an unknown person at a company's domain",
    ],
    ['new@bücher.example', { kind: 'company', companyId: 'company-buecher' }, 'the domain in its other spelling'],
    ['someone@contoso.example', { kind: 'none' }, "the tenant's own domain links no customer company"],
    ['x@elsewhere.example', { kind: 'none' }, 'nobody we know'],
    ['not an address', { kind: 'none' }, 'an unreadable participant is kept but never matched'],
  ])('%j → %j: %s', (address, expected) => {
    const { participants } = normalizeEmail(email({ from: { email: address } }));
    expect(matchParticipants(participants, contacts, companies, own)).toEqual([expected]);
  });

  it("looks up every spelling of readable participants, and no company for the tenant's own domain", () => {
    const { participants } = normalizeEmail(
      email({ to: [{ email: 'a@bücher.example' }, { email: 'me@contoso.example' }, { email: 'junk' }] }),
    );
    expect(lookupKeys(participants, own)).toEqual({
      addresses: ['nino@fabrikam.example', 'a@bücher.example', 'a@xn--bcher-kva.example', 'me@contoso.example'],
      domains: ['fabrikam.example', 'bücher.example', 'xn--bcher-kva.example'],
    });
  });
});

describe('planLinks', () => {
  const companyOfContact = new Map<string, string | null>([
    ['c1', 'co1'],
    ['c2', null],
    ['c3', 'co1'],
  ]);
  it.each<[string, Parameters<typeof planLinks>[0], ReturnType<typeof planLinks>]>([
    [
      'matched contacts bring their companies, once each',
      {
        matches: [
          { kind: 'contact', contactId: 'c1' },
          { kind: 'contact', contactId: 'c3' },
        ],
        explicitContactIds: [],
        companyOfContact,
        deal: null,
      },
      { contactIds: ['c1', 'c3'], companyIds: ['co1'], dealIds: [] },
    ],
    [
      'an unknown participant at a company domain links that company',
      {
        matches: [{ kind: 'none' }, { kind: 'company', companyId: 'co9' }],
        explicitContactIds: [],
        companyOfContact,
        deal: null,
      },
      { contactIds: [], companyIds: ['co9'], dealIds: [] },
    ],
    [
      'explicit contacts join the matched ones; a contact without company adds none',
      {
        matches: [{ kind: 'contact', contactId: 'c1' }],
        explicitContactIds: ['c2', 'c1'],
        companyOfContact,
        deal: null,
      },
      { contactIds: ['c1', 'c2'], companyIds: ['co1'], dealIds: [] },
    ],
    [
      'the deal and its company',
      { matches: [], explicitContactIds: [], companyOfContact, deal: { id: 'd1', companyId: 'co5' } },
      { contactIds: [], companyIds: ['co5'], dealIds: ['d1'] },
    ],
    [
      'nothing matched, nothing linked',
      { matches: [{ kind: 'none' }], explicitContactIds: [], companyOfContact, deal: null },
      { contactIds: [], companyIds: [], dealIds: [] },
    ],
  ])('%s', (_reason, input, expected) => {
    expect(planLinks(input)).toEqual(expected);
  });
});

describe('directionOf', () => {
  it.each<[string, Partial<EmailToRecord>, string]>([
    [
      'a customer writes to us',
      { from: { email: 'nino@fabrikam.example' }, to: [{ email: 'me@contoso.example' }] },
      'inbound',
    ],
    [
      'we write to a customer',
      { from: { email: 'Me@Contoso.example' }, to: [{ email: 'nino@fabrikam.example' }] },
      'outbound',
    ],
    ['only colleagues', { from: { email: 'me@contoso.example' }, to: [{ email: 'you@CONTOSO.example' }] }, 'internal'],
    [
      'a colleague and an unreadable recipient is not provably internal',
      { from: { email: 'me@contoso.example' }, to: [{ email: 'junk' }] },
      'outbound',
    ],
    ['an unreadable sender', { from: { email: 'junk' }, to: [{ email: 'me@contoso.example' }] }, 'inbound'],
    [
      'the caller knows better',
      { from: { email: 'me@contoso.example' }, to: [{ email: 'nino@fabrikam.example' }], direction: 'inbound' },
      'inbound',
    ],
  ])('%s → %s', (_reason, over, expected) => {
    expect(directionOf(normalizeEmail(email(over)), own)).toBe(expected);
  });

  it('recognises own domains whichever spelling the tenant stored', () => {
    const idnOwn = ownDomainSet(['xn--bcher-kva.example']);
    const n = normalizeEmail(
      email({ from: { email: 'a@bücher.example' }, to: [{ email: 'b@xn--bcher-kva.example' }] }),
    );
    expect(directionOf(n, idnOwn)).toBe('internal');
  });
});

describe('planUpsert', () => {
  it('adds links only to a message already on the timeline, whoever logs it again', () => {
    const existing = { id: 'item-1', occurredAt: SENT };
    expect(
      planUpsert({
        email: normalizeEmail(email()),
        existing,
        own,
        loggedBy: { userId: null, via: 'sync', capturedById: 'u2' },
        now: NOW,
      }),
    ).toEqual({ kind: 'add-links', itemId: 'item-1', occurredAt: SENT });
  });

  it.each([
    [{ userId: 'u1', via: 'manual' as const, capturedById: null }, 'u1', 'manual', null],
    [{ userId: null, via: 'sync' as const, capturedById: 'u2' }, null, 'sync', 'u2'],
  ])('creates a new message attributed to %j', (loggedBy, loggedById, loggedVia, capturedById) => {
    const plan = planUpsert({
      email: normalizeEmail(email({ subject: 'Hello', to: [{ email: 'Me@Contoso.example', name: 'Me' }] })),
      existing: null,
      own,
      loggedBy,
      now: NOW,
    });
    expect(plan).toEqual({
      kind: 'create',
      item: {
        kind: 'email',
        occurredAt: SENT,
        internetMessageId: '<m1@mail.example>',
        subject: 'Hello',
        conversationId: null,
        preview: null,
        body: null,
        direction: 'inbound',
        loggedById,
        loggedAt: NOW,
        loggedVia,
        capturedById,
      },
      participants: [
        { role: 'from', email: 'nino@fabrikam.example', name: null },
        { role: 'to', email: 'me@contoso.example', name: 'Me' },
      ],
    });
  });
});

describe('normalizeEmail: body and thread', () => {
  it.each([
    ['  two\n\nlines\tkept ', '  two\n\nlines\tkept '],
    ['a\u0000b\u0007c', 'abc'],
    ['x'.repeat(BODY_LENGTH + 10), 'x'.repeat(BODY_LENGTH)],
    [' \n ', null],
    [undefined, null],
  ])('keeps the body %j as %j: text as written, without what PostgreSQL cannot store', (body, stored) => {
    expect(normalizeEmail(email({ body })).body).toBe(stored);
  });

  it('lists In-Reply-To, then References nearest first, usable and once each, never the email itself', () => {
    const n = normalizeEmail(
      email({
        inReplyTo: ' <p2@x> ',
        references: ['<root@x>', '<p1@x>', 'has space', '', '<p2@x>', '<m1@mail.example>', '<n\u0000ul@x>'],
      }),
    );
    expect(n.threadIds).toEqual(['<p2@x>', '<nul@x>', '<p1@x>', '<root@x>']);
  });

  it(`looks up at most ${THREAD_IDS_PER_EMAIL} ancestors, the nearest`, () => {
    const references = Array.from({ length: 50 }, (_, i) => `<r${i}@x>`);
    const n = normalizeEmail(email({ references }));
    expect(n.threadIds).toHaveLength(THREAD_IDS_PER_EMAIL);
    expect(n.threadIds[0]).toBe('<r49@x>');
  });
});

describe('isUsableMessageId', () => {
  it.each([
    ['<a@b>', true],
    ['a@b', true],
    ['', false],
    ['<a b@c>', false],
    ['<a@b>\n', false],
  ])('%j is usable: %s', (id, usable) => {
    expect(isUsableMessageId(id)).toBe(usable);
  });
});

describe('planBatch', () => {
  const lookups = (over: Partial<BatchLookups> = {}): BatchLookups => ({
    own,
    contactByAddress: new Map([['nino@fabrikam.example', 'c-nino']]),
    companyByDomain: new Map([['fabrikam.example', 'co-fab']]),
    companyOfContact: new Map([['c-nino', 'co-fab']]),
    companyOfDeal: new Map(),
    existing: new Map(),
    threadParents: new Map(),
    ...over,
  });
  const plan = (emails: Partial<EmailToRecord>[], over: Partial<BatchLookups> = {}, onlyRelevant = true) =>
    planBatch({
      emails: emails.map((e) => normalizeEmail(email(e))),
      lookups: lookups(over),
      onlyRelevant,
      loggedBy: { userId: null, via: 'sync', capturedById: null },
      now: NOW,
    });
  const stranger = { email: 'x@unknown.example' };
  const colleague = { email: 'me@contoso.example' };

  it.each<[string, Partial<EmailToRecord>, Partial<BatchLookups>, string]>([
    ['a known contact', {}, {}, 'write'],
    ['a company by domain only', { from: { email: 'new@fabrikam.example' } }, {}, 'write'],
    ['a stranger', { from: stranger, to: [colleague] }, {}, 'skipped'],
    ['internal mail, even to a company domain we own', { from: colleague, to: [colleague] }, {}, 'skipped'],
    [
      'a stranger on a message already logged',
      { from: stranger },
      { existing: new Map([['<m1@mail.example>', { id: 'i1', occurredAt: SENT }]]) },
      'write',
    ],
    [
      'a stranger replying in a logged thread, even one linked to nothing',
      { from: stranger, references: ['<parent@x>'] },
      { threadParents: new Map([['<parent@x>', { contactIds: [], companyIds: [], dealIds: [] }]]) },
      'write',
    ],
    ['a stranger on an email given a deal', { from: stranger, dealId: 'd1' }, {}, 'write'],
  ])('in sync mode, %s is kept or skipped: %s', (_, input, over, outcome) => {
    expect(plan([input], over).decisions[0]).toMatchObject({ outcome });
  });

  it('keeps everything when every email is wanted (a manual log)', () => {
    const { decisions, writes } = plan([{ from: stranger }], {}, false);
    expect(decisions).toEqual([{ index: 0, internetMessageId: '<m1@mail.example>', outcome: 'write', first: true }]);
    expect(writes.get('<m1@mail.example>')?.links).toEqual({ contactIds: [], companyIds: [], dealIds: [] });
  });

  it('rejects an email without a usable Message-ID and says why, keeping the rest', () => {
    const { decisions } = plan([{ internetMessageId: '  ' }, {}, { internetMessageId: '<a b>' }]);
    expect(decisions.map((d) => d.outcome)).toEqual(['rejected', 'write', 'rejected']);
    expect(decisions[0]).toMatchObject({ index: 0, reason: REJECTED_MESSAGE_ID });
  });

  it('says why an email was skipped', () => {
    expect(plan([{ from: stranger }]).decisions[0]).toMatchObject({ outcome: 'skipped', reason: SKIPPED_IRRELEVANT });
  });

  it('merges duplicates of a Message-ID into one write: the first input fields, the links of all', () => {
    const { decisions, writes } = plan([
      { from: stranger, subject: 'First' },
      { internetMessageId: '<other@x>' },
      { from: stranger, subject: 'Second', to: [{ email: 'nino@fabrikam.example' }] },
    ]);
    expect(decisions.map((d) => [d.outcome, d.outcome === 'write' && d.first])).toEqual([
      ['write', true],
      ['write', true],
      ['write', false],
    ]);
    const merged = writes.get('<m1@mail.example>');
    expect(merged?.plan).toMatchObject({ kind: 'create', item: { subject: 'First' } });
    expect(merged?.links).toEqual({ contactIds: ['c-nino'], companyIds: ['co-fab'], dealIds: [] });
  });

  it('gives a reply the links of the logged items it continues, deals included', () => {
    const { writes } = plan([{ from: stranger, inReplyTo: '<p@x>', references: ['<root@x>'] }], {
      threadParents: new Map([
        ['<p@x>', { contactIds: ['c1'], companyIds: ['co1'], dealIds: ['d1'] }],
        ['<root@x>', { contactIds: ['c2'], companyIds: [], dealIds: [] }],
      ]),
    });
    expect(writes.get('<m1@mail.example>')?.links).toEqual({
      contactIds: ['c1', 'c2'],
      companyIds: ['co1'],
      dealIds: ['d1'],
    });
  });

  it('passes links down a thread written in the same batch, whatever the order of the page', () => {
    const { decisions, writes } = plan(
      [
        { internetMessageId: '<c@x>', from: stranger, references: ['<a@x>', '<b@x>'] },
        { internetMessageId: '<b@x>', from: stranger, inReplyTo: '<a@x>' },
        { internetMessageId: '<a@x>', from: stranger, inReplyTo: '<logged@x>' },
      ],
      {
        threadParents: new Map([['<logged@x>', { contactIds: [], companyIds: [], dealIds: ['d1'] }]]),
      },
    );
    expect(decisions.map((d) => d.outcome)).toEqual(['write', 'write', 'write']);
    for (const id of ['<a@x>', '<b@x>', '<c@x>']) expect(writes.get(id)?.links.dealIds).toEqual(['d1']);
  });

  it('does not keep a reply to an email of the batch that is itself skipped', () => {
    const { decisions } = plan([
      { internetMessageId: '<a@x>', from: stranger },
      { internetMessageId: '<b@x>', from: stranger, inReplyTo: '<a@x>' },
    ]);
    expect(decisions.map((d) => d.outcome)).toEqual(['skipped', 'skipped']);
  });

  it('only adds links to a message already on the timeline', () => {
    const { writes } = plan([{}], { existing: new Map([['<m1@mail.example>', { id: 'i1', occurredAt: SENT }]]) });
    expect(writes.get('<m1@mail.example>')?.plan).toEqual({ kind: 'add-links', itemId: 'i1', occurredAt: SENT });
  });

  it('adds the company of a given deal', () => {
    const { writes } = plan([{ from: stranger, dealId: 'd1' }], { companyOfDeal: new Map([['d1', 'co-d']]) });
    expect(writes.get('<m1@mail.example>')?.links).toEqual({ contactIds: [], companyIds: ['co-d'], dealIds: ['d1'] });
  });
});

describe('batchLookupKeys', () => {
  it('looks up each address, domain and Message-ID once for the batch, skipping rejected emails', () => {
    const keys = batchLookupKeys(
      [
        normalizeEmail(email({ to: [{ email: 'me@contoso.example' }], references: ['<p@x>'], contactIds: ['c1'] })),
        normalizeEmail(email({ from: { email: 'NINO@fabrikam.example' }, dealId: 'd1', inReplyTo: '<p@x>' })),
        normalizeEmail(email({ internetMessageId: '', from: { email: 'never@looked.example' }, dealId: 'd2' })),
      ],
      own,
    );
    expect(keys.messageIds).toEqual(['<m1@mail.example>']);
    expect(keys.threadIds).toEqual(['<p@x>']);
    expect(keys.addresses).toEqual(expect.arrayContaining(['nino@fabrikam.example', 'me@contoso.example']));
    expect(keys.addresses).not.toContain('never@looked.example');
    expect(keys.domains).toEqual(['fabrikam.example']);
    expect(keys.contactIds).toEqual(['c1']);
    expect(keys.dealIds).toEqual(['d1']);
  });
});

describe('lastContactedAtOf', () => {
  it("takes each contact's newest email of the batch", () => {
    const early = new Date('2026-01-01T00:00:00Z');
    const late = new Date('2026-02-01T00:00:00Z');
    const latest = lastContactedAtOf([
      { contactIds: ['a', 'b'], occurredAt: late },
      { contactIds: ['a'], occurredAt: early },
      { contactIds: [], occurredAt: late },
    ]);
    expect(latest).toEqual(
      new Map([
        ['a', late],
        ['b', late],
      ]),
    );
  });
});
