// What the sign-in dialog (auth/dialog.html) tells the pane that opened it, through
// Office's messageParent: the access token for the API, or why there is none. The
// pane believes a message only if it has exactly this shape.

export const DIALOG_MESSAGE_TYPE = 'crm-for-outlook/sign-in';

/** Why the dialog ended without a token: the pane words each one. */
export type DialogFailure = 'SIGN_IN_CANCELLED' | 'ADMIN_CONSENT_REQUIRED' | 'SIGN_IN_FAILED';
const FAILURES: readonly string[] = ['SIGN_IN_CANCELLED', 'ADMIN_CONSENT_REQUIRED', 'SIGN_IN_FAILED'];

export type DialogMessage =
  | { type: typeof DIALOG_MESSAGE_TYPE; ok: true; accessToken: string; /** epoch ms */ expiresOn: number }
  | { type: typeof DIALOG_MESSAGE_TYPE; ok: false; code: DialogFailure };

/** Three base64url parts: what an access token looks like, without reading it (the API checks it). */
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const MAX_TOKEN_LENGTH = 16_384;
/** Entra's access tokens live 60–90 minutes: anything claiming a day is not one. */
const MAX_LIFETIME_MS = 24 * 60 * 60 * 1000;

export const tokenMessage = (accessToken: string, expiresOn: Date): string =>
  JSON.stringify({ type: DIALOG_MESSAGE_TYPE, ok: true, accessToken, expiresOn: expiresOn.getTime() });

export const failureMessage = (code: DialogFailure): string =>
  JSON.stringify({ type: DIALOG_MESSAGE_TYPE, ok: false, code });

/** The message, if it is one of ours and well formed; null for anything else (forged, stale, garbled). */
export function parseDialogMessage(text: string, now: number): DialogMessage | null {
  if (text.length > MAX_TOKEN_LENGTH + 256) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const body = value as Record<string, unknown>;
  if (body.type !== DIALOG_MESSAGE_TYPE) return null;
  if (body.ok === false) {
    return typeof body.code === 'string' && FAILURES.includes(body.code)
      ? { type: DIALOG_MESSAGE_TYPE, ok: false, code: body.code as DialogFailure }
      : null;
  }
  const { accessToken, expiresOn } = body;
  if (body.ok !== true || typeof accessToken !== 'string' || typeof expiresOn !== 'number') return null;
  if (accessToken.length > MAX_TOKEN_LENGTH || !JWT.test(accessToken)) return null;
  if (!Number.isFinite(expiresOn) || expiresOn <= now || expiresOn - now > MAX_LIFETIME_MS) return null;
  return { type: DIALOG_MESSAGE_TYPE, ok: true, accessToken, expiresOn };
}
