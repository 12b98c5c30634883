// A route is a plain object: its zod schemas (which validate the request and make
// the OpenAPI document) and a handler that receives parsed input and the CRM
// context. Feature modules describe their endpoints with defineRoute and never see
// Express: server/src/http/ mounts them and builds the context from the request.
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { Logger } from '../../shared/log.ts';
import type { Clock, CrmContext } from './context.ts';

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/**
 * Who may call a route: `none` (anyone, no token: onboarding, the auth settings a
 * client needs to sign in), `user` (any signed-in user of an onboarded tenant, the
 * default) or `admin` (an admin of that tenant; members get 403).
 */
export type Access = 'none' | 'user' | 'admin';

/** What a route open to anyone (`auth: 'none'`) is handed instead of a tenant's context. */
export type PublicCall = Readonly<{
  log: Logger;
  clock: Clock;
  /** The caller's address as the server sees it (rate limits, the audit of consent). */
  ip: string;
}>;

/** A handler returns its body (sent with the route's status) or a Reply to choose the status. */
export class Reply<T> {
  constructor(
    readonly status: number,
    readonly body: T,
  ) {}
}

/**
 * A file to download (CSV export, a manifest for a given host): sent as is with its
 * content type and `Content-Disposition: attachment`. A route returning one declares
 * `response: null` and `produces` with the content type. A stream body is piped
 * out as it is read (a large export); if it fails half way the connection is cut,
 * so the client sees an incomplete download rather than a truncated file that looks whole.
 */
export class Download {
  constructor(
    readonly contentType: string,
    readonly filename: string,
    readonly body: string | Buffer | Readable,
  ) {}
}

/**
 * A route that takes a file rather than JSON (a CSV to import): the body's content
 * type and the most bytes read. Its handler gets the bytes as they came (a Buffer:
 * the route decides how to decode them); its `body` schema is `FileBody`.
 */
export type Upload = {
  /** Without parameters: `text/csv`. */
  mediaType: string;
  maxBytes: number;
  /** What goes over the limit, for the 413's message: "The file is larger than 10 MB". */
  tooLarge: string;
};

type AnyObject = z.ZodObject<z.ZodRawShape>;

export type RouteSpec<
  P extends AnyObject | undefined = AnyObject | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType | null = z.ZodType | null,
  A extends Access = Access,
> = {
  method: Method;
  /** Express syntax: /contacts/:id */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it; default `user`. */
  auth?: A;
  params?: P;
  query?: Q;
  body?: B;
  /** The success status and body schema (null for an empty 204). */
  status?: number;
  response: R;
  /** A route that answers with a Download: its content type (for the OpenAPI document). */
  produces?: string;
  /** A route that takes a file as its body instead of JSON. */
  consumes?: Upload;
  /** Other success statuses the handler may choose with Reply. */
  alsoReturns?: number[];
  /** Error statuses worth documenting beyond 400/401/404. */
  errors?: number[];
  handler: (
    input: {
      params: P extends AnyObject ? z.infer<P> : Record<string, never>;
      query: Q extends AnyObject ? z.infer<Q> : Record<string, never>;
      body: B extends z.ZodType ? z.infer<B> : undefined;
    },
    ctx: A extends 'none' ? PublicCall : CrmContext,
    // void, not undefined: a handler for a 204 route is `async () => { … }`, a Promise<void>.
    // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- see above
  ) => Promise<(R extends z.ZodType ? z.input<R> : void) | Reply<R extends z.ZodType ? z.input<R> : void> | Download>;
};

export function defineRoute<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | null = null,
  A extends Access = 'user',
>(spec: RouteSpec<P, Q, B, R, A>): RouteSpec {
  return spec;
}
