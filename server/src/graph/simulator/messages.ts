// Defaults for a message a test or the population adds: whatever it leaves out is filled
// with something a real mailbox would hold (ids, dates, participants, body, headers).
import { randomBytes, randomUUID } from 'node:crypto';
import { exchangeBase64, type SimFolder, type SimMessageInput, type SimUser } from './store.ts';

function domainOf(address: string): string {
  return address.split('@')[1] ?? 'example.com';
}

function stripTags(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

export function buildMessage(user: SimUser, folder: SimFolder, m: Partial<SimMessageInput>): SimMessageInput {
  const me = { name: user.displayName, address: user.mail };
  const outgoing = folder.wellKnownName === 'sentitems' || folder.wellKnownName === 'drafts';
  const other = { name: 'Alex Partner', address: 'alex.partner@fabrikam.example' };
  const from = m.from ?? (outgoing ? me : other);
  const received = m.receivedDateTime ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const bodyText =
    m.bodyText ??
    (m.bodyHtml
      ? stripTags(m.bodyHtml)
      : `Hello,\n\nThis is a message about ${m.subject ?? 'our project'}.\n\nBest regards,\n${from.name}`);
  return {
    subject: m.subject ?? 'Project update',
    bodyText,
    bodyHtml: m.bodyHtml ?? null,
    from,
    sender: m.sender ?? null,
    toRecipients: m.toRecipients ?? [from.address === me.address ? other : me],
    ccRecipients: m.ccRecipients ?? [],
    bccRecipients: m.bccRecipients ?? [],
    replyTo: m.replyTo ?? [],
    receivedDateTime: received,
    sentDateTime: m.sentDateTime ?? new Date(Date.parse(received) - 2000).toISOString().replace(/\.\d+Z$/, 'Z'),
    internetMessageId: m.internetMessageId ?? `<${randomUUID().replace(/-/g, '')}@${domainOf(from.address)}>`,
    conversationId: m.conversationId ?? 'AAQkAG' + exchangeBase64(randomBytes(30)),
    inReplyTo: m.inReplyTo ?? null,
    references: m.references ?? [],
    listUnsubscribe: m.listUnsubscribe ?? null,
    precedence: m.precedence ?? null,
    extraHeaders: m.extraHeaders ?? [],
    isRead: m.isRead ?? outgoing,
    isDraft: m.isDraft ?? folder.wellKnownName === 'drafts',
    importance: m.importance ?? 'normal',
    categories: m.categories ?? [],
    hasAttachments: m.hasAttachments ?? false,
  };
}
