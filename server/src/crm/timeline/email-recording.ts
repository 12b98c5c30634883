// The decisions behind recordEmail, as small pure functions: normalise what the
// caller handed over, match each participant, plan the links, and choose between
// creating the item and adding to the one that exists. email.service.ts runs the
// queries around them; the tables of cases live in email-recording.test.ts.
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
  /** Default: from the addresses and the tenant's own domains. */
  direction?: 'inbound' | 'outbound';
  /** Contacts to link besides those matched by address (the tenant's own). */
  contactIds?: string[];
  dealId?: string | null;
};

export const PREVIEW_LENGTH = 500;
export const SUBJECT_LENGTH = 998;
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
  return {
    internetMessageId: clean(input.internetMessageId).trim(),
    subject: clean(input.subject ?? '').slice(0, SUBJECT_LENGTH),
    sentAt: input.sentAt,
    conversationId: input.conversationId ? clean(input.conversationId).trim() || null : null,
    preview: preview || null,
    direction: input.direction,
    participants,
    contactIds: [...new Set(input.contactIds ?? [])],
    dealId: input.dealId ?? null,
  };
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
      item: {
        kind: 'email';
        occurredAt: Date;
        internetMessageId: string;
        subject: string;
        conversationId: string | null;
        preview: string | null;
        direction: 'inbound' | 'outbound' | 'internal';
        loggedById: string | null;
        loggedAt: Date;
        loggedVia: 'manual' | 'sync';
      };
      participants: { role: ParticipantRole; email: string; name: string | null }[];
    };

/**
 * Upsert: a message already on the timeline only gains links (whoever logs it
 * again, however often); a new one is created, attributed to who logged it.
 */
export function planUpsert(input: {
  email: NormalizedEmail;
  existing: { id: string; occurredAt: Date } | null;
  own: Set<string>;
  loggedBy: { userId: string | null; via: 'manual' | 'sync' };
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
      direction: directionOf(email, input.own),
      loggedById: input.loggedBy.userId,
      loggedAt: input.now,
      loggedVia: input.loggedBy.via,
    },
    participants: email.participants.map((p) => ({ role: p.role, email: p.email, name: p.name })),
  };
}
