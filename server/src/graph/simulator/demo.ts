// The demo's Microsoft 365: the Graph simulator in the server's own process, with
// the demo tenant's two mailboxes (alice@ and bob@contoso.example) holding mail
// with the seeded contacts, some mail the sync must leave out (internal, a
// newsletter), a reply to a logged thread, and new mail arriving now and then, so
// a new user sees the sync put correspondence on the timelines.
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '../../shared/log.ts';
import { startGraphSimulator } from './server.ts';
import type { SimAddress } from './store.ts';

export type DemoGraph = Awaited<ReturnType<typeof startDemoGraph>>;

const stableId = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

const DIRECTORY = 'contoso-demo-directory';
const alice: SimAddress = { name: 'Alice Larsson', address: 'alice@contoso.example' };
const bob: SimAddress = { name: 'Bob Beridze', address: 'bob@contoso.example' };
const nino: SimAddress = { name: 'Nino Kapanadze', address: 'nino@fabrikam.example' };
const darius: SimAddress = { name: 'Darius Rahimi', address: 'darius@fabrikam.example' };
const karin: SimAddress = { name: 'Karin Lindqvist', address: 'karin@northwind.example' };
const priya: SimAddress = { name: 'Priya Raman', address: 'priya@tailspin.example' };
const erik: SimAddress = { name: 'Erik Nilsson', address: 'erik@northwind.example' };
const newcomer: SimAddress = { name: 'Mariam Tsereteli', address: 'mariam@fabrikam.example' };

/** New mail arriving while the demo runs: who writes, to whom, about what. */
const ARRIVALS: [SimAddress, SimAddress, string, string][] = [
  [nino, alice, 'Purchase order', 'Alice, the purchase order for the renewal is signed: PO attached.'],
  [karin, bob, 'Budget approved', 'Bob, the board approved the budget for the rollout.'],
  [priya, alice, 'Pilot feedback', 'The pilot group loves the pane. Can we talk about pricing?'],
  [erik, bob, 'Delivery dates', 'Could you confirm the delivery dates for the licences?'],
  [darius, alice, 'Tenant restrictions', 'We enabled the tenant restrictions; the add-in still works.'],
];

export async function startDemoGraph(options: { log: Logger; arrivalSeconds?: number }) {
  const sim = await startGraphSimulator({ latencyMs: 0 });
  const clientId = randomUUID();
  const clientSecret = randomUUID();
  sim.addTenant({ directoryTenantId: DIRECTORY, clientId, clientSecret, domains: ['contoso.example'] });
  const mailboxes = {
    // Fixed ids, as a directory's are: the server remembers them from one start to the next.
    alice: sim.addUser(DIRECTORY, {
      id: '5d2c7a8e-1f3b-4c6d-9e0a-a11ce0000001',
      mail: alice.address,
      displayName: alice.name,
    }),
    bob: sim.addUser(DIRECTORY, {
      id: '5d2c7a8e-1f3b-4c6d-9e0a-b0b000000002',
      mail: bob.address,
      displayName: bob.name,
    }),
  };
  const daysAgo = (days: number, hour = 9) => {
    if (days === 0) return new Date().toISOString();
    const date = new Date(Date.now() - days * 86_400_000);
    date.setUTCHours(hour, 0, 0, 0);
    return date.toISOString();
  };
  const mail = (
    owner: keyof typeof mailboxes,
    folder: 'inbox' | 'sentitems',
    m: {
      from: SimAddress;
      to: SimAddress[];
      cc?: SimAddress[];
      subject: string;
      text: string;
      days: number;
      id?: string;
      replyTo?: string;
      bulk?: boolean;
    },
  ) =>
    sim.addMessage(mailboxes[owner].id, folder, {
      from: m.from,
      toRecipients: m.to,
      ccRecipients: m.cc ?? [],
      subject: m.subject,
      bodyText: m.text,
      sentDateTime: daysAgo(m.days),
      receivedDateTime: daysAgo(m.days),
      // Stable Message-IDs: the demo's data outlives this simulator, and a restarted
      // server must find the same emails again, not new copies of them.
      internetMessageId:
        m.id ?? `<${stableId(`${owner}|${folder}|${m.subject}|${m.days}|${m.text}`)}@demo.contoso.example>`,
      ...(m.replyTo ? { inReplyTo: m.replyTo, references: [m.replyTo] } : {}),
      ...(m.bulk ? { listUnsubscribe: '<https://news.example/unsubscribe>', precedence: 'bulk' } : {}),
    });

  // Already logged by hand in the seed (same Message-ID): the sync finds the same items.
  mail('alice', 'sentitems', {
    from: alice,
    to: [nino],
    subject: 'Renewal terms for next year',
    text: 'Hi Nino, attached are the renewal terms we discussed.',
    days: 12,
    id: '<renewal-1@demo.contoso.example>',
  });
  mail('alice', 'inbox', {
    from: nino,
    to: [alice],
    subject: 'Re: Renewal terms for next year',
    text: 'Thanks Alice, we will review them with finance this week.',
    days: 10,
    id: '<renewal-2@demo.contoso.example>',
    replyTo: '<renewal-1@demo.contoso.example>',
  });
  // New to the CRM: the sync brings these in.
  mail('alice', 'inbox', {
    from: nino,
    to: [alice],
    subject: 'Re: Renewal terms for next year',
    text: 'Finance signed off. Can we schedule the call for Thursday?',
    days: 2,
    replyTo: '<renewal-2@demo.contoso.example>',
  });
  mail('alice', 'sentitems', {
    from: alice,
    to: [darius],
    subject: 'Re: Single sign-on question',
    text: 'Yes: the add-in signs in with your Entra ID, tenant restrictions included.',
    days: 5,
  });
  mail('alice', 'inbox', {
    from: newcomer,
    to: [alice],
    subject: 'Invoice address',
    text: 'Please send future invoices to our Tbilisi office.',
    days: 4,
  });
  mail('alice', 'inbox', {
    from: priya,
    to: [alice],
    cc: [bob],
    subject: 'Pilot planning',
    text: 'Could we start the pilot with ten users in January?',
    days: 1,
    id: '<pilot-planning@tailspin.example>',
  });
  mail('bob', 'inbox', {
    from: priya,
    to: [alice],
    cc: [bob],
    subject: 'Pilot planning',
    text: 'Could we start the pilot with ten users in January?',
    days: 1,
    id: '<pilot-planning@tailspin.example>',
  });
  mail('bob', 'sentitems', {
    from: bob,
    to: [karin],
    cc: [erik],
    subject: 'Contract comments',
    text: 'Karin, thanks for the comments: a revised draft is attached.',
    days: 2,
  });
  // Left out by the sync: internal only, and a newsletter.
  mail('bob', 'inbox', { from: alice, to: [bob], subject: 'Lunch?', text: 'Shall we go for lunch at noon?', days: 0 });
  mail('alice', 'inbox', {
    from: { name: 'Weekly Digest', address: 'digest@news.example' },
    to: [alice],
    subject: 'This week in sales',
    text: 'Ten tips for closing deals.',
    days: 3,
    bulk: true,
  });

  let timer: NodeJS.Timeout | undefined;
  let next = 0;
  return {
    url: sim.url,
    ca: sim.ca,
    directoryTenantId: DIRECTORY,
    credentials: { baseUrl: sim.url, authorityHost: sim.url, clientId, clientSecret },
    /** A new email from a contact every arrivalSeconds (default 60), to show the webhook at work. */
    startMailFlow() {
      timer = setInterval(
        () => {
          const arrival = ARRIVALS[next++ % ARRIVALS.length];
          if (!arrival) return;
          const [from, to, subject, text] = arrival;
          const owner = to === alice ? 'alice' : 'bob';
          mail(owner, 'inbox', {
            from,
            to: [to],
            subject,
            text,
            days: 0,
            id: `<arrival-${randomUUID()}@demo.contoso.example>`,
          });
          options.log.info({ event: 'demo.mail.arrived', mailbox: to.address }, 'demo: new mail in the simulator');
        },
        (options.arrivalSeconds ?? 60) * 1000,
      );
      timer.unref();
    },
    stopMailFlow() {
      clearInterval(timer);
    },
    close: () => sim.close(),
  };
}
