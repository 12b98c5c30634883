// Where the pane's bearer token comes from. On a dev-mode server: the development
// sign-in for the mailbox user. Entra sign-in (nested app authentication) is not
// wired yet: on such a server the pane says sign-in is unavailable.
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
