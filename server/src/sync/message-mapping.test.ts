import { describe, expect, it } from 'vitest';
import type { GraphMessage } from '../graph/index.ts';
import { isBlocked, isComplete, messageIdsIn, toEmailToRecord, type PrivacyPolicy } from './message-mapping.ts';

const policy: PrivacyPolicy = {
  ownDomains: ['contoso.example', 'contoso-eu.example'],
  blocked: ['competitor.example', 'spy@rival.example'],
  skipBulk: true,
  bodyStorage: 'preview',
};
const person = (address: string | null, name = 'Someone') => ({ emailAddress: { address, name } });
const message = (overrides: Partial<GraphMessage> = {}): GraphMessage => ({
  id: 'AAMk1',
  internetMessageId: '<m1@fabrikam.example>',
  subject: 'Hello',
  from: person('nino@fabrikam.example', 'Nino'),
  toRecipients: [person('alice@contoso.example', 'Alice')],
  ccRecipients: [],
  sentDateTime: '2026-11-20T10:00:00Z',
  receivedDateTime: '2026-11-20T10:00:05Z',
  conversationId: 'conv-1',
  bodyPreview: 'Hi Alice',
  body: { contentType: 'text', content: 'Hi Alice, the whole text.' },
  internetMessageHeaders: [],
  isDraft: false,
  ...overrides,
});
const headers = (...pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));

describe('toEmailToRecord: what is kept off the timeline', () => {
  it.each([
    ['a draft', message({ isDraft: true }), 'draft'],
    ['no Message-ID', message({ internetMessageId: null }), 'no-message-id'],
    ['no sender', message({ from: null, sender: null }), 'no-sender'],
    [
      "internal only, across the tenant's domains",
      message({ from: person('bob@contoso.example'), toRecipients: [person('ana@contoso-eu.example')] }),
      'internal',
    ],
    [
      'internal, from a subdomain of the tenant',
      message({ from: person('bob@mail.contoso.example'), toRecipients: [person('alice@contoso.example')] }),
      'internal',
    ],
    ['a blocked domain', message({ from: person('x@competitor.example') }), 'blocked'],
    ['a subdomain of a blocked domain', message({ ccRecipients: [person('y@sales.competitor.example')] }), 'blocked'],
    ['a blocked address, in any case', message({ toRecipients: [person('SPY@Rival.example')] }), 'blocked'],
    ['List-Unsubscribe', message({ internetMessageHeaders: headers(['List-Unsubscribe', '<mailto:u@x>']) }), 'bulk'],
    ['Precedence: bulk', message({ internetMessageHeaders: headers(['Precedence', 'Bulk']) }), 'bulk'],
    ['Auto-Submitted', message({ internetMessageHeaders: headers(['Auto-Submitted', 'auto-generated']) }), 'bulk'],
  ])('%s → %s', (_case, m, reason) => {
    expect(toEmailToRecord(m, policy)).toEqual({ skip: reason });
  });

  it("keeps mail from an unblocked address at a blocked domain's sibling", () => {
    expect('email' in toEmailToRecord(message({ from: person('x@notcompetitor.example') }), policy)).toBe(true);
  });

  it('keeps bulk mail when the tenant says so, and Auto-Submitted: no is not bulk', () => {
    const bulk = message({ internetMessageHeaders: headers(['Precedence', 'list']) });
    expect('email' in toEmailToRecord(bulk, { ...policy, skipBulk: false })).toBe(true);
    const human = message({ internetMessageHeaders: headers(['Auto-Submitted', 'no']) });
    expect('email' in toEmailToRecord(human, policy)).toBe(true);
  });
});

describe('toEmailToRecord: what is recorded', () => {
  it('maps participants, thread headers and dates', () => {
    const mapped = toEmailToRecord(
      message({
        ccRecipients: [person('karin@northwind.example', 'Karin'), person(null), person('  ')],
        internetMessageHeaders: headers(
          ['In-Reply-To', '<parent@contoso.example>'],
          ['References', '<root@fabrikam.example> <parent@contoso.example>'],
        ),
      }),
      policy,
    );
    expect(mapped).toEqual({
      email: {
        internetMessageId: '<m1@fabrikam.example>',
        subject: 'Hello',
        sentAt: new Date('2026-11-20T10:00:00Z'),
        from: { email: 'nino@fabrikam.example', name: 'Nino' },
        to: [{ email: 'alice@contoso.example', name: 'Alice' }],
        cc: [{ email: 'karin@northwind.example', name: 'Karin' }],
        conversationId: 'conv-1',
        preview: 'Hi Alice',
        body: null,
        inReplyTo: '<parent@contoso.example>',
        references: ['<root@fabrikam.example>', '<parent@contoso.example>'],
      },
    });
  });

  it.each([
    ['none', null, null],
    ['preview', 'Hi Alice', null],
    ['full', 'Hi Alice', 'Hi Alice, the whole text.'],
  ] as const)('body storage %s', (bodyStorage, preview, body) => {
    const mapped = toEmailToRecord(message(), { ...policy, bodyStorage });
    expect(mapped).toMatchObject({ email: { preview, body } });
  });

  it('keeps the text of an HTML body, never its markup or scripts', () => {
    const html =
      '<html><body><p>Dear <b>Alice</b>,</p><script>alert(1)</script><img src="x"><p>Terms &amp; prices</p></body></html>';
    const mapped = toEmailToRecord(message({ body: { contentType: 'html', content: html } }), {
      ...policy,
      bodyStorage: 'full',
    });
    const body = 'email' in mapped ? (mapped.email.body ?? '') : '';
    expect(body).toContain('Dear Alice,');
    expect(body).toContain('Terms & prices');
    expect(body).not.toMatch(/<|alert/);
  });

  it('falls back to the sender and the received time', () => {
    const mapped = toEmailToRecord(
      message({ from: null, sender: person('nino@fabrikam.example'), sentDateTime: null }),
      policy,
    );
    expect(mapped).toMatchObject({
      email: { from: { email: 'nino@fabrikam.example' }, sentAt: new Date('2026-11-20T10:00:05Z') },
    });
  });
});

describe('helpers', () => {
  it('reads Message-IDs from a header', () => {
    expect(messageIdsIn('<a@b>  <c@d>\r\n\t<e@f>')).toEqual(['<a@b>', '<c@d>', '<e@f>']);
    expect(messageIdsIn('garbage')).toEqual([]);
    expect(messageIdsIn(null)).toEqual([]);
  });

  it('isBlocked matches domains with their subdomains and exact addresses only', () => {
    expect(isBlocked('a@competitor.example', policy.blocked)).toBe(true);
    expect(isBlocked('a@eu.competitor.example', policy.blocked)).toBe(true);
    expect(isBlocked('a@competitor.example.org', policy.blocked)).toBe(false);
    expect(isBlocked('other@rival.example', policy.blocked)).toBe(false);
    expect(isBlocked('not an address', policy.blocked)).toBe(false);
  });

  it('a delta item without Message-ID or sender is fetched whole', () => {
    expect(isComplete(message())).toBe(true);
    expect(isComplete({ id: 'x', isRead: true } as GraphMessage)).toBe(false);
    expect(isComplete(message({ from: null, sender: null }))).toBe(false);
  });
});
