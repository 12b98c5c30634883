// A deterministic, realistic set of mailboxes for demos, load tests and sync tests.
// Same seed → same users (ids included), subjects, participants, dates and
// internetMessageIds; only the store's message ids are random.
import type { GraphSimulator } from './server.ts';
import type { SimAddress, SimMessageInput, SimUser } from './store.ts';

export type PopulationOptions = {
  directoryTenantId: string;
  users: number;
  /** Messages each mailbox owns (inbound, sent, newsletters); internal mail also lands in a colleague's Inbox. */
  messagesPerMailbox: number;
  seed?: number;
  ownDomains: string[];
  externalDomains?: string[];
  /** The newest message's date; default 2026-03-02T09:00:00Z (fixed, so runs match). */
  now?: Date;
  /** Spread of message dates back from `now`; default 90. */
  days?: number;
};

const FIRST = [
  'Ava',
  'Ben',
  'Chloe',
  'Daniel',
  'Emma',
  'Felix',
  'Grace',
  'Hugo',
  'Isla',
  'Jonas',
  'Kira',
  'Liam',
  'Maya',
  'Noah',
  'Olivia',
  'Paul',
  'Quinn',
  'Rosa',
  'Sam',
  'Tara',
];
const LAST = [
  'Andersen',
  'Baker',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ito',
  'Jensen',
  'Kowalski',
  'Larsen',
  'Martin',
  'Nowak',
  'Olsen',
  'Petit',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Weber',
];
const TOPICS = [
  'Q3 proposal',
  'Renewal terms',
  'Pricing question',
  'Onboarding plan',
  'Invoice 2024-118',
  'Meeting next week',
  'Contract draft',
  'Pilot results',
  'Support escalation',
  'Product demo',
  'Integration timeline',
  'Budget approval',
];
const NEWSLETTERS = [
  { name: 'Tailspin Weekly', address: 'newsletter@news.tailspin.example' },
  { name: 'Wide World Deals', address: 'offers@mail.wideworld.example' },
  { name: 'Litware Updates', address: 'no-reply@updates.litware.example' },
];
const DEFAULT_EXTERNAL = [
  'contoso-partners.example',
  'fabrikam.example',
  'northwind.example',
  'adatum.example',
  'woodgrove.example',
];

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatePopulation(sim: GraphSimulator, opts: PopulationOptions): SimUser[] {
  const random = prng(opts.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const guid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const ownDomain = opts.ownDomains[0] ?? 'contoso.example';
  const externalDomains = opts.externalDomains ?? DEFAULT_EXTERNAL;
  const now = (opts.now ?? new Date('2026-03-02T09:00:00Z')).getTime();
  const spread = (opts.days ?? 90) * 24 * 3600_000;

  const users: SimUser[] = [];
  const projectFolders = new Map<string, string>();
  for (let i = 0; i < opts.users; i++) {
    const first = FIRST[i % FIRST.length] ?? 'User';
    const last = LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length] ?? 'Person';
    const suffix = i >= FIRST.length ? String(Math.floor(i / FIRST.length)) : '';
    const user = sim.addUser(opts.directoryTenantId, {
      id: guid(),
      mail: `${first.toLowerCase()}.${last.toLowerCase()}${suffix}@${ownDomain}`,
      displayName: `${first} ${last}`,
    });
    projectFolders.set(user.id, sim.addFolder(user.id, { displayName: 'Projects' }).id);
    users.push(user);
  }
  const contacts: SimAddress[] = Array.from({ length: Math.max(8, opts.users * 6) }, () => {
    const first = pick(FIRST);
    const last = pick(LAST);
    return {
      name: `${first} ${last}`,
      address: `${first.toLowerCase()}.${last.toLowerCase()}@${pick(externalDomains)}`,
    };
  });

  const messageId = (domain: string) => `<${hex(16)}.${hex(8)}@${domain}>`;
  const conversationId = () => `AAQkAG${hex(32)}`;
  type Sent = {
    subject: string;
    internetMessageId: string;
    references: string[];
    conversationId: string;
    other: SimAddress;
  };

  for (const user of users) {
    const me: SimAddress = { name: user.displayName, address: user.mail };
    const history: Sent[] = [];
    const colleagues = users.filter((u) => u.id !== user.id);
    for (let n = 0; n < opts.messagesPerMailbox; n++) {
      const at = new Date(now - spread + Math.floor(((n + random()) / opts.messagesPerMailbox) * spread));
      const receivedDateTime = at.toISOString().replace(/\.\d+Z$/, 'Z');
      const roll = random();
      const earlier = history.length > 0 && random() < 0.3 ? pick(history) : null;
      const thread = (other: SimAddress, domain: string): Partial<SimMessageInput> & Sent => {
        const internetMessageId = messageId(domain);
        if (earlier) {
          return {
            subject: earlier.subject.startsWith('RE: ') ? earlier.subject : `RE: ${earlier.subject}`,
            inReplyTo: earlier.internetMessageId,
            references: [...earlier.references, earlier.internetMessageId],
            conversationId: earlier.conversationId,
            internetMessageId,
            other: earlier.other,
          };
        }
        return { subject: pick(TOPICS), internetMessageId, references: [], conversationId: conversationId(), other };
      };
      const body = (to: SimAddress, from: SimAddress, subject: string) =>
        `Hi ${to.name.split(' ')[0] ?? ''},\n\nFollowing up on "${subject}". Let me know what you think.\n\nBest,\n${from.name}`;

      if (roll < 0.35) {
        const t = thread(pick(contacts), 'mail.example');
        const from = t.other;
        const { other: _o, ...fields } = t;
        sim.addMessage(user.id, 'inbox', {
          ...fields,
          from,
          toRecipients: [me],
          receivedDateTime,
          bodyText: body(me, from, t.subject),
          isRead: random() < 0.7,
        });
        history.push(t);
      } else if (roll < 0.6) {
        const t = thread(pick(contacts), ownDomain);
        const { other: _o, ...fields } = t;
        sim.addMessage(user.id, 'sentitems', {
          ...fields,
          from: me,
          toRecipients: [t.other],
          receivedDateTime,
          bodyText: body(t.other, me, t.subject),
        });
        history.push(t);
      } else if (roll < 0.8 && colleagues.length > 0) {
        // Internal mail: the sender's Sent Items and the colleague's Inbox share one internetMessageId.
        const colleague = pick(colleagues);
        const to: SimAddress = { name: colleague.displayName, address: colleague.mail };
        const shared: Partial<SimMessageInput> = {
          subject: `Internal: ${pick(TOPICS)}`,
          internetMessageId: messageId(ownDomain),
          conversationId: conversationId(),
          from: me,
          toRecipients: [to],
          ccRecipients: random() < 0.3 ? [pick(contacts)] : [],
          receivedDateTime,
          bodyText: body(to, me, 'our internal sync'),
        };
        sim.addMessage(user.id, 'sentitems', shared);
        sim.addMessage(colleague.id, 'inbox', { ...shared, isRead: false });
      } else if (roll < 0.95) {
        const sender = pick(NEWSLETTERS);
        sim.addMessage(user.id, 'inbox', {
          subject: `${sender.name}: ${pick(['This week', 'New features', 'Last chance', 'Your digest'])}`,
          from: sender,
          toRecipients: [me],
          internetMessageId: messageId(sender.address.split('@')[1] ?? 'news.example'),
          listUnsubscribe: `<mailto:unsubscribe@${sender.address.split('@')[1] ?? ''}>, <https://${sender.address.split('@')[1] ?? ''}/unsubscribe?u=${hex(10)}>`,
          precedence: 'bulk',
          receivedDateTime,
          bodyHtml: `<html><body><h1>${sender.name}</h1><p>Read this week's news.</p><a href="#">Unsubscribe</a></body></html>`,
        });
      } else {
        const from = pick(contacts);
        sim.addMessage(user.id, random() < 0.5 ? 'archive' : (projectFolders.get(user.id) ?? 'archive'), {
          subject: pick(TOPICS),
          from,
          toRecipients: [me],
          internetMessageId: messageId('mail.example'),
          receivedDateTime,
          isRead: true,
        });
      }
    }
  }
  return users;
}
