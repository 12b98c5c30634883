// The demo's Microsoft 365: the Graph simulator in the server's own process, with
// the demo tenant's two mailboxes (alice@ and bob@contoso.example) holding mail
// with the seeded contacts, some mail the sync must leave out (internal, a
// newsletter), a reply to a logged thread, and new mail arriving now and then, so
// a new user sees the sync put correspondence on the timelines.
//
// It also plays the demo's Entra ID (`npm run start:entra`): Contoso's directory, already
// onboarded (the product app consented, Alice its admin), and Tailspin Toys' directory,
// not yet onboarded (its admin Ingrid Holm can connect it; its members are refused
// until then). The product's Entra app is registered with fixed development ids.
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '../../shared/log.ts';
import { startGraphSimulator, type GraphSimulator } from './server.ts';
import type { SimAddress, SimUser } from './store.ts';

export type DemoGraph = Awaited<ReturnType<typeof startDemoGraph>>;

const stableId = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

const DIRECTORY = 'contoso-demo-directory';
/** Tailspin Toys' directory: a customer of Contoso's that may onboard itself in the demo. */
export const TAILSPIN_DIRECTORY = '7a1c5e9b-2d4f-4b8a-9e3c-6f0d1b2a3c4d';

/**
 * The product's Entra app in the demo's Entra ID (development only: the simulator is refused
 * in production). `npm run start:entra` sets ENTRA_CLIENT_ID to this id; without
 * ENTRA_CLIENT_SECRET the secret is DEMO_ENTRA_CLIENT_SECRET.
 */
export const DEMO_ENTRA_CLIENT_ID = '4c7e1d2a-8b3f-4e6a-9d5c-0f1a2b3c4d5e';
export const DEMO_ENTRA_CLIENT_SECRET = 'demo-entra-secret~development-only';

/**
 * Where the demo's Entra sends sign-ins back, on the server's public address. Single-page
 * app (PKCE, no secret): /auth/redirect.html, MSAL 5's redirect bridge, the one page every
 * MSAL sign-in of ours comes back to (the pane's pop-up, Office's sign-in dialog, the
 * console's redirect), and brk-multihub://<host>, which lets Outlook broker the pane's
 * tokens (nested app authentication). Web (redeemed with the secret): the server's own
 * callback for the onboarding admin. Entra requires an exact match: add a path here when a
 * page or callback is added.
 */
export function demoRedirectUris(publicUrl: string): { spa: string[]; web: string[] } {
  const base = publicUrl.replace(/\/$/, '');
  return {
    spa: [`${base}/auth/redirect.html`, `brk-multihub://${new URL(base).host}`],
    // The onboarding's callbacks (crm/tenants/onboarding.service.ts): the admin's consent, the sync's.
    web: ['/onboarding/callback', '/onboarding/sync/callback'].map((p) => base + p),
  };
}

export type DemoEntraApp = {
  clientId: string;
  clientSecret: string;
  /** The API's scope (config.auth.apiScope). */
  apiScope: string;
  publicUrl: string;
};
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

export async function startDemoGraph(options: { log: Logger; arrivalSeconds?: number; entra?: DemoEntraApp }) {
  const sim = await startGraphSimulator({ latencyMs: 0 });
  const clientId = randomUUID();
  const clientSecret = randomUUID();
  sim.addTenant({
    directoryTenantId: DIRECTORY,
    displayName: 'Contoso',
    clientId,
    clientSecret,
    domains: ['contoso.example'],
  });
  const mailboxes = {
    // Fixed ids, as a directory's are: the server remembers them from one start to the next.
    alice: sim.addUser(DIRECTORY, {
      id: '5d2c7a8e-1f3b-4c6d-9e0a-a11ce0000001',
      mail: alice.address,
      displayName: alice.name,
      admin: true,
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

  const tailspin = addTailspin(sim);
  if (options.entra) {
    const uris = demoRedirectUris(options.entra.publicUrl);
    sim.registerApp({
      clientId: options.entra.clientId,
      clientSecret: options.entra.clientSecret,
      displayName: 'CRM for Outlook',
      redirectUris: uris.web,
      spaRedirectUris: uris.spa,
      apiScopes: [options.entra.apiScope],
    });
    // Contoso is onboarded: its users may sign in. Tailspin's admin has yet to consent.
    sim.grantConsent(DIRECTORY, options.entra.clientId, ['delegated']);
    // The sync's app: Tailspin's admin consents to it on the onboarding page, back to its own callback.
    sim.registerApp({
      clientId,
      clientSecret,
      displayName: 'CRM for Outlook mail sync',
      redirectUris: uris.web,
      applicationPermissions: ['Mail.Read', 'User.Read.All'],
    });
  }

  let timer: NodeJS.Timeout | undefined;
  let next = 0;
  return {
    url: sim.url,
    ca: sim.ca,
    directoryTenantId: DIRECTORY,
    credentials: { baseUrl: sim.url, authorityHost: sim.url, clientId, clientSecret },
    /** Who signs in where: Contoso's users (fixed object ids, as the seed's users), and Tailspin's. */
    directories: {
      contoso: {
        directoryTenantId: DIRECTORY,
        users: [
          { email: alice.address, name: alice.name, objectId: mailboxes.alice.id, admin: true },
          { email: bob.address, name: bob.name, objectId: mailboxes.bob.id, admin: false },
        ],
      },
      tailspin,
    },
    /** The simulator itself: apps, consent and sign-in for the tests and the onboarding. */
    sim,
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

/** Tailspin Toys: an admin, two members (one of them Contoso's contact Priya), a little mail. */
function addTailspin(sim: GraphSimulator) {
  sim.addDirectory({
    directoryTenantId: TAILSPIN_DIRECTORY,
    displayName: 'Tailspin Toys',
    domains: ['tailspin.example'],
  });
  const people = [
    {
      id: '7a1c5e9b-0000-4000-8000-1d9a00000001',
      mail: 'ingrid@tailspin.example',
      displayName: 'Ingrid Holm',
      admin: true,
    },
    { id: '7a1c5e9b-0000-4000-8000-1d9a00000002', mail: priya.address, displayName: priya.name, admin: false },
    {
      id: '7a1c5e9b-0000-4000-8000-1d9a00000003',
      mail: 'arash@tailspin.example',
      displayName: 'Arash Karimi',
      admin: false,
    },
  ];
  const [ingrid, priyaUser, arash] = people.map((p) => sim.addUser(TAILSPIN_DIRECTORY, p)) as [
    SimUser,
    SimUser,
    SimUser,
  ];
  const at = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const tailspinMail = (
    owner: SimUser,
    folder: 'inbox' | 'sentitems',
    m: { from: SimAddress; to: SimAddress; subject: string; text: string; days: number },
  ) =>
    sim.addMessage(owner.id, folder, {
      from: m.from,
      toRecipients: [m.to],
      subject: m.subject,
      bodyText: m.text,
      sentDateTime: at(m.days),
      receivedDateTime: at(m.days),
      internetMessageId: `<${stableId(`tailspin|${owner.mail}|${folder}|${m.subject}`)}@demo.tailspin.example>`,
    });
  const me = (u: SimUser): SimAddress => ({ name: u.displayName, address: u.mail });
  tailspinMail(priyaUser, 'sentitems', {
    from: me(priyaUser),
    to: alice,
    subject: 'Pilot planning',
    text: 'Could we start the pilot with ten users in January?',
    days: 1,
  });
  tailspinMail(priyaUser, 'inbox', {
    from: karin,
    to: me(priyaUser),
    subject: 'Shipping schedule',
    text: 'Priya, the spring collection ships in March; details attached.',
    days: 3,
  });
  tailspinMail(ingrid, 'inbox', {
    from: erik,
    to: me(ingrid),
    subject: 'Licence renewal',
    text: 'Ingrid, your licences renew next month. Shall I send the quote?',
    days: 6,
  });
  tailspinMail(arash, 'inbox', {
    from: darius,
    to: me(arash),
    subject: 'Warehouse tour',
    text: 'Arash, thanks for the tour of the warehouse last week.',
    days: 9,
  });
  return {
    directoryTenantId: TAILSPIN_DIRECTORY,
    users: people.map((p) => ({ email: p.mail, name: p.displayName, objectId: p.id, admin: p.admin })),
  };
}
