// Mailbox state of the Graph simulator: tenants, users, folders, messages, and a change
// log per mailbox that delta rounds and change notifications read. Pure in-memory state,
// no HTTP here (server.ts and the route handlers render it in Graph's shapes).
import { randomBytes, randomUUID } from 'node:crypto';

/** A directory (an Entra tenant): its apps and their consent live in entra/directory.ts. */
export type SimTenant = {
  directoryTenantId: string;
  displayName: string;
  /** Verified domains, the default first; the initial `<name>.onmicrosoft.com` is added. */
  domains: string[];
  initialDomain: string;
};

export type SimUser = {
  id: string;
  directoryTenantId: string;
  mail: string;
  displayName: string;
  userPrincipalName: string;
  givenName: string | null;
  surname: string | null;
  /** A global administrator of the directory: may consent for the organisation. */
  admin: boolean;
};

export type SimFolder = {
  id: string;
  userId: string;
  displayName: string;
  /** The root folder's id for top-level folders. */
  parentFolderId: string;
  wellKnownName: string | null;
  isHidden: boolean;
};

export type SimAddress = { name: string; address: string };

export type SimMessageInput = {
  subject: string;
  /** Plain-text body; rendered as HTML when a client asks for html (the default). */
  bodyText: string;
  /** An HTML body; when given without bodyText, the text is the HTML without tags. */
  bodyHtml: string | null;
  from: SimAddress;
  sender: SimAddress | null;
  toRecipients: SimAddress[];
  ccRecipients: SimAddress[];
  bccRecipients: SimAddress[];
  replyTo: SimAddress[];
  receivedDateTime: string;
  sentDateTime: string;
  internetMessageId: string;
  conversationId: string;
  inReplyTo: string | null;
  references: string[];
  listUnsubscribe: string | null;
  precedence: string | null;
  extraHeaders: { name: string; value: string }[];
  isRead: boolean;
  isDraft: boolean;
  importance: 'low' | 'normal' | 'high';
  categories: string[];
  hasAttachments: boolean;
};

export type SimMessage = SimMessageInput & {
  /** The immutable id: the store's key; it survives moves. */
  id: string;
  userId: string;
  folderId: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  /** Bumped on every change; the etag and changeKey derive from it. */
  version: number;
};

export type ChangeKind = 'added' | 'updated' | 'removed';
export type ChangeEntry = { seq: number; folderId: string; messageId: string; kind: ChangeKind };
export type MailboxChange = {
  userId: string;
  folderId: string;
  message: SimMessage;
  changeType: 'created' | 'updated' | 'deleted';
};

type Mailbox = {
  user: SimUser;
  folders: Map<string, SimFolder>;
  rootFolderId: string;
  messages: Map<string, SimMessage>;
  /** Mutable ("REST") ids issued so far → immutable id; a move issues a new one. */
  restIds: Map<string, string>;
  log: ChangeEntry[];
  seq: number;
};

/** The root folders every mailbox starts with, in Exchange's display names. */
export const WELL_KNOWN_FOLDERS: readonly { name: string; displayName: string; isHidden?: boolean }[] = [
  { name: 'archive', displayName: 'Archive' },
  { name: 'conversationhistory', displayName: 'Conversation History' },
  { name: 'deleteditems', displayName: 'Deleted Items' },
  { name: 'drafts', displayName: 'Drafts' },
  { name: 'inbox', displayName: 'Inbox' },
  { name: 'junkemail', displayName: 'Junk Email' },
  { name: 'outbox', displayName: 'Outbox' },
  { name: 'sentitems', displayName: 'Sent Items' },
  { name: 'clutter', displayName: 'Clutter', isHidden: true },
];

const IMMUTABLE_PREFIX = 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A';
const REST_PREFIX = 'AAMkAGI2';

/** Exchange's id alphabet: base64 with `/`→`-` and `+`→`_`, padding kept (ids may end in `=`). */
export function exchangeBase64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\//g, '-').replace(/\+/g, '_');
}

export function newFolderId(): string {
  return 'AQMkAD' + exchangeBase64(randomBytes(30));
}

export function createStore() {
  const tenants = new Map<string, SimTenant>();
  const mailboxes = new Map<string, Mailbox>();
  const listeners = new Set<(change: MailboxChange) => void>();

  function mailbox(userId: string): Mailbox {
    const box = mailboxes.get(userId);
    if (!box) throw new Error(`Graph simulator: no user ${userId}`);
    return box;
  }

  function append(box: Mailbox, folderId: string, messageId: string, kind: ChangeKind): void {
    box.seq += 1;
    box.log.push({ seq: box.seq, folderId, messageId, kind });
  }

  function emit(change: MailboxChange): void {
    for (const listener of listeners) listener(change);
  }

  function issueRestId(box: Mailbox, message: SimMessage): string {
    // A mutable id depends on the folder (as Exchange's EntryId-based ids do), so a move changes it.
    const raw = Buffer.from(message.id.slice(IMMUTABLE_PREFIX.length) + '|' + message.folderId);
    const id = REST_PREFIX + exchangeBase64(raw).slice(0, 40) + exchangeBase64(randomBytes(7)).slice(0, 8) + '=';
    box.restIds.set(id, message.id);
    return id;
  }

  const restIdOf = new Map<string, string>(); // `${immutable}|${folder}` → rest id

  return {
    tenants,
    onChange(listener: (change: MailboxChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Adds the directory, or returns it if it exists (its name and domains unchanged). */
    addDirectory(t: { directoryTenantId: string; displayName?: string; domains?: string[] }): SimTenant {
      const existing = tenants.get(t.directoryTenantId);
      if (existing) return existing;
      const domains = (t.domains ?? []).map((d) => d.toLowerCase());
      const label = (domains[0] ?? t.directoryTenantId).split('.')[0]?.replace(/[^a-z0-9]/gi, '') || 'tenant';
      const tenant: SimTenant = {
        directoryTenantId: t.directoryTenantId,
        displayName: t.displayName ?? domains[0] ?? t.directoryTenantId,
        domains,
        initialDomain: `${label.toLowerCase()}.onmicrosoft.com`,
      };
      tenants.set(t.directoryTenantId, tenant);
      return tenant;
    },

    /** A directory by its id or one of its domains (case-insensitive), or null. */
    findDirectory(idOrDomain: string): SimTenant | null {
      const direct = tenants.get(idOrDomain);
      if (direct) return direct;
      const lower = idOrDomain.toLowerCase();
      for (const tenant of tenants.values()) {
        if (tenant.directoryTenantId.toLowerCase() === lower) return tenant;
        if (tenant.initialDomain === lower || tenant.domains.includes(lower)) return tenant;
      }
      return null;
    },

    addUser(
      directoryTenantId: string,
      u: { id?: string; mail: string; displayName: string; admin?: boolean },
    ): SimUser {
      if (!tenants.has(directoryTenantId)) throw new Error(`Graph simulator: no tenant ${directoryTenantId}`);
      const [givenName = null, ...rest] = u.displayName.split(' ');
      const user: SimUser = {
        id: u.id ?? randomUUID(),
        directoryTenantId,
        mail: u.mail,
        displayName: u.displayName,
        userPrincipalName: u.mail,
        givenName,
        surname: rest.length > 0 ? rest.join(' ') : null,
        admin: u.admin ?? false,
      };
      const rootFolderId = newFolderId();
      const box: Mailbox = {
        user,
        folders: new Map(),
        rootFolderId,
        messages: new Map(),
        restIds: new Map(),
        log: [],
        seq: 0,
      };
      for (const f of WELL_KNOWN_FOLDERS) {
        const folder: SimFolder = {
          id: newFolderId(),
          userId: user.id,
          displayName: f.displayName,
          parentFolderId: rootFolderId,
          wellKnownName: f.name,
          isHidden: f.isHidden ?? false,
        };
        box.folders.set(folder.id, folder);
      }
      mailboxes.set(user.id, box);
      return user;
    },

    users(directoryTenantId?: string): SimUser[] {
      return [...mailboxes.values()]
        .map((b) => b.user)
        .filter((u) => directoryTenantId === undefined || u.directoryTenantId === directoryTenantId);
    },

    /** A user by id or mail (case-insensitive), or null. */
    findUser(idOrMail: string): SimUser | null {
      const direct = mailboxes.get(idOrMail);
      if (direct) return direct.user;
      const lower = idOrMail.toLowerCase();
      for (const box of mailboxes.values()) {
        if (box.user.mail.toLowerCase() === lower || box.user.id.toLowerCase() === lower) return box.user;
      }
      return null;
    },

    rootFolderId(userId: string): string {
      return mailbox(userId).rootFolderId;
    },

    addFolder(userId: string, f: { displayName: string; parentFolderId?: string; isHidden?: boolean }): SimFolder {
      const box = mailbox(userId);
      const parent = f.parentFolderId === undefined ? box.rootFolderId : this.findFolder(userId, f.parentFolderId)?.id;
      if (parent === undefined) throw new Error(`Graph simulator: no folder ${f.parentFolderId ?? ''}`);
      const folder: SimFolder = {
        id: newFolderId(),
        userId,
        displayName: f.displayName,
        parentFolderId: parent,
        wellKnownName: null,
        isHidden: f.isHidden ?? false,
      };
      box.folders.set(folder.id, folder);
      return folder;
    },

    /** A folder by id or well-known name (case-insensitive), or null. */
    findFolder(userId: string, idOrName: string): SimFolder | null {
      const box = mailbox(userId);
      const byId = box.folders.get(idOrName);
      if (byId) return byId;
      const lower = idOrName.toLowerCase();
      for (const folder of box.folders.values()) if (folder.wellKnownName === lower) return folder;
      return null;
    },

    childFolders(userId: string, parentId: string): SimFolder[] {
      return [...mailbox(userId).folders.values()].filter((f) => f.parentFolderId === parentId);
    },

    messagesIn(folderId: string, userId: string): SimMessage[] {
      return [...mailbox(userId).messages.values()].filter((m) => m.folderId === folderId);
    },

    /** A message by immutable or mutable id, or null. */
    findMessage(userId: string, id: string): SimMessage | null {
      const box = mailbox(userId);
      return box.messages.get(id) ?? box.messages.get(box.restIds.get(id) ?? '') ?? null;
    },

    /** The mutable id of a message in its current folder (stable until it moves). */
    restId(message: SimMessage): string {
      const key = `${message.id}|${message.folderId}`;
      let id = restIdOf.get(key);
      if (id === undefined) {
        id = issueRestId(mailbox(message.userId), message);
        restIdOf.set(key, id);
      }
      return id;
    },

    insertMessage(userId: string, folderId: string, input: SimMessageInput, now: string): SimMessage {
      const box = mailbox(userId);
      const message: SimMessage = {
        ...input,
        id: IMMUTABLE_PREFIX + exchangeBase64(randomBytes(17)),
        userId,
        folderId,
        createdDateTime: now,
        lastModifiedDateTime: now,
        version: 1,
      };
      box.messages.set(message.id, message);
      append(box, folderId, message.id, 'added');
      emit({ userId, folderId, message, changeType: 'created' });
      return message;
    },

    updateMessage(userId: string, id: string, patch: Partial<SimMessageInput>, now: string): SimMessage {
      const box = mailbox(userId);
      const message = this.findMessage(userId, id);
      if (!message) throw new Error(`Graph simulator: no message ${id}`);
      Object.assign(message, patch, { lastModifiedDateTime: now, version: message.version + 1 });
      append(box, message.folderId, message.id, 'updated');
      emit({ userId, folderId: message.folderId, message, changeType: 'updated' });
      return message;
    },

    moveMessage(userId: string, id: string, toFolderId: string, now: string): SimMessage {
      const box = mailbox(userId);
      const message = this.findMessage(userId, id);
      if (!message) throw new Error(`Graph simulator: no message ${id}`);
      const from = message.folderId;
      message.folderId = toFolderId;
      message.lastModifiedDateTime = now;
      message.version += 1;
      append(box, from, message.id, 'removed');
      append(box, toFolderId, message.id, 'added');
      emit({ userId, folderId: from, message, changeType: 'deleted' });
      emit({ userId, folderId: toFolderId, message, changeType: 'created' });
      return message;
    },

    deleteMessage(userId: string, id: string): void {
      const box = mailbox(userId);
      const message = this.findMessage(userId, id);
      if (!message) throw new Error(`Graph simulator: no message ${id}`);
      box.messages.delete(message.id);
      append(box, message.folderId, message.id, 'removed');
      emit({ userId, folderId: message.folderId, message, changeType: 'deleted' });
    },

    /** The mailbox's change counter: a delta round's position. */
    currentSeq(userId: string): number {
      return mailbox(userId).seq;
    },

    /** Log entries of one folder with after < seq <= upTo. */
    changesIn(userId: string, folderId: string, after: number, upTo: number): ChangeEntry[] {
      return mailbox(userId).log.filter((e) => e.folderId === folderId && e.seq > after && e.seq <= upTo);
    },
  };
}

export type Store = ReturnType<typeof createStore>;
