// The request and response values the simulator's handlers pass around, and Graph's
// error body. A top-level HTTPS request and a $batch sub-request both become a SimRequest,
// so both go through the same handlers, faults and concurrency accounting.
import { randomUUID } from 'node:crypto';
import type { FaultEffect, RequestKind } from './faults.ts';

export type SimRequest = {
  method: string;
  /** The path below the version segment, e.g. `/users/{id}/mailFolders`. */
  path: string;
  query: Map<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  /** The directory tenant of the caller's token (set by the auth step). */
  tenantId: string;
  clientId: string;
  /** The signed-in user of a delegated token; null for an app-only token. */
  userId: string | null;
  /** An app-only token's application permissions. */
  roles: string[];
};

export type SimResponse = {
  status: number;
  headers: Record<string, string>;
  /** A JSON value, a string (sent as is), or null for no body. */
  body: unknown;
};

export type Route = {
  kind: RequestKind;
  /** The mailbox the request touches (counted for the concurrency limit), or null. */
  userId: string | null;
  run: (effects: FaultEffect[]) => Promise<SimResponse>;
};

/** Thrown by handlers; server.ts and batch.ts render it as Graph's error response. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** Graph's error response: `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  clientRequestId: string | undefined,
  headers: Record<string, string> = {},
): SimResponse {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'request-id': requestId, ...headers },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          'request-id': requestId,
          'client-request-id': clientRequestId ?? requestId,
        },
      },
    },
  };
}

/** The HTML page a gateway answers with instead of JSON (the "Unexpected token <" case). */
export function htmlErrorResponse(status: number, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/html', ...headers },
    body: `<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h2>${status} - The service is temporarily unavailable.</h2></body></html>`,
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'Content-Type': 'application/json; odata.metadata=minimal', ...headers }, body };
}

export function toResponse(error: unknown, clientRequestId: string | undefined): SimResponse {
  if (error instanceof GraphError) {
    return errorResponse(error.status, error.code, error.message, clientRequestId, error.headers);
  }
  return errorResponse(500, 'generalException', 'An internal server error occurred.', clientRequestId);
}

/** `Prefer` preferences of one request, e.g. `odata.maxpagesize=5, IdType="ImmutableId"`. */
export function parsePrefer(headers: Record<string, string>): Map<string, string> {
  const prefs = new Map<string, string>();
  for (const part of (headers.prefer ?? '').split(',')) {
    const [name = '', ...value] = part.trim().split('=');
    if (name === '') continue;
    prefs.set(name.trim().toLowerCase(), value.join('=').trim().replace(/^"|"$/g, ''));
  }
  return prefs;
}

/** Parses `a=1&b=2` without decoding `+` as space in tokens; values are URI-decoded. */
export function parseQuery(search: string): Map<string, string> {
  const query = new Map<string, string>();
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const rawName = at < 0 ? pair : pair.slice(0, at);
    const rawValue = at < 0 ? '' : pair.slice(at + 1);
    query.set(safeDecode(rawName).toLowerCase(), safeDecode(rawValue));
  }
  return query;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
