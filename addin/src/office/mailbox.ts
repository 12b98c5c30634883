// What the pane knows of Outlook: plain typed data, whatever the host. Only this
// folder touches Office.*; the stand-in mailbox gives the same shape in a browser.

export type Person = { email: string; name: string | null };

export type MessageItem = {
  kind: 'message';
  /** RFC 5322 Message-ID, the key the CRM logs an email under. */
  internetMessageId: string;
  subject: string;
  from: Person;
  to: Person[];
  cc: Person[];
  /** ISO instant. */
  sentAt: string;
  conversationId: string | null;
};

/** A meeting, a task or anything else that is not an email. */
export type OtherItem = { kind: 'other'; itemType: string };

/** Nothing selected: Outlook passes a null item between two selections. */
export type NoItem = { kind: 'none' };

export type MailItem = MessageItem | OtherItem | NoItem;

export type Mailbox = {
  readonly host: 'outlook' | 'stand-in';
  readonly user: Person;
  /** BCP 47 tag of Outlook's display language. */
  readonly displayLanguage: string;
  /** Whether the pane follows the selection when pinned (Mailbox 1.5). */
  readonly followsSelection: boolean;
  current(): MailItem;
  /** Calls back with the newly selected item; returns an unsubscribe function. */
  onItemChanged(listener: (item: MailItem) => void): () => void;
  /** The message body as plain text, for the preview a logged email keeps. */
  bodyText(): Promise<string | null>;
};

/** Everyone on the message the CRM may know, sender first, without the user and without repeats. */
export function participantsOf(item: MessageItem, user: Person): Person[] {
  const seen = new Set([user.email.toLowerCase()]);
  const people: Person[] = [];
  for (const person of [item.from, ...item.to, ...item.cc]) {
    const email = person.email.toLowerCase();
    if (seen.has(email)) continue;
    seen.add(email);
    people.push({ email, name: person.name });
  }
  return people;
}
