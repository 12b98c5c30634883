import { describe, expect, it } from 'vitest';
import {
  directionOf,
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
      planUpsert({ email: normalizeEmail(email()), existing, own, loggedBy: { userId: 'u2', via: 'sync' }, now: NOW }),
    ).toEqual({ kind: 'add-links', itemId: 'item-1', occurredAt: SENT });
  });

  it.each([
    [{ userId: 'u1', via: 'manual' as const }, 'u1', 'manual'],
    [{ userId: null, via: 'sync' as const }, null, 'sync'],
  ])('creates a new message attributed to %j', (loggedBy, loggedById, loggedVia) => {
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
        direction: 'inbound',
        loggedById,
        loggedAt: NOW,
        loggedVia,
      },
      participants: [
        { role: 'from', email: 'nino@fabrikam.example', name: null },
        { role: 'to', email: 'me@contoso.example', name: 'Me' },
      ],
    });
  });
});
