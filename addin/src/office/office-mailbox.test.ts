// The Office.js boundary, on Microsoft's office-addin-mock.
import { OfficeMockObject } from 'office-addin-mock';
import { describe, expect, it, vi } from 'vitest';
import type { MailItem } from './mailbox.ts';
import { connectToOutlook, createOfficeMailbox, readItem } from './office-mailbox.ts';

type Handler = (event: unknown) => void;

/** office-addin-mock cannot seed null or undefined values: they are set on the mock afterwards. */
function setItem(office: typeof Office, item: unknown) {
  (office.context.mailbox as unknown as { item: unknown }).item = item;
}

function outlook(item: Record<string, unknown> | null, options: { mailboxVersion?: number; language?: string } = {}) {
  const handlers = new Map<string, Handler>();
  const seed = {
    host: 'outlook',
    HostType: { Outlook: 'Outlook' },
    MailboxEnums: { ItemType: { Message: 'message', Appointment: 'appointment' } },
    EventType: { ItemChanged: 'olkItemSelectedChanged' },
    CoercionType: { Text: 'text' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady: () => Promise.resolve({ host: 'Outlook', platform: 'OfficeOnline' }),
    context: {
      displayLanguage: options.language ?? 'sv-SE',
      requirements: {
        isSetSupported: (name: string, version: string) =>
          name === 'Mailbox' && Number(version) <= (options.mailboxVersion ?? 1.8),
      },
      mailbox: {
        item,
        userProfile: { emailAddress: 'Alice@Contoso.example', displayName: 'Alice Larsson' },
        addHandlerAsync: (type: string, handler: Handler) => handlers.set(type, handler),
        removeHandlerAsync: (type: string) => handlers.delete(type),
      },
    },
  };
  // office-addin-mock types its seed as the class ObjectData ({ [key: string]: any }), but
  // its documented use is a plain object like this one.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- see above
  const office = new OfficeMockObject({
    ...seed,
    context: { ...seed.context, mailbox: { ...seed.context.mailbox, item: {} } },
  }) as unknown as typeof Office;
  setItem(office, item);
  return { office, handlers, seed };
}

const message = (extra: Record<string, unknown> = {}) => ({
  itemType: 'message',
  internetMessageId: '<abc@fabrikam.example>',
  subject: 'Renewal',
  from: { emailAddress: 'Nino@Fabrikam.example', displayName: ' Nino Kapanadze ' },
  to: [{ emailAddress: 'alice@contoso.example', displayName: 'Alice' }],
  cc: [{ emailAddress: 'darius@fabrikam.example', displayName: '' }],
  dateTimeCreated: new Date('2026-11-20T08:30:00Z'),
  conversationId: 'conv-1',
  body: {
    getAsync: (_type: string, callback: (result: { status: string; value: string }) => void) =>
      callback({ status: 'succeeded', value: 'Hello Alice' }),
  },
  ...extra,
});

describe('the Outlook mailbox', () => {
  it('reads the selected message as plain data, addresses in lower case', () => {
    const { office } = outlook(message());
    expect(readItem(office)).toEqual({
      kind: 'message',
      internetMessageId: '<abc@fabrikam.example>',
      subject: 'Renewal',
      from: { email: 'nino@fabrikam.example', name: 'Nino Kapanadze' },
      to: [{ email: 'alice@contoso.example', name: 'Alice' }],
      cc: [{ email: 'darius@fabrikam.example', name: null }],
      sentAt: '2026-11-20T08:30:00.000Z',
      conversationId: 'conv-1',
    });
  });

  it('tells a meeting, a message without Message-ID and no selection apart from an email', () => {
    expect(readItem(outlook({ itemType: 'appointment' }).office)).toEqual({ kind: 'other', itemType: 'appointment' });
    const { internetMessageId: _, ...withoutId } = message();
    expect(readItem(outlook(withoutId).office).kind).toBe('other');
    expect(readItem(outlook(message({ from: { displayName: 'no address' } })).office).kind).toBe('other');
    expect(readItem(outlook(null).office)).toEqual({ kind: 'none' });
  });

  it('follows ItemChanged on Mailbox 1.5 and later, including the null item between selections', async () => {
    const { office, handlers } = outlook(message());
    const mailbox = createOfficeMailbox(office);
    expect(mailbox).toMatchObject({
      host: 'outlook',
      displayLanguage: 'sv-SE',
      followsSelection: true,
      user: { email: 'alice@contoso.example', name: 'Alice Larsson' },
    });
    const seen = vi.fn<(item: MailItem) => void>();
    const stop = mailbox.onItemChanged(seen);
    const fire = handlers.get('olkItemSelectedChanged')!;

    setItem(office, null);
    fire({});
    setItem(office, message({ internetMessageId: '<next@x.example>' }));
    fire({});
    expect(seen.mock.calls.map(([item]) => (item.kind === 'message' ? item.internetMessageId : item.kind))).toEqual([
      'none',
      '<next@x.example>',
    ]);
    stop();
    expect(handlers.size).toBe(0);
    expect(await mailbox.bodyText()).toBe('Hello Alice');
  });

  it('does not subscribe where ItemChanged is missing (Mailbox 1.4)', () => {
    const { office, handlers } = outlook(message(), { mailboxVersion: 1.4 });
    const mailbox = createOfficeMailbox(office);
    expect(mailbox.followsSelection).toBe(false);
    mailbox.onItemChanged(() => {});
    expect(handlers.size).toBe(0);
  });

  it('connects only inside Outlook', async () => {
    vi.stubGlobal('Office', undefined);
    expect(await connectToOutlook()).toBeNull();
    const { office } = outlook(message());
    vi.stubGlobal('Office', office);
    expect((await connectToOutlook())?.host).toBe('outlook');
    vi.stubGlobal('Office', { ...office, onReady: () => Promise.resolve({ host: null, platform: null }) });
    expect(await connectToOutlook()).toBeNull();
    vi.unstubAllGlobals();
  });
});
