// Test doubles for the pane's two boundaries: an API whose answers the test
// releases one by one (in any order), and plain demo data.
import {
  notInCrm,
  type Api,
  type Contact,
  type Deal,
  type EmailStatus,
  type Lookup,
  type TimelineItem,
} from '../api/client.ts';

export { notInCrm as unknownLookup };

type Call = { method: keyof Api; args: unknown[]; resolve(value: unknown): void; reject(error: unknown): void };

/** Every call waits until the test answers it: responses arrive in the order the test chooses. */
export function controllableApi() {
  const calls: Call[] = [];
  const api = new Proxy({} as Api, {
    get:
      (_target, method: keyof Api) =>
      (...args: unknown[]) =>
        new Promise((resolve, reject) => calls.push({ method, args, resolve, reject })),
  });
  const pending = (method: keyof Api, first?: unknown) =>
    calls.filter((call) => call.method === method && (first === undefined || call.args[0] === first));
  return { api, calls, pending };
}

/** An API answering at once from fixed data, recording what was asked. */
export function fixedApi(
  data: { lookups: Record<string, Lookup>; status?: EmailStatus },
  overrides: Partial<Api> = {},
) {
  const asked: { method: string; args: unknown[] }[] = [];
  const record =
    <A extends unknown[], R>(method: string, answer: (...args: A) => R) =>
    async (...args: A) => {
      asked.push({ method, args });
      return answer(...args);
    };
  const unexpected = (method: string) =>
    record(method, () => {
      throw new Error(`${method} was not expected`);
    });
  const api: Api = {
    lookup: record('lookup', (email: string) => data.lookups[email] ?? notInCrm(email)),
    emailStatus: record('emailStatus', (id: string) => data.status ?? notLogged(id)),
    pipelines: record('pipelines', () => []),
    contactTimeline: record('contactTimeline', () => ({ items: [], nextCursor: null })),
    companyTimeline: record('companyTimeline', () => ({ items: [], nextCursor: null })),
    dealTimeline: record('dealTimeline', () => ({ items: [], nextCursor: null })),
    logEmail: unexpected('logEmail'),
    moveDeal: unexpected('moveDeal'),
    createDeal: unexpected('createDeal'),
    createContact: unexpected('createContact'),
    createCompany: unexpected('createCompany'),
    addNote: unexpected('addNote'),
    addTask: unexpected('addTask'),
    ...overrides,
  };
  return { api, asked };
}

const T = '2026-11-01T10:00:00.000Z';
const alice = { id: 'u-alice', displayName: 'Alice Larsson', email: 'alice@contoso.example' };

export function contact(name: string, email: string, extra: Partial<Contact> = {}): Contact {
  return {
    id: `c-${email}`,
    name,
    title: 'Buyer',
    phone: '+46 8 123 456',
    emails: [email],
    company: { id: 'co-1', name: 'Fabrikam' },
    owner: alice,
    tags: ['vip'],
    lastContactedAt: T,
    createdAt: T,
    updatedAt: T,
    ...extra,
  };
}

/** A note on the contact's timeline, "Note number i". */
export function note(i: number, about: Contact): TimelineItem {
  return {
    id: `t-${i}`,
    kind: 'note',
    occurredAt: '2026-11-01T10:00:00.000Z',
    author: null,
    body: `Note number ${i}`,
    contactIds: [about.id],
    companyIds: [],
    dealIds: [],
  };
}

export function deal(name: string, extra: Partial<Deal> = {}): Deal {
  return {
    id: `d-${name}`,
    name,
    value: '48000.00',
    currency: 'EUR',
    status: 'open',
    pipeline: { id: 'p-1', name: 'Sales' },
    stage: { id: 's-3', name: 'Proposal', position: 3, stageCount: 6, probability: 50, isWon: false, isLost: false },
    owner: alice,
    company: { id: 'co-1', name: 'Fabrikam' },
    contactIds: [],
    expectedCloseDate: null,
    closedAt: null,
    createdAt: T,
    updatedAt: T,
    ...extra,
  };
}

export function knownLookup(person: Contact, deals: Deal[] = []): Lookup {
  return {
    email: person.emails[0]!,
    contact: person,
    company: null,
    companyMatchedBy: null,
    deals,
    timeline: [],
    lastContactedAt: person.lastContactedAt,
  };
}

export function notLogged(internetMessageId: string): EmailStatus {
  return { internetMessageId, logged: false, itemId: null, loggedBy: null, loggedAt: null, loggedVia: null };
}
