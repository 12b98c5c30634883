// From a Graph message to what the timeline records, and the privacy rules that
// keep some mail off it: internal-only mail, blocked domains and addresses, bulk
// mail, drafts. Pure functions; the cases are in message-mapping.test.ts.
import { convert } from 'html-to-text';
import type { EmailToRecord } from '../crm/index.ts';
import { normalizeDomain, parseMailAddress, type MailAddress } from '../crm/index.ts';
import type { GraphMessage } from '../graph/index.ts';

export type BodyStorage = 'none' | 'preview' | 'full';

export type PrivacyPolicy = {
  /** The tenant's own domains, lower case: mail among them only is internal. */
  ownDomains: string[];
  /** Blocked domains (their subdomains too) and addresses, lower case. */
  blocked: string[];
  skipBulk: boolean;
  bodyStorage: BodyStorage;
};

export type SkipReason = 'draft' | 'no-message-id' | 'internal' | 'blocked' | 'bulk' | 'no-sender';

/** The fields delta must return for a message to be recorded without fetching it again. */
export const MESSAGE_FIELDS = [
  'id',
  'internetMessageId',
  'subject',
  'from',
  'sender',
  'toRecipients',
  'ccRecipients',
  'sentDateTime',
  'receivedDateTime',
  'conversationId',
  'bodyPreview',
  'isDraft',
  'internetMessageHeaders',
];
export const fieldsFor = (storage: BodyStorage) => (storage === 'full' ? [...MESSAGE_FIELDS, 'body'] : MESSAGE_FIELDS);

/** Full text kept per email at most (the rest stays in Outlook). */
export const MAX_BODY_CHARS = 100_000;

/**
 * Whether a message from delta carries what recording needs. An update may carry
 * only the changed fields, a sent item may show up before the server has filled
 * it in: those are fetched whole.
 */
export const isComplete = (m: GraphMessage) => Boolean(m.internetMessageId && (m.from ?? m.sender));

const headerValue = (m: GraphMessage, name: string) =>
  m.internetMessageHeaders?.find((h) => h.name.toLowerCase() === name)?.value ?? null;

/** Message-IDs in an In-Reply-To or References header: `<a@b> <c@d>`. */
export function messageIdsIn(header: string | null): string[] {
  if (!header) return [];
  return [...header.matchAll(/<[^<>\s]+>/g)].map((match) => match[0]);
}

function isBulk(m: GraphMessage): boolean {
  if (headerValue(m, 'list-unsubscribe') || headerValue(m, 'list-id')) return true;
  const precedence = headerValue(m, 'precedence')?.trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk') return true;
  const auto = headerValue(m, 'auto-submitted')?.trim().toLowerCase();
  return Boolean(auto && auto !== 'no');
}

/** Whether `domain` is `blocked` or one of its subdomains. */
const withinDomain = (domain: string, blocked: string) => domain === blocked || domain.endsWith(`.${blocked}`);

/** A policy's lists in the form the checks use, worked out once per policy. */
type CompiledPolicy = { blockedAddresses: Set<string>; blockedDomains: string[]; own: string[] };
const compiled = new WeakMap<PrivacyPolicy, CompiledPolicy>();
function compile(policy: PrivacyPolicy): CompiledPolicy {
  let result = compiled.get(policy);
  if (!result) {
    const blockedAddresses = new Set<string>();
    const blockedDomains: string[] = [];
    for (const entry of policy.blocked) {
      if (entry.includes('@')) {
        const address = parseMailAddress(entry)?.address;
        if (address) blockedAddresses.add(address);
      } else {
        const domain = normalizeDomain(entry)?.unicode;
        if (domain) blockedDomains.push(domain);
      }
    }
    const own = policy.ownDomains.map((d) => normalizeDomain(d)?.unicode ?? d.toLowerCase());
    result = { blockedAddresses, blockedDomains, own };
    compiled.set(policy, result);
  }
  return result;
}

function isBlockedAddress(parsed: MailAddress, policy: CompiledPolicy): boolean {
  return (
    policy.blockedAddresses.has(parsed.address) ||
    policy.blockedDomains.some((domain) => withinDomain(parsed.domain.unicode, domain))
  );
}

export function isBlocked(address: string, blocked: string[]): boolean {
  const parsed = parseMailAddress(address);
  return (
    parsed !== null &&
    isBlockedAddress(parsed, compile({ ownDomains: [], blocked, skipBulk: false, bodyStorage: 'none' }))
  );
}

/** The message as the timeline records it, or why it is kept off. */
export function toEmailToRecord(
  m: GraphMessage,
  policy: PrivacyPolicy,
): { email: EmailToRecord } | { skip: SkipReason } {
  if (m.isDraft) return { skip: 'draft' };
  const internetMessageId = m.internetMessageId?.trim();
  if (!internetMessageId) return { skip: 'no-message-id' };
  const sender = m.from ?? m.sender;
  const fromAddress = sender?.emailAddress?.address?.trim();
  if (!fromAddress) return { skip: 'no-sender' };
  const people = (list: GraphMessage['toRecipients']) =>
    (list ?? []).flatMap((r) => {
      const email = r.emailAddress?.address?.trim();
      return email ? [{ email, name: r.emailAddress?.name ?? null }] : [];
    });
  const to = people(m.toRecipients);
  const cc = people(m.ccRecipients);
  const rules = compile(policy);
  // Each address parsed once (and cached: the same correspondents come back page after page).
  const everyone = [fromAddress, ...to.map((p) => p.email), ...cc.map((p) => p.email)].map(parseMailAddress);
  if (everyone.some((parsed) => parsed !== null && isBlockedAddress(parsed, rules))) return { skip: 'blocked' };
  const internal = everyone.every(
    (parsed) => parsed !== null && rules.own.some((domain) => withinDomain(parsed.domain.unicode, domain)),
  );
  if (internal && rules.own.length) return { skip: 'internal' };
  if (policy.skipBulk && isBulk(m)) return { skip: 'bulk' };
  const sentAt = new Date(m.sentDateTime ?? m.receivedDateTime ?? '');
  const inReplyTo = messageIdsIn(headerValue(m, 'in-reply-to'))[0] ?? null;
  return {
    email: {
      internetMessageId,
      subject: m.subject ?? '',
      sentAt: Number.isNaN(sentAt.getTime()) ? new Date(0) : sentAt,
      from: { email: fromAddress, name: sender?.emailAddress?.name ?? null },
      to,
      cc,
      conversationId: m.conversationId ?? null,
      preview: policy.bodyStorage === 'none' ? null : (m.bodyPreview ?? null),
      body: policy.bodyStorage === 'full' ? textBody(m) : null,
      inReplyTo,
      references: messageIdsIn(headerValue(m, 'references')),
    },
  };
}

/** The body as text (asked for with Prefer: outlook.body-content-type="text"), capped. */
function textBody(m: GraphMessage): string | null {
  const content = m.body?.content;
  if (!content) return null;
  const text = m.body?.contentType?.toLowerCase() === 'html' ? htmlToText(content) : content;
  return text.slice(0, MAX_BODY_CHARS);
}

/** Graph was asked for text; should HTML come anyway, keep its text only, never its markup. */
const htmlToText = (html: string) =>
  convert(html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }] });
