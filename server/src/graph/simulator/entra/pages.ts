// The HTML pages of the simulated sign-in: the account picker, the consent prompt, the
// "need admin approval" refusal, error pages and the form_post response. Every value is
// escaped (display names and app names are data); the pages allow no script but the
// form_post page's own, and forms may post only here and to the app's redirect URI.
import { randomBytes } from 'node:crypto';
import type { SimResponse } from '../responses.ts';
import type { SimTenant, SimUser } from '../store.ts';

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The inverse of escapeHtml (for the test walker reading these pages). */
export function decodeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const STYLE = `body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0}
main{max-width:440px;margin:48px auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:0 0 16px}fieldset{border:0;padding:0;margin:0 0 16px}
legend{font-weight:600;margin:12px 0 4px}label{display:block;padding:8px;cursor:pointer}
label:hover{background:#f2f2f2}.upn{color:#616161;font-size:13px;display:block;margin-left:24px}
button{min-width:108px;padding:6px 12px;margin:16px 8px 0 0;border:1px solid #0067b8;background:#0067b8;color:#fff}
button[value=cancel]{background:#fff;color:#000;border-color:#8a8a8a}.error{color:#e81123}`;

function page(
  status: number,
  title: string,
  body: string,
  options: { formTargets?: string[]; scriptNonce?: string; cookie?: string } = {},
): SimResponse {
  const formAction = ["'self'", ...(options.formTargets ?? [])].join(' ');
  const script = options.scriptNonce ? ` script-src 'nonce-${options.scriptNonce}';` : '';
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store, no-cache',
      'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline';${script} form-action ${formAction}; frame-ancestors 'none'`,
      'X-Frame-Options': 'DENY',
      ...(options.cookie ? { 'Set-Cookie': options.cookie } : {}),
    },
    body: `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`,
  };
}

const hidden = (name: string, value: string) =>
  `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;

function origin(uri: string): string {
  try {
    return new URL(uri).origin;
  } catch {
    return '';
  }
}

export type PickerInput = {
  action: string;
  flow: string;
  appName: string;
  directories: { tenant: SimTenant; users: SimUser[] }[];
  /** Preselected (login_hint). */
  hint: string | null;
  redirectUri: string;
  cookie?: string;
};

/** "Pick an account": the users of the directories this request may sign in, one radio each. */
export function pickerPage(input: PickerInput): SimResponse {
  const groups = input.directories
    .filter((d) => d.users.length > 0)
    .map(
      ({ tenant, users }) =>
        `<fieldset><legend>${escapeHtml(tenant.displayName)}</legend>${users
          .map((u) => {
            const checked = input.hint !== null && u.userPrincipalName.toLowerCase() === input.hint.toLowerCase();
            return `<label><input type="radio" name="user" value="${escapeHtml(u.id)}"${checked ? ' checked' : ''} required> ${escapeHtml(u.displayName)}${u.admin ? ' (administrator)' : ''}<span class="upn">${escapeHtml(u.userPrincipalName)}</span></label>`;
          })
          .join('')}</fieldset>`,
    )
    .join('');
  return page(
    200,
    'Sign in to your account',
    `<h1>Pick an account</h1><p>to continue to <strong>${escapeHtml(input.appName)}</strong></p>
<form method="post" action="${escapeHtml(input.action)}">${hidden('flow', input.flow)}${groups}
<button type="submit" name="action" value="next">Next</button></form>`,
    { formTargets: [origin(input.redirectUri)], cookie: input.cookie },
  );
}

export type ConsentInput = {
  action: string;
  flow: string;
  appName: string;
  user: SimUser;
  tenant: SimTenant;
  permissions: string[];
  /** Accepting consents for the whole directory (an admin's consent). */
  forOrganization: boolean;
  redirectUri: string;
  cookie?: string;
};

/** "Permissions requested": what the app asks for, with Accept and Cancel. */
export function consentPage(input: ConsentInput): SimResponse {
  const scope = input.forOrganization
    ? `<p>Accepting grants these permissions to <strong>${escapeHtml(input.appName)}</strong> for everyone in <strong>${escapeHtml(input.tenant.displayName)}</strong> (consent on behalf of your organization).</p>`
    : '';
  return page(
    200,
    'Permissions requested',
    `<h1>Permissions requested</h1><p><strong>${escapeHtml(input.appName)}</strong></p>
<p>Signed in as ${escapeHtml(input.user.userPrincipalName)}. This app would like to:</p>
<ul>${input.permissions.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>${scope}
<form method="post" action="${escapeHtml(input.action)}">${hidden('flow', input.flow)}
<button type="submit" name="action" value="accept">Accept</button>
<button type="submit" name="action" value="cancel">Cancel</button></form>`,
    { formTargets: [origin(input.redirectUri)], cookie: input.cookie },
  );
}

/** A non-admin asked to consent for the organisation: refused, with a way back to the app. */
export function needAdminApprovalPage(input: {
  action: string;
  flow: string;
  appName: string;
  user: SimUser;
  redirectUri: string;
  cookie?: string;
}): SimResponse {
  return page(
    200,
    'Need admin approval',
    `<h1>Need admin approval</h1><p><strong>${escapeHtml(input.appName)}</strong> needs permission to access resources in your organization that only an admin can grant.</p>
<p class="error">AADSTS90094: The grant requires admin permission. ${escapeHtml(input.user.userPrincipalName)} is not an administrator of the organization.</p>
<form method="post" action="${escapeHtml(input.action)}">${hidden('flow', input.flow)}
<button type="submit" name="action" value="cancel">Return to the application without consenting</button></form>`,
    { formTargets: [origin(input.redirectUri)], cookie: input.cookie },
  );
}

/** Entra's error page, for what cannot be sent back to the app (unknown app, unregistered redirect URI). */
export function errorPage(status: number, aadsts: number, message: string): SimResponse {
  return page(
    status,
    'Sign in to your account',
    `<h1>Sorry, but we're having trouble signing you in.</h1><p class="error">AADSTS${aadsts}: ${escapeHtml(message)}</p>`,
  );
}

/** response_mode=form_post: a page that posts the response to the redirect URI. */
export function formPostPage(redirectUri: string, fields: Record<string, string>, cookie?: string): SimResponse {
  const nonce = randomBytes(12).toString('base64url');
  return page(
    200,
    'Working...',
    `<form method="post" action="${escapeHtml(redirectUri)}" id="response">${Object.entries(fields)
      .map(([name, value]) => hidden(name, value))
      .join('')}<noscript><button type="submit">Continue</button></noscript></form>
<script nonce="${nonce}">document.getElementById('response').submit();</script>`,
    { formTargets: [origin(redirectUri)], scriptNonce: nonce, cookie },
  );
}

export function signedOutPage(cookie: string): SimResponse {
  return page(
    200,
    'Sign out',
    "<h1>You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>",
    {
      cookie,
    },
  );
}
