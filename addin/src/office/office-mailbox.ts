// The Mailbox on Office.js. Everything read from Office is checked here, so the
// rest of the pane never sees a half-formed item.
import type { MailItem, Mailbox, Person } from './mailbox.ts';

type Address = { emailAddress: string; displayName?: string };

// Office.js is typed, but what a host hands over at run time is checked here anyway
// (a plain typeof check per field: a schema library would cost the first paint 5 kB).
const isAddress = (value: unknown): value is Address =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Address).emailAddress === 'string' &&
  (value as Address).emailAddress.includes('@');

const addresses = (value: unknown): Address[] => (Array.isArray(value) ? value.filter(isAddress) : []);

/** ItemChanged and pinning arrived in Mailbox 1.5. */
export const ITEM_CHANGED_SET = '1.5';

const person = (address: Address): Person => ({
  email: address.emailAddress.trim().toLowerCase(),
  name: address.displayName?.trim() || null,
});

export function readItem(office: typeof Office): MailItem {
  const item = office.context.mailbox.item;
  if (!item) return { kind: 'none' };
  // Office types itemType as `ItemType | string`: hosts hand over the enum's plain string value.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-comparison -- see above
  if (item.itemType !== office.MailboxEnums.ItemType.Message) return { kind: 'other', itemType: item.itemType };
  const message = item as Office.MessageRead;
  const id: unknown = message.internetMessageId;
  const sent: unknown = message.dateTimeCreated;
  // A message without a Message-ID or sender (a draft opened in read mode, say) cannot be matched or logged.
  if (typeof id !== 'string' || id.length < 3 || !isAddress(message.from) || !(sent instanceof Date)) {
    return { kind: 'other', itemType: 'message-without-id' };
  }
  return {
    kind: 'message',
    internetMessageId: id,
    subject: typeof message.subject === 'string' ? message.subject : '',
    from: person(message.from),
    to: addresses(message.to).map(person),
    cc: addresses(message.cc).map(person),
    sentAt: sent.toISOString(),
    conversationId: typeof message.conversationId === 'string' ? message.conversationId : null,
  };
}

export function createOfficeMailbox(office: typeof Office): Mailbox {
  const mailbox = office.context.mailbox;
  const followsSelection = office.context.requirements.isSetSupported('Mailbox', ITEM_CHANGED_SET);
  return {
    host: 'outlook',
    user: {
      email: mailbox.userProfile.emailAddress.toLowerCase(),
      name: mailbox.userProfile.displayName || null,
    },
    displayLanguage: office.context.displayLanguage || 'en-US',
    followsSelection,
    current: () => readItem(office),
    onItemChanged(listener) {
      if (!followsSelection) {
        return () => {
          // Nothing was subscribed, so there is nothing to stop.
        };
      }
      const handler = () => listener(readItem(office));
      mailbox.addHandlerAsync(office.EventType.ItemChanged, handler);
      return () => mailbox.removeHandlerAsync(office.EventType.ItemChanged);
    },
    bodyText() {
      const item = mailbox.item;
      if (!item) return Promise.resolve(null);
      return new Promise((resolve) => {
        item.body.getAsync(office.CoercionType.Text, (result) => {
          resolve(result.status === office.AsyncResultStatus.Succeeded ? result.value : null);
        });
      });
    },
  };
}

/** Office.js when the pane runs inside Outlook, else null (a plain browser, or office.js did not load). */
export async function connectToOutlook(): Promise<Mailbox | null> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office) return null;
  const info = await office.onReady();
  // Typed as always there; should a host hand over none, the pane falls back to the stand-in.
  const mailbox = office.context.mailbox as Office.Mailbox | undefined;
  if (info.host !== office.HostType.Outlook || !mailbox) return null;
  return createOfficeMailbox(office);
}
