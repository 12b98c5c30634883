// The Graph v1.0 routes the simulator serves (users, mail folders, messages, delta,
// subscriptions). resolveRoute only classifies a request (its kind and mailbox), so the
// caller can apply faults and the concurrency limit before the handler runs.
import { DEFAULT_DELTA_PAGE_SIZE, MAX_DELTA_PAGE_SIZE, type DeltaRegistry } from './delta.ts';
import type { FaultEffect, RequestKind } from './faults.ts';
import { parseSelect, renderFolder, renderMessage, renderUser, selectKeys } from './render.ts';
import { GraphError, jsonResponse, parsePrefer, type Route, type SimRequest, type SimResponse } from './responses.ts';

export type { Route };
import type { SimUser, Store } from './store.ts';
import type { Subscriptions } from './subscriptions.ts';

export type MailboxFlags = { denied: Set<string>; deactivated: Set<string> };

export type RouteContext = {
  store: Store;
  delta: DeltaRegistry;
  subscriptions: Subscriptions;
  mailboxFlags: MailboxFlags;
  graphBaseUrl: () => string;
};

/** `mailFolders('inbox')` → `mailFolders/inbox`, the two spellings Graph accepts. */
export function normalizePath(path: string): string {
  return path.replace(/\/([A-Za-z]+)\('([^']*)'\)/g, '/$1/$2').replace(/\/+$/, '');
}

const DEFAULT_FOLDER_PAGE = 10;
const DEFAULT_USER_PAGE = 100;

function invalidUser(segment: string): GraphError {
  return new GraphError(404, 'ErrorInvalidUser', `The requested user '${segment}' is invalid.`);
}

function pageOf<T>(items: T[], query: Map<string, string>, defaultTop: number, link: (skip: number) => string) {
  const top = Math.min(Math.max(Number(query.get('$top') ?? defaultTop) || defaultTop, 1), 1000);
  const skip = Math.max(Number(query.get('$skip') ?? 0) || 0, 0);
  const slice = items.slice(skip, skip + top);
  const next = skip + top < items.length ? { '@odata.nextLink': link(skip + top) } : {};
  return { slice, next, top };
}

export function resolveRoute(ctx: RouteContext, req: SimRequest): Route | null {
  const { store } = ctx;
  const segments = normalizePath(req.path).split('/').slice(1).map(decodeURIComponent);
  const [root, userSegment, collection, ...rest] = segments;
  const prefer = parsePrefer(req.headers);
  const render = {
    immutableIds: (prefer.get('idtype') ?? '').toLowerCase() === 'immutableid',
    textBody: (prefer.get('outlook.body-content-type') ?? '').toLowerCase() === 'text',
  };
  const base = ctx.graphBaseUrl();

  if (root === 'subscriptions') return ctx.subscriptions.route(req, segments.slice(1));
  if (root !== 'users') return null;

  if (userSegment === undefined) {
    if (req.method !== 'GET') return null;
    return {
      kind: 'users',
      userId: null,
      run: () => {
        const users = store.users(req.tenantId).sort((a, b) => a.id.localeCompare(b.id));
        const select = parseSelect(req.query.get('$select'));
        const { slice, next } = pageOf(users, req.query, DEFAULT_USER_PAGE, (skip) => {
          const top = req.query.get('$top');
          const sel = req.query.get('$select');
          return `${base}/users?${top ? `$top=${top}&` : ''}${sel ? `$select=${sel}&` : ''}$skip=${skip}`;
        });
        return Promise.resolve(
          jsonResponse(200, {
            '@odata.context': `${base}/$metadata#users`,
            value: slice.map((u) => selectKeys(renderUser(u), select)),
            ...next,
          }),
        );
      },
    };
  }

  const found = store.findUser(userSegment);
  const user: SimUser | null = found?.directoryTenantId === req.tenantId ? found : null;
  const mailboxRoute = (kind: RequestKind, run: (u: SimUser, effects: FaultEffect[]) => SimResponse): Route => ({
    kind,
    userId: user?.id ?? null,
    run: (effects) => {
      if (!user) throw invalidUser(userSegment);
      if (ctx.mailboxFlags.deactivated.has(user.id)) {
        throw new GraphError(
          404,
          'MailboxNotEnabledForRESTAPI',
          'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
        );
      }
      if (ctx.mailboxFlags.denied.has(user.id)) {
        throw new GraphError(403, 'ErrorAccessDenied', 'Access to OData is disabled.');
      }
      return Promise.resolve(run(user, effects));
    },
  });

  if (collection === undefined) {
    if (req.method !== 'GET') return null;
    return {
      kind: 'users',
      userId: user?.id ?? null,
      run: () => {
        if (!user) {
          throw new GraphError(
            404,
            'Request_ResourceNotFound',
            `Resource '${userSegment}' does not exist or one of its queried reference-property objects are not present.`,
          );
        }
        const body = { '@odata.context': `${base}/$metadata#users/$entity`, ...renderUser(user) };
        return Promise.resolve(jsonResponse(200, selectKeys(body, parseSelect(req.query.get('$select')))));
      },
    };
  }
  if (req.method !== 'GET') return null;

  if (collection.toLowerCase() === 'mailfolders') {
    const [folderSegment, sub, third, fourth] = rest;
    const folderOf = (u: SimUser) => {
      const folder = folderSegment === undefined ? null : store.findFolder(u.id, folderSegment);
      if (!folder) throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      return folder;
    };
    const listFolders = (u: SimUser, parentId: string, linkPath: string) => {
      const hidden = (req.query.get('includehiddenfolders') ?? '').toLowerCase() === 'true';
      const folders = store.childFolders(u.id, parentId).filter((f) => hidden || !f.isHidden);
      const { slice, next } = pageOf(folders, req.query, DEFAULT_FOLDER_PAGE, (skip) => {
        const top = req.query.get('$top');
        return `${base}${linkPath}?${hidden ? 'includeHiddenFolders=true&' : ''}${top ? `$top=${top}&` : ''}$skip=${skip}`;
      });
      return jsonResponse(200, {
        '@odata.context': `${base}/$metadata#users('${u.id}')${linkPath.replace(/^\/users\/[^/]+/, '')}`,
        value: slice.map((f) => renderFolder(store, f)),
        ...next,
      });
    };
    if (folderSegment === undefined) {
      return mailboxRoute('folders', (u) => listFolders(u, store.rootFolderId(u.id), `/users/${u.id}/mailFolders`));
    }
    if (sub === undefined) {
      return mailboxRoute('folders', (u) =>
        jsonResponse(200, {
          '@odata.context': `${base}/$metadata#users('${u.id}')/mailFolders/$entity`,
          ...renderFolder(store, folderOf(u)),
        }),
      );
    }
    if (sub.toLowerCase() === 'childfolders' && third === undefined) {
      return mailboxRoute('folders', (u) => {
        const folder = folderOf(u);
        return listFolders(u, folder.id, `/users/${u.id}/mailFolders/${folder.id}/childFolders`);
      });
    }
    if (sub.toLowerCase() === 'messages' && third?.toLowerCase() === 'delta' && fourth === undefined) {
      return mailboxRoute('delta', (u, effects) => {
        const folder = folderOf(u);
        const asked = Number(prefer.get('odata.maxpagesize') ?? DEFAULT_DELTA_PAGE_SIZE);
        const pageSize = Math.min(
          Math.max(Number.isFinite(asked) ? asked : DEFAULT_DELTA_PAGE_SIZE, 1),
          MAX_DELTA_PAGE_SIZE,
        );
        const body = ctx.delta.page({
          userId: u.id,
          folder,
          query: req.query,
          pageSize,
          render,
          replay: effects.some((e) => 'replay' in e),
          emptyPage: effects.some((e) => 'emptyPage' in e),
        });
        return jsonResponse(200, body, preferenceApplied(prefer, render.textBody));
      });
    }
    if (sub.toLowerCase() === 'messages' && third !== undefined && fourth === undefined) {
      return mailboxRoute('message', (u, effects) => getMessage(u, third, effects, folderOf(u).id));
    }
    return null;
  }

  if (collection.toLowerCase() === 'messages' && rest.length === 1 && rest[0] !== undefined) {
    const id = rest[0];
    return mailboxRoute('message', (u, effects) => getMessage(u, id, effects, null));
  }
  return null;

  function getMessage(u: SimUser, id: string, effects: FaultEffect[], folderId: string | null): SimResponse {
    if (effects.some((e) => 'deleteBeforeFetch' in e) && store.findMessage(u.id, id)) {
      store.deleteMessage(u.id, id);
    }
    const message = store.findMessage(u.id, id);
    if (!message || (folderId !== null && message.folderId !== folderId)) {
      throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    }
    const selectRaw = req.query.get('$select');
    const select = parseSelect(selectRaw);
    const context = `${base}/$metadata#users('${u.id}')/messages${select ? `(${selectRaw ?? ''})` : ''}/$entity`;
    return jsonResponse(
      200,
      { '@odata.context': context, ...renderMessage(store, message, { ...render, select }) },
      preferenceApplied(prefer, render.textBody),
    );
  }
}

function preferenceApplied(prefer: Map<string, string>, textBody: boolean): Record<string, string> {
  const applied: string[] = [];
  if (prefer.has('odata.maxpagesize')) applied.push(`odata.maxpagesize=${prefer.get('odata.maxpagesize') ?? ''}`);
  if (textBody) applied.push('outlook.body-content-type="text"');
  if (prefer.has('idtype')) applied.push(`IdType="${prefer.get('idtype') ?? ''}"`);
  return applied.length > 0 ? { 'Preference-Applied': applied.join(', ') } : {};
}
