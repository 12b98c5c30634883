// The decisions behind recordEmails, as small pure functions: normalise what the
// caller handed over, match each participant, plan the links, and choose between
// creating the item and adding to the one that exists; planBatch makes those
// choices for a whole page of emails from lookups done once for all of them.
// email.service.ts runs the queries around them; the tables of cases live in
// email-recording.test.ts.
import type { EmailItemRow } from '../../db/index.ts';
import {
  addressForms,
  domainForms,
  normalizeDomain,
  parseMailAddress,
  type MailAddress,
} from '../shared/email-address.ts';

export type ParticipantRole = 'from' | 'to' | 'cc';

export type EmailParticipantInput = { email: string; name?: string | null };

/** An email to put on the timeline, as the add-in or the mail sync has it. */
export type EmailToRecord = {
  /** RFC 5322 Message-ID, with its angle brackets: one timeline item per tenant. */
  internetMessageId: string;
  subject?: string | null;
  sentAt: Date;
  from: EmailParticipantInput;
  to?: EmailParticipantInput[];
  cc?: EmailParticipantInput[];
  conversationId?: string | null;
  /** Plain text; whitespace is collapsed and the first PREVIEW_LENGTH characters kept. */
  preview?: string | null;
  /** Plain text, stored as given (control characters removed) up to BODY_LENGTH characters. */
  body?: string | null;
  /** The Message-ID of the In-Reply-To header: a reply to an item on the timeline gets its links. */
  inReplyTo?: string | null;
  /** The Message-IDs of the References header, oldest first, as mail clients write them. */
  references?: string[];
  /** Default: from the addresses and the tenant's own domains. */
  direction?: 'inbound' | 'outbound';
  /** Contacts to link besides those matched by address (the tenant's own). */
  contactIds?: string[];
  dealId?: string | null;
};

export const PREVIEW_LENGTH = 500;
export const SUBJECT_LENGTH = 998;
export const BODY_LENGTH = 100_000;
/**
 * The thread ancestors looked up per email: In-Reply-To and the last of References
 * (the nearest ancestors). A long thread's References lists every message of it;
 * the parents on the timeline already carry the links of theirs.
 */
export const THREAD_IDS_PER_EMAIL = 20;
const NAME_LENGTH = 300;
/** A participant the server cannot read is kept as given, up to this length. */
const RAW_ADDRESS_LENGTH = 320;

export type Participant = {
  role: ParticipantRole;
  /** The canonical address, or the text as given when it is not one we can use. */
  email: string;
  name: string | null;
  /** Null: kept on the item, never matched. */
  address: MailAddress | null;
};

export type NormalizedEmail = {
  internetMessageId: string;
  subject: string;
  sentAt: Date;
  conversationId: string | null;
  preview: string | null;
  body: string | null;
  /** In-Reply-To, then References from the nearest ancestor back; usable ones only, without this email's own. */
  threadIds: string[];
  direction: 'inbound' | 'outbound' | undefined;
  participants: Participant[];
  contactIds: string[];
  dealId: string | null;
};

/** PostgreSQL text cannot hold NUL; control characters have no place in a name either. */
const KEPT_CONTROLS = new Set(['\t', '\n', '\r']);
const clean = (text: string) => text.replace(/\p{Cc}/gu, (c) => (KEPT_CONTROLS.has(c) ? c : ''));

function normalizeParticipant(role: ParticipantRole, input: EmailParticipantInput): Participant | null {
  const given = clean(input.email).trim();
  if (!given) return null;
  const address = parseMailAddress(given);
  const name = input.name ? clean(input.name).trim().slice(0, NAME_LENGTH) : '';
  return {
    role,
    email: address?.address ?? given.slice(0, RAW_ADDRESS_LENGTH),
    name: name || null,
    address,
  };
}

/** Everything recordEmail stores, in the form it stores it; one row per (role, address). */
export function normalizeEmail(input: EmailToRecord): NormalizedEmail {
  const listed = [
    normalizeParticipant('from', input.from),
    ...(input.to ?? []).map((p) => normalizeParticipant('to', p)),
    ...(input.cc ?? []).map((p) => normalizeParticipant('cc', p)),
  ];
  const seen = new Set<string>();
  const participants = listed.filter((p): p is Participant => {
    if (!p) return false;
    const key = `${p.role}\n${p.email}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const preview = input.preview ? clean(input.preview).replace(/\s+/g, ' ').trim().slice(0, PREVIEW_LENGTH) : '';
  const body = input.body ? clean(input.body).slice(0, BODY_LENGTH) : '';
  const internetMessageId = clean(input.internetMessageId).trim();
  const threadIds = new Set<string>();
  for (const raw of [input.inReplyTo ?? '', ...(input.references ?? []).toReversed()]) {
    if (threadIds.size === THREAD_IDS_PER_EMAIL) break;
    const id = clean(raw).trim();
    if (isUsableMessageId(id) && id !== internetMessageId) threadIds.add(id);
  }
  return {
    internetMessageId,
    subject: clean(input.subject ?? '').slice(0, SUBJECT_LENGTH),
    sentAt: input.sentAt,
    conversationId: input.conversationId ? clean(input.conversationId).trim() || null : null,
    preview: preview || null,
    body: body.trim() ? body : null,
    threadIds: [...threadIds],
    direction: input.direction,
    participants,
    contactIds: [...new Set(input.contactIds ?? [])],
    dealId: input.dealId ?? null,
  };
}

/** A Message-ID the timeline can be keyed on: not empty, no whitespace. */
export function isUsableMessageId(id: string): boolean {
  return id.length > 0 && !/\s/.test(id);
}

/** The tenant's own domains in every spelling, to compare participants' domains with. */
export function ownDomainSet(tenantDomains: string[]): Set<string> {
  const own = new Set<string>();
  for (const raw of tenantDomains) {
    const domain = normalizeDomain(raw);
    for (const form of domain ? domainForms(domain) : [raw.toLowerCase()]) own.add(form);
  }
  return own;
}

const isOwn = (p: Participant, own: Set<string>) => p.address !== null && own.has(p.address.domain.unicode);

/** The addresses and domains to look up: every spelling of each usable participant. */
export function lookupKeys(participants: Participant[], own: Set<string>) {
  const addresses = new Set<string>();
  const domains = new Set<string>();
  for (const p of participants) {
    if (!p.address) continue;
    for (const form of addressForms(p.address)) addresses.add(form);
    if (!isOwn(p, own)) for (const form of domainForms(p.address.domain)) domains.add(form);
  }
  return { addresses: [...addresses], domains: [...domains] };
}

export type ParticipantMatch =
  { kind: 'contact'; contactId: string } | { kind: 'company'; companyId: string } | { kind: 'none' };

/**
 * Match: each participant is the contact owning one of its spellings; else, when
 * its domain is not the tenant's own, the company owning the domain; else nobody.
 * A participant the server cannot read is never matched.
 */
export function matchParticipants(
  participants: Participant[],
  contactByAddress: ReadonlyMap<string, string>,
  companyByDomain: ReadonlyMap<string, string>,
  own: Set<string>,
): ParticipantMatch[] {
  return participants.map((p) => {
    if (!p.address) return { kind: 'none' };
    for (const form of addressForms(p.address)) {
      const contactId = contactByAddress.get(form);
      if (contactId) return { kind: 'contact', contactId };
    }
    if (isOwn(p, own)) return { kind: 'none' };
    for (const form of domainForms(p.address.domain)) {
      const companyId = companyByDomain.get(form);
      if (companyId) return { kind: 'company', companyId };
    }
    return { kind: 'none' };
  });
}

export type EmailLinks = { contactIds: string[]; companyIds: string[]; dealIds: string[] };

/**
 * Link: the matched and the explicitly given contacts, their companies, the
 * companies of unknown participants' domains, and the deal with its company.
 */
export function planLinks(input: {
  matches: ParticipantMatch[];
  explicitContactIds: string[];
  companyOfContact: ReadonlyMap<string, string | null>;
  deal: { id: string; companyId: string | null } | null;
}): EmailLinks {
  const contactIds = new Set<string>();
  const companyIds = new Set<string>();
  for (const match of input.matches) {
    if (match.kind === 'contact') contactIds.add(match.contactId);
  }
  for (const id of input.explicitContactIds) contactIds.add(id);
  for (const id of contactIds) {
    const companyId = input.companyOfContact.get(id);
    if (companyId) companyIds.add(companyId);
  }
  for (const match of input.matches) {
    if (match.kind === 'company') companyIds.add(match.companyId);
  }
  if (input.deal?.companyId) companyIds.add(input.deal.companyId);
  return { contactIds: [...contactIds], companyIds: [...companyIds], dealIds: input.deal ? [input.deal.id] : [] };
}

/**
 * Internal when every readable participant is in the tenant's own domains;
 * outbound when the sender is; inbound otherwise. The caller's choice wins.
 */
export function directionOf(email: NormalizedEmail, own: Set<string>): 'inbound' | 'outbound' | 'internal' {
  if (email.direction) return email.direction;
  const readable = email.participants.filter((p) => p.address);
  if (
    own.size &&
    readable.length &&
    readable.length === email.participants.length &&
    readable.every((p) => isOwn(p, own))
  ) {
    return 'internal';
  }
  const from = email.participants.find((p) => p.role === 'from');
  return from && isOwn(from, own) ? 'outbound' : 'inbound';
}

export type UpsertPlan =
  | { kind: 'add-links'; itemId: string; occurredAt: Date }
  | {
      kind: 'create';
      item: { kind: 'email' } & EmailItemRow;
      participants: { role: ParticipantRole; email: string; name: string | null }[];
    };

/**
 * Who puts emails on the timeline: a user logging them from the add-in (manual,
 * userId), or the sync reading a mailbox (sync, no user; capturedById: the mailbox's
 * user, whom the dashboard credits with the email).
 */
export type LoggedBy = { userId: string | null; via: 'manual' | 'sync'; capturedById: string | null };

/**
 * Upsert: a message already on the timeline only gains links (whoever logs it
 * again, however often); a new one is created, attributed to who logged it.
 */
export function planUpsert(input: {
  email: NormalizedEmail;
  existing: { id: string; occurredAt: Date } | null;
  own: Set<string>;
  loggedBy: LoggedBy;
  now: Date;
}): UpsertPlan {
  const { email, existing } = input;
  if (existing) return { kind: 'add-links', itemId: existing.id, occurredAt: existing.occurredAt };
  return {
    kind: 'create',
    item: {
      kind: 'email',
      occurredAt: email.sentAt,
      internetMessageId: email.internetMessageId,
      subject: email.subject,
      conversationId: email.conversationId,
      preview: email.preview,
      body: email.body,
      direction: directionOf(email, input.own),
      loggedById: input.loggedBy.userId,
      loggedAt: input.now,
      loggedVia: input.loggedBy.via,
      capturedById: input.loggedBy.capturedById,
    },
    participants: email.participants.map((p) => ({ role: p.role, email: p.email, name: p.name })),
  };
}

/** What recordEmails looked up once for a whole batch, for planBatch to decide on. */
export type BatchLookups = {
  own: Set<string>;
  /** Every spelling of the batch's addresses that names a contact. */
  contactByAddress: ReadonlyMap<string, string>;
  /** Every spelling of the batch's (not own) domains that names a company. */
  companyByDomain: ReadonlyMap<string, string>;
  /** The company of each matched or given contact. */
  companyOfContact: ReadonlyMap<string, string | null>;
  /** The company of each given deal. */
  companyOfDeal: ReadonlyMap<string, string | null>;
  /** The batch's messages already on the timeline, by Message-ID. */
  existing: ReadonlyMap<string, { id: string; occurredAt: Date }>;
  /** Items on the timeline that the batch's emails reply to, by Message-ID, with their links. */
  threadParents: ReadonlyMap<string, EmailLinks>;
};

export type BatchDecision =
  | { index: number; internetMessageId: string; outcome: 'rejected' | 'skipped'; reason: string }
  /** Written to the item of its Message-ID; `first` is the input that creates it when it is new. */
  | { index: number; internetMessageId: string; outcome: 'write'; first: boolean };

export type BatchPlan = {
  decisions: BatchDecision[];
  /** One entry per Message-ID written: create the item or add to it, and the links it gets. */
  writes: Map<string, { plan: UpsertPlan; links: EmailLinks }>;
};

export const REJECTED_MESSAGE_ID = 'The email has no usable Message-ID';
export const SKIPPED_IRRELEVANT = 'No contact, company or logged thread concerns the email';

const hasLinks = (l: EmailLinks) => l.contactIds.length + l.companyIds.length + l.dealIds.length > 0;

function mergeLinks(into: EmailLinks, from: EmailLinks): boolean {
  let grew = false;
  for (const key of ['contactIds', 'companyIds', 'dealIds'] as const) {
    for (const id of from[key]) {
      if (!into[key].includes(id)) {
        into[key].push(id);
        grew = true;
      }
    }
  }
  return grew;
}

/**
 * A batch: emails with an unusable Message-ID are rejected; the rest are grouped
 * by Message-ID (duplicates within the batch make one item, the first input's
 * fields, the links of all). Each group is linked to what its participants match
 * (planLinks), and inherits the links of the items it replies to, on the timeline
 * or in this batch. With onlyRelevant, a group that is not on the timeline yet, is
 * linked to nothing and continues no logged or relevant thread is skipped.
 */
export function planBatch(input: {
  emails: NormalizedEmail[];
  lookups: BatchLookups;
  onlyRelevant: boolean;
  loggedBy: LoggedBy;
  now: Date;
}): BatchPlan {
  const { lookups } = input;
  type Group = { first: NormalizedEmail; links: EmailLinks; threadIds: Set<string>; relevant: boolean };
  const groups = new Map<string, Group>();
  for (const email of input.emails) {
    if (!isUsableMessageId(email.internetMessageId)) continue;
    const matches = matchParticipants(
      email.participants,
      lookups.contactByAddress,
      lookups.companyByDomain,
      lookups.own,
    );
    const links = planLinks({
      matches,
      explicitContactIds: email.contactIds,
      companyOfContact: lookups.companyOfContact,
      deal: email.dealId ? { id: email.dealId, companyId: lookups.companyOfDeal.get(email.dealId) ?? null } : null,
    });
    let group = groups.get(email.internetMessageId);
    if (!group) {
      group = {
        first: email,
        links: { contactIds: [], companyIds: [], dealIds: [] },
        threadIds: new Set(),
        relevant: false,
      };
      groups.set(email.internetMessageId, group);
    }
    mergeLinks(group.links, links);
    for (const id of email.threadIds) group.threadIds.add(id);
  }
  for (const [id, group] of groups) {
    group.relevant = hasLinks(group.links) || lookups.existing.has(id);
    for (const parentId of group.threadIds) {
      const parent = lookups.threadParents.get(parentId);
      if (!parent) continue;
      group.relevant = true;
      mergeLinks(group.links, parent);
    }
  }
  // Replies to emails of this batch: pass links and relevance down the thread until
  // nothing changes (each round reaches one more generation; a batch is finite).
  for (let changed = true; changed;) {
    changed = false;
    for (const group of groups.values()) {
      for (const parentId of group.threadIds) {
        const parent = groups.get(parentId);
        if (!parent?.relevant) continue;
        if (!group.relevant) group.relevant = changed = true;
        if (mergeLinks(group.links, parent.links)) changed = true;
      }
    }
  }

  const writes: BatchPlan['writes'] = new Map();
  const decisions = input.emails.map((email, index): BatchDecision => {
    const internetMessageId = email.internetMessageId;
    const group = groups.get(internetMessageId);
    if (!group) return { index, internetMessageId, outcome: 'rejected', reason: REJECTED_MESSAGE_ID };
    if (input.onlyRelevant && !group.relevant) {
      return { index, internetMessageId, outcome: 'skipped', reason: SKIPPED_IRRELEVANT };
    }
    const first = !writes.has(internetMessageId);
    if (first) {
      const plan = planUpsert({
        email: group.first,
        existing: lookups.existing.get(internetMessageId) ?? null,
        own: lookups.own,
        loggedBy: input.loggedBy,
        now: input.now,
      });
      writes.set(internetMessageId, { plan, links: group.links });
    }
    return { index, internetMessageId, outcome: 'write', first };
  });
  return { decisions, writes };
}

/** The addresses, domains and Message-IDs a batch looks up, each once. */
export function batchLookupKeys(emails: NormalizedEmail[], own: Set<string>) {
  const addresses = new Set<string>();
  const domains = new Set<string>();
  const messageIds = new Set<string>();
  const threadIds = new Set<string>();
  const contactIds = new Set<string>();
  const dealIds = new Set<string>();
  for (const email of emails) {
    if (!isUsableMessageId(email.internetMessageId)) continue;
    const keys = lookupKeys(email.participants, own);
    for (const a of keys.addresses) addresses.add(a);
    for (const d of keys.domains) domains.add(d);
    messageIds.add(email.internetMessageId);
    for (const id of email.threadIds) threadIds.add(id);
    for (const id of email.contactIds) contactIds.add(id);
    if (email.dealId) dealIds.add(email.dealId);
  }
  return {
    addresses: [...addresses],
    domains: [...domains],
    messageIds: [...messageIds],
    threadIds: [...threadIds],
    contactIds: [...contactIds],
    dealIds: [...dealIds],
  };
}

/** Each contact's newest email time among the items it is linked to: lastContactedAt moves to it if later. */
export function lastContactedAtOf(items: { contactIds: string[]; occurredAt: Date }[]): Map<string, Date> {
  const latest = new Map<string, Date>();
  for (const item of items) {
    for (const id of item.contactIds) {
      const seen = latest.get(id);
      if (!seen || seen < item.occurredAt) latest.set(id, item.occurredAt);
    }
  }
  return latest;
}
