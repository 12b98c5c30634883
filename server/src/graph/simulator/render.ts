// Graph's JSON shapes for the simulator's users, folders and messages.
import type { MailFolder, Message, User } from '@microsoft/microsoft-graph-types';
import type { SimAddress, SimFolder, SimMessage, SimUser, Store } from './store.ts';

export type RenderOptions = {
  /** `Prefer: IdType="ImmutableId"` was sent with this request. */
  immutableIds: boolean;
  /** `Prefer: outlook.body-content-type="text"`. */
  textBody: boolean;
  /** Lower-cased `$select` names, or null for the default set. */
  select: Set<string> | null;
};

const DEFAULT_MESSAGE_FIELDS = [
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'receivedDateTime',
  'sentDateTime',
  'hasAttachments',
  'internetMessageId',
  'subject',
  'bodyPreview',
  'importance',
  'parentFolderId',
  'conversationId',
  'conversationIndex',
  'isDeliveryReceiptRequested',
  'isReadReceiptRequested',
  'isRead',
  'isDraft',
  'webLink',
  'inferenceClassification',
  'body',
  'sender',
  'from',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'replyTo',
  'flag',
] as const;
const SELECT_ONLY_FIELDS = ['internetMessageHeaders', 'uniqueBody'] as const;
const MESSAGE_FIELDS: readonly string[] = [...DEFAULT_MESSAGE_FIELDS, ...SELECT_ONLY_FIELDS];

/** The canonical spelling of each selectable message property, by lower-cased name. */
const CANONICAL = new Map(MESSAGE_FIELDS.map((f) => [f.toLowerCase(), f]));

export function parseSelect(value: string | undefined): Set<string> | null {
  if (value === undefined || value.trim() === '') return null;
  return new Set(
    value
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The properties a `$select` asks for, in canonical spelling (unknown names are ignored). */
export function selectedFields(select: Set<string> | null): string[] {
  if (select === null) return [...DEFAULT_MESSAGE_FIELDS];
  return [...select].map((s) => CANONICAL.get(s)).filter((f): f is string => f !== undefined && f !== 'id');
}

function address(a: SimAddress) {
  return { emailAddress: { name: a.name, address: a.address } };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function htmlBody(message: SimMessage): string {
  if (message.bodyHtml !== null) return message.bodyHtml;
  const paragraphs = message.bodyText
    .split('\n')
    .map((line) => `<div>${escapeHtml(line) || '<br>'}</div>`)
    .join('');
  return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>${paragraphs}</body></html>`;
}

export function changeKey(message: SimMessage): string {
  const raw = Buffer.alloc(20);
  raw.write(message.id.slice(-12), 0, 'latin1');
  raw.writeUInt32BE(message.version, 16);
  return 'CQAAABYAAAD' + raw.toString('base64').replace(/=+$/, '');
}

export function etag(message: SimMessage): string {
  return `W/"${changeKey(message)}"`;
}

export function headersOf(message: SimMessage): { name: string; value: string }[] {
  const headers = [
    {
      name: 'Received',
      value: `from mail.example.net by outlook.office365.com; ${new Date(message.receivedDateTime).toUTCString()}`,
    },
    { name: 'From', value: `${message.from.name} <${message.from.address}>` },
    { name: 'To', value: message.toRecipients.map((r) => `${r.name} <${r.address}>`).join(', ') },
    { name: 'Subject', value: message.subject },
    { name: 'Date', value: new Date(message.sentDateTime).toUTCString() },
    { name: 'Message-ID', value: message.internetMessageId },
  ];
  if (message.ccRecipients.length > 0) {
    headers.push({ name: 'Cc', value: message.ccRecipients.map((r) => `${r.name} <${r.address}>`).join(', ') });
  }
  if (message.inReplyTo !== null) headers.push({ name: 'In-Reply-To', value: message.inReplyTo });
  if (message.references.length > 0) headers.push({ name: 'References', value: message.references.join(' ') });
  if (message.listUnsubscribe !== null) headers.push({ name: 'List-Unsubscribe', value: message.listUnsubscribe });
  if (message.precedence !== null) headers.push({ name: 'Precedence', value: message.precedence });
  headers.push({ name: 'MIME-Version', value: '1.0' }, { name: 'Content-Type', value: 'text/html; charset="utf-8"' });
  return [...headers, ...message.extraHeaders];
}

function property(store: Store, message: SimMessage, field: string, options: RenderOptions): unknown {
  const body = () =>
    options.textBody
      ? { contentType: 'text', content: message.bodyText }
      : { contentType: 'html', content: htmlBody(message) };
  switch (field) {
    case 'changeKey':
      return changeKey(message);
    case 'bodyPreview':
      return message.bodyText.replace(/\s+/g, ' ').trim().slice(0, 255);
    case 'parentFolderId':
      return message.folderId;
    case 'conversationIndex':
      return Buffer.from(message.conversationId.slice(-22)).toString('base64');
    case 'isDeliveryReceiptRequested':
    case 'isReadReceiptRequested':
      return false;
    case 'webLink':
      return `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(store.restId(message))}&exvsurl=1&viewmodel=ReadMessageItem`;
    case 'inferenceClassification':
      return 'focused';
    case 'body':
    case 'uniqueBody':
      return body();
    case 'sender':
      return address(message.sender ?? message.from);
    case 'from':
      return address(message.from);
    case 'toRecipients':
    case 'ccRecipients':
    case 'bccRecipients':
    case 'replyTo':
      return message[field].map(address);
    case 'flag':
      return { flagStatus: 'notFlagged' };
    case 'internetMessageHeaders':
      return headersOf(message);
    default:
      return (message as unknown as Record<string, unknown>)[field];
  }
}

export function messageId(store: Store, message: SimMessage, immutableIds: boolean): string {
  return immutableIds ? message.id : store.restId(message);
}

/** A message in Graph's shape: `@odata.etag`, `id`, then the selected (or default) properties. */
export function renderMessage(
  store: Store,
  message: SimMessage,
  options: RenderOptions,
): Partial<Message> & Record<string, unknown> {
  const out: Record<string, unknown> = {
    '@odata.etag': etag(message),
    id: messageId(store, message, options.immutableIds),
  };
  for (const field of selectedFields(options.select)) out[field] = property(store, message, field, options);
  return out;
}

export function renderFolder(store: Store, folder: SimFolder): MailFolder {
  const messages = store.messagesIn(folder.id, folder.userId);
  return {
    id: folder.id,
    displayName: folder.displayName,
    parentFolderId: folder.parentFolderId,
    childFolderCount: store.childFolders(folder.userId, folder.id).length,
    unreadItemCount: messages.filter((m) => !m.isRead).length,
    totalItemCount: messages.length,
    isHidden: folder.isHidden,
  };
}

export function renderUser(user: SimUser): User {
  return {
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: null,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    id: user.id,
  };
}

/** Keeps `id` and the `$select`ed keys of a user. */
export function selectKeys<T extends object>(value: T, select: Set<string> | null): Partial<T> {
  if (select === null) return value;
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => key === 'id' || select.has(key.toLowerCase())),
  ) as Partial<T>;
}
