// Where the pane's bearer token comes from, and how it goes on a request. On a
// dev-mode server: the development sign-in for the mailbox user; on an Entra server:
// Microsoft's sign-in (entra-sign-in.ts), chosen at start.
import { ApiError, errorFromStatus } from './errors.ts';

export type TokenSource = { token(): Promise<string>; forget(): void };

const RENEW_BEFORE_MS = 60_000;

export function devSignIn(origin: string, email: string): TokenSource {
  let session: Promise<{ token: string; expiresAt: number }> | null = null;
  async function signIn() {
    let res: Response;
    try {
      res = await fetch(`${origin}/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
    } catch {
      throw new ApiError('offline', null);
    }
    if (!res.ok) {
      // No development sign-in on this server (Entra mode), or an address of no tenant.
      const code = ((await res.json().catch(() => null)) as { code?: string } | null)?.code ?? null;
      throw res.status === 404 && code !== 'TENANT_NOT_FOUND'
        ? new ApiError('signedOut', res.status, 'SIGN_IN_UNAVAILABLE')
        : errorFromStatus(res.status === 404 ? 403 : res.status, code);
    }
    const body = (await res.json()) as { token: string; expiresAt: string };
    return { token: body.token, expiresAt: Date.parse(body.expiresAt) };
  }
  return {
    async token() {
      const current = session ? await session.catch(() => null) : null;
      if (current && current.expiresAt - Date.now() > RENEW_BEFORE_MS) return current.token;
      session = signIn();
      return (await session).token;
    },
    forget() {
      session = null;
    },
  };
}

/** A tenant the server does not know yet: a fresh token would be refused the same way. */
const NOT_ONBOARDED = 'TENANT_NOT_ONBOARDED';

async function problemCode(res: Response): Promise<string | null> {
  const body = (await res.json().catch(() => null)) as { code?: unknown } | null;
  return typeof body?.code === 'string' ? body.code : null;
}

/**
 * fetch with the bearer token. A 401 means the token was refused (expired, revoked,
 * keys rotated): the source forgets it and the request goes once more with a fresh
 * one; a second 401 is the answer.
 */
export function authorizedFetch(
  tokens: TokenSource,
  fetchImpl: (request: Request) => Promise<Response> = (request) => globalThis.fetch(request),
) {
  const send = async (request: Request) => {
    request.headers.set('authorization', `Bearer ${await tokens.token()}`);
    return fetchImpl(request);
  };
  return async (input: Request): Promise<Response> => {
    const again = input.clone();
    const first = await send(input);
    if (first.status !== 401 || (await problemCode(first.clone())) === NOT_ONBOARDED) return first;
    tokens.forget();
    const second = await send(again);
    if (second.status === 401) tokens.forget();
    return second;
  };
}
