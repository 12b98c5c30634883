// Sample emails of the demo tenant's people: the stand-in mailbox's list, and the
// items the end-to-end tests and the benchmark select.
import type { MailItem, MessageItem, Person } from './mailbox.ts';

export type Sample = { label: string; item: MailItem; body?: string };

const HOUR = 3_600_000;
export const DEMO_USER: Person = { email: 'alice@contoso.example', name: 'Alice Larsson' };
const alice = DEMO_USER;
const bob: Person = { email: 'bob@contoso.example', name: 'Bob Beridze' };

function message(id: string, hoursAgo: number, fields: Omit<MessageItem, 'kind' | 'internetMessageId' | 'sentAt'>) {
  return {
    kind: 'message' as const,
    internetMessageId: `<${id}@stand-in.example>`,
    sentAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
    ...fields,
  };
}

export function demoSamples(): Sample[] {
  return [
    {
      label: 'Nino Kapanadze: renewal',
      item: message('nino-renewal', 2, {
        subject: 'Re: Renewal terms for next year',
        from: { email: 'nino@fabrikam.example', name: 'Nino Kapanadze' },
        to: [alice],
        cc: [],
        conversationId: 'conv-renewal',
      }),
      body: 'Hi Alice, finance approved the budget. Can we meet on Thursday to sign?',
    },
    {
      label: 'Karin Lindqvist: contract',
      item: message('karin-contract', 5, {
        subject: 'Contract comments',
        from: { email: 'karin@northwind.example', name: 'Karin Lindqvist' },
        to: [bob],
        cc: [alice],
        conversationId: 'conv-contract',
      }),
      body: 'Our legal team has two more comments on section 4.',
    },
    {
      label: 'Darius and Nino (two contacts)',
      item: message('darius-sso', 26, {
        subject: 'SSO rollout plan',
        from: { email: 'darius@fabrikam.example', name: 'Darius Rahimi' },
        to: [alice],
        cc: [{ email: 'nino@fabrikam.example', name: 'Nino Kapanadze' }],
        conversationId: 'conv-sso',
      }),
    },
    {
      label: 'Lena Berg (new, Fabrikam)',
      item: message('lena-intro', 30, {
        subject: 'Introduction: new project lead',
        from: { email: 'lena.berg@fabrikam.example', name: 'Lena Berg' },
        to: [alice],
        cc: [],
        conversationId: 'conv-lena',
      }),
    },
    {
      label: 'Mateo Díaz (new, unknown company)',
      item: message('mateo-enquiry', 50, {
        subject: 'Pricing enquiry',
        from: { email: 'mateo@adatum.example', name: 'Mateo Díaz' },
        to: [alice],
        cc: [],
        conversationId: 'conv-mateo',
      }),
    },
    { label: 'A meeting', item: { kind: 'other', itemType: 'appointment' } },
  ];
}
