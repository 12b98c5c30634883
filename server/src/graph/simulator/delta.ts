// Message delta per folder. A round is fixed when it starts (the ids and their change
// kind, from the mailbox's change log), then paged with `$skiptoken` links; the last
// page carries a `$deltatoken` link that starts the next round from where this one ended.
// Items are rendered from the message's state when their page is served, so a change made
// mid-round may show up twice (a replay), as on Graph. Tokens are opaque base64url keys
// into a registry, so expireDeltaTokens can turn every link issued so far into a 410.
import { randomBytes } from 'node:crypto';
import { GraphError } from './responses.ts';
import { renderMessage, type RenderOptions } from './render.ts';
import type { SimFolder, Store } from './store.ts';

type ChangeType = 'created' | 'updated' | 'deleted';
type RoundItem = { messageId: string; change: ChangeType };

type Cursor = {
  userId: string;
  folderId: string;
  /** The log position the round's changes start after (0: initial round). */
  base: number;
  /** Filled when the round starts: the log position it ends at, and its items. */
  round: { target: number; items: RoundItem[] } | null;
  offset: number;
  select: string | undefined;
  changeType: ChangeType | null;
  expired: boolean;
};

export type DeltaPageRequest = {
  userId: string;
  folder: SimFolder;
  query: Map<string, string>;
  pageSize: number;
  render: Omit<RenderOptions, 'select'>;
  replay: boolean;
  emptyPage: boolean;
};

export const DEFAULT_DELTA_PAGE_SIZE = 10;
export const MAX_DELTA_PAGE_SIZE = 1000;

export function syncStateNotFound(): GraphError {
  const generation = 100 + Math.floor(Math.random() * 50);
  return new GraphError(
    410,
    'SyncStateNotFound',
    `The sync state generation is not found; generation=${generation};[highest=${generation + 8}][${generation + 8}][${generation + 6}][${generation + 7}].`,
  );
}

export function createDeltaRegistry(store: Store, graphBaseUrl: () => string) {
  const cursors = new Map<string, Cursor>();

  function issue(cursor: Cursor): string {
    const token = randomBytes(33).toString('base64url');
    cursors.set(token, cursor);
    return token;
  }

  function startRound(cursor: Cursor): { target: number; items: RoundItem[] } {
    const target = store.currentSeq(cursor.userId);
    const entries = store.changesIn(cursor.userId, cursor.folderId, cursor.base, target);
    const byMessage = new Map<string, { added: boolean; lastSeq: number }>();
    for (const e of entries) {
      const seen = byMessage.get(e.messageId) ?? { added: false, lastSeq: 0 };
      byMessage.set(e.messageId, { added: seen.added || e.kind === 'added', lastSeq: e.seq });
    }
    const items: RoundItem[] = [];
    for (const [messageId, seen] of [...byMessage].sort((a, b) => a[1].lastSeq - b[1].lastSeq)) {
      const message = store.findMessage(cursor.userId, messageId);
      const present = message !== null && message.folderId === cursor.folderId;
      if (!present && cursor.base === 0) continue; // an initial round lists what is there
      const change: ChangeType = !present ? 'deleted' : seen.added ? 'created' : 'updated';
      if (cursor.changeType !== null && cursor.changeType !== change) continue;
      items.push({ messageId, change });
    }
    return { target, items };
  }

  function link(cursor: Cursor, param: '$skiptoken' | '$deltatoken', token: string): string {
    return `${graphBaseUrl()}/users/${cursor.userId}/mailFolders/${cursor.folderId}/messages/delta?${param}=${token}`;
  }

  function renderItem(item: RoundItem, cursor: Cursor, request: DeltaPageRequest): Record<string, unknown> {
    const message = store.findMessage(cursor.userId, item.messageId);
    if (message?.folderId !== cursor.folderId || item.change === 'deleted') {
      // A removed item carries the id the client would have seen: the immutable one if it asked.
      const id = request.render.immutableIds || message === null ? item.messageId : store.restId(message);
      return { '@odata.type': '#microsoft.graph.message', id, '@removed': { reason: 'deleted' } };
    }
    const select = cursor.select === undefined ? null : new Set(cursor.select.toLowerCase().split(','));
    return {
      '@odata.type': '#microsoft.graph.message',
      ...renderMessage(store, message, { ...request.render, select }),
    };
  }

  return {
    /** One delta page: `{ @odata.context, @odata.nextLink | @odata.deltaLink, value }`. */
    page(request: DeltaPageRequest): Record<string, unknown> {
      const skip = request.query.get('$skiptoken');
      const delta = request.query.get('$deltatoken');
      let cursor: Cursor;
      if (skip !== undefined || delta !== undefined) {
        const found = cursors.get(skip ?? delta ?? '');
        if (!found || found.expired || found.userId !== request.userId || found.folderId !== request.folder.id) {
          throw syncStateNotFound();
        }
        cursor = { ...found };
      } else {
        const changeType = request.query.get('changetype');
        if (changeType !== undefined && !['created', 'updated', 'deleted'].includes(changeType)) {
          throw new GraphError(
            400,
            'ErrorInvalidParameter',
            `The value '${changeType}' of parameter 'changeType' is invalid.`,
          );
        }
        cursor = {
          userId: request.userId,
          folderId: request.folder.id,
          base: 0,
          round: null,
          offset: 0,
          select: request.query.get('$select'),
          changeType: (changeType as ChangeType | undefined) ?? null,
          expired: false,
        };
      }
      const round = cursor.round ?? startRound(cursor);
      const context = `${graphBaseUrl()}/$metadata#Collection(message)`;
      if (request.emptyPage) {
        const next = issue({ ...cursor, round });
        return { '@odata.context': context, '@odata.nextLink': link(cursor, '$skiptoken', next), value: [] };
      }
      const slice = round.items.slice(cursor.offset, cursor.offset + request.pageSize);
      let value = slice.map((item) => renderItem(item, cursor, request));
      if (request.replay) value = [...value, ...value];
      const end = cursor.offset + slice.length;
      if (end < round.items.length) {
        const next = issue({ ...cursor, round, offset: end });
        return { '@odata.context': context, '@odata.nextLink': link(cursor, '$skiptoken', next), value };
      }
      const nextRound = issue({ ...cursor, base: round.target, round: null, offset: 0 });
      return { '@odata.context': context, '@odata.deltaLink': link(cursor, '$deltatoken', nextRound), value };
    },

    /**
     * Every link issued so far (for one mailbox, or all) answers 410 SyncStateNotFound;
     * `only: 'next'` expires the next links of rounds under way and keeps the delta links.
     */
    expire(userId?: string, options: { only?: 'next' } = {}): void {
      for (const cursor of cursors.values()) {
        if (userId !== undefined && cursor.userId !== userId) continue;
        if (options.only === 'next' && cursor.round === null) continue;
        cursor.expired = true;
      }
    },
  };
}

export type DeltaRegistry = ReturnType<typeof createDeltaRegistry>;
