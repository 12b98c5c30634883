// Entra's interactive endpoints: /{tenant}/oauth2/v2.0/authorize (the authorization code
// flow, with PKCE, nonce, prompt, login_hint and the three response modes) and
// /{tenant}/v2.0/adminconsent (an admin consents for the organisation). Both show
// pages that post back to /{tenant}/login. What Entra cannot send back to the app (an
// unknown app, a redirect URI that is not registered) is an error page; everything else
// goes back to the redirect URI as `error` + `error_description`.
//
// Consent: a directory's users may sign in to an app once an admin of the directory
// consented (for the organisation). A member meeting an app without consent gets
// consent_required (AADSTS65001); an admin is asked, and accepting consents for everyone.
// A browser session (a cookie) lets prompt=none and later sign-ins skip the picker.
import { randomBytes } from 'node:crypto';
import type { SimResponse } from '../responses.ts';
import type { SimTenant, SimUser, Store } from '../store.ts';
import type { EntraDirectory, ScopeRequest, SimApp } from './directory.ts';
import { consentPage, errorPage, formPostPage, needAdminApprovalPage, pickerPage } from './pages.ts';
import { clientInfo, type Tokens } from './tokens.ts';

const FLOW_LIFETIME_MS = 15 * 60_000;
const SESSION_COOKIE = 'ESTSAUTH';
const PROMPTS = new Set(['login', 'consent', 'select_account', 'admin_consent', 'none']);
const RESPONSE_MODES = new Set(['query', 'fragment', 'form_post']);

type Flow = {
  id: string;
  kind: 'authorize' | 'adminconsent';
  segment: string;
  /** The directory the request is limited to (a tenant id or domain in the path), or null. */
  onlyTenant: SimTenant | null;
  app: SimApp;
  redirectUri: string;
  spa: boolean;
  responseMode: 'query' | 'fragment' | 'form_post';
  state: string | null;
  nonce: string | null;
  scope: string;
  request: ScopeRequest | null;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
  prompt: string | null;
  loginHint: string | null;
  clientInfo: boolean;
  userId: string | null;
  expiresAt: number;
};

export function createAuthorize(deps: { store: Store; directory: EntraDirectory; tokens: Tokens; url: () => string }) {
  const { store, directory, tokens } = deps;
  const flows = new Map<string, Flow>();
  const sessions = new Map<string, string>();

  /** Keeps a flow for its pages' answers, forgetting abandoned ones (a demo runs for days). */
  function remember(flow: Flow): void {
    for (const [id, stale] of flows) if (stale.expiresAt <= Date.now()) flows.delete(id);
    flows.set(flow.id, flow);
  }

  const loginAction = (flow: Flow) => `${deps.url()}/${encodeURIComponent(flow.segment)}/login`;

  function sessionUser(cookieHeader: string | undefined): SimUser | null {
    for (const part of (cookieHeader ?? '').split(';')) {
      const [name, value] = part.trim().split('=');
      if (name === SESSION_COOKIE && value) {
        const userId = sessions.get(value);
        return userId ? store.findUser(userId) : null;
      }
    }
    return null;
  }

  function newSessionCookie(user: SimUser): string {
    const sid = randomBytes(24).toString('base64url');
    sessions.set(sid, user.id);
    return `${SESSION_COOKIE}=${sid}; Path=/; Secure; HttpOnly; SameSite=None`;
  }

  /** Sends the response back to the app, as its response_mode asks (adminconsent: always the query). */
  function respond(flow: Flow, params: Record<string, string>, cookie?: string): SimResponse {
    flows.delete(flow.id);
    const fields = { ...params, ...(flow.state !== null ? { state: flow.state } : {}) };
    if (flow.responseMode === 'form_post') return formPostPage(flow.redirectUri, fields, cookie);
    const location = new URL(flow.redirectUri);
    if (flow.responseMode === 'fragment') {
      location.hash = new URLSearchParams(fields).toString();
    } else {
      for (const [name, value] of Object.entries(fields)) location.searchParams.append(name, value);
    }
    return {
      status: 302,
      headers: {
        Location: location.toString(),
        'Cache-Control': 'no-store',
        ...(cookie ? { 'Set-Cookie': cookie } : {}),
      },
      body: null,
    };
  }

  function fail(flow: Flow, error: string, aadsts: number, description: string, extra: Record<string, string> = {}) {
    return respond(flow, {
      error,
      error_description: `AADSTS${aadsts}: ${description}`,
      error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
      ...extra,
    });
  }

  const declined = (flow: Flow) =>
    fail(flow, 'access_denied', 65004, 'User declined to consent to access the app.', {
      error_subcode: 'cancel',
      ...(flow.kind === 'adminconsent' ? { admin_consent: 'True' } : {}),
    });

  const consentRequired = (flow: Flow) =>
    fail(
      flow,
      'consent_required',
      65001,
      `The user or administrator has not consented to use the application with ID '${flow.app.clientId}' named '${flow.app.displayName}'. Send an interactive authorization request for this user and resource.`,
    );

  /** Members of the directories this flow may sign in. */
  function candidates(flow: Flow): { tenant: SimTenant; users: SimUser[] }[] {
    const tenants = flow.onlyTenant ? [flow.onlyTenant] : [...store.tenants.values()];
    return tenants.map((tenant) => ({ tenant, users: store.users(tenant.directoryTenantId) }));
  }

  function picker(flow: Flow, cookie?: string): SimResponse {
    return pickerPage({
      action: loginAction(flow),
      flow: flow.id,
      appName: flow.app.displayName,
      directories: candidates(flow),
      hint: flow.loginHint,
      redirectUri: flow.redirectUri,
      cookie,
    });
  }

  const adminConsent = (flow: Flow) => flow.kind === 'adminconsent' || flow.prompt === 'admin_consent';

  /** Whether the user's directory lets this app sign them in for the flow's resource. */
  function consented(flow: Flow, user: SimUser): boolean {
    const dir = user.directoryTenantId;
    if (!directory.consented(dir, flow.app.clientId, 'delegated')) return false;
    const resource = flow.request?.resource;
    if (resource?.kind === 'api' && resource.app !== flow.app) return directory.present(dir, resource.app.clientId);
    return true;
  }

  function permissions(flow: Flow): string[] {
    const delegated = flow.request ? [...flow.request.granted, ...flow.request.oidc] : [];
    const application = flow.app.applicationPermissions.map((p) => `${p} (application permission)`);
    return [...new Set([...delegated, ...(adminConsent(flow) ? application : [])])];
  }

  /** The code (or the admin-consent answer) for a signed-in, consented user. */
  function complete(flow: Flow, user: SimUser, cookie?: string): SimResponse {
    if (flow.kind === 'adminconsent') {
      return respond(flow, { admin_consent: 'True', tenant: user.directoryTenantId, scope: flow.scope }, cookie);
    }
    const code = tokens.issueCode({
      clientId: flow.app.clientId,
      redirectUri: flow.redirectUri,
      spa: flow.spa,
      userId: user.id,
      directoryTenantId: user.directoryTenantId,
      scope: flow.scope,
      nonce: flow.nonce,
      codeChallenge: flow.codeChallenge,
      codeChallengeMethod: flow.codeChallengeMethod,
    });
    return respond(
      flow,
      {
        code,
        ...(flow.clientInfo ? { client_info: clientInfo(user) } : {}),
        session_state: tokens.newSessionState(),
      },
      cookie,
    );
  }

  /** After sign-in: straight back to the app, a consent prompt, or a refusal. */
  function proceed(flow: Flow, user: SimUser, interactive: boolean, cookie?: string): SimResponse {
    flow.userId = user.id;
    const tenant = store.tenants.get(user.directoryTenantId);
    if (!tenant || (flow.onlyTenant && flow.onlyTenant !== tenant)) {
      if (!interactive) return fail(flow, 'interaction_required', 50020, 'The signed-in user is not in this tenant.');
      return errorPage(
        400,
        50020,
        `User account '${user.userPrincipalName}' from identity provider does not exist in tenant '${flow.onlyTenant?.displayName ?? ''}' and cannot access the application '${flow.app.clientId}' in that tenant.`,
      );
    }
    const page = {
      action: loginAction(flow),
      flow: flow.id,
      appName: flow.app.displayName,
      user,
      redirectUri: flow.redirectUri,
      cookie,
    };
    if (adminConsent(flow)) {
      if (!interactive) return fail(flow, 'interaction_required', 50058, 'Admin consent needs an interactive request.');
      if (!user.admin) return needAdminApprovalPage(page);
      return consentPage({ ...page, tenant, permissions: permissions(flow), forOrganization: true });
    }
    const granted = consented(flow, user);
    if (granted && flow.prompt !== 'consent') return complete(flow, user, cookie);
    if (!granted && (!user.admin || !interactive)) return consentRequired(flow);
    return consentPage({ ...page, tenant, permissions: permissions(flow), forOrganization: !granted });
  }

  type Parsed = { flow: Flow } | { response: SimResponse };

  /** Checks what both endpoints share; errors before the redirect URI is known are pages. */
  function start(kind: Flow['kind'], segment: string, query: Map<string, string>): Parsed {
    const anyTenant = ['common', 'organizations'].includes(segment.toLowerCase());
    const onlyTenant = anyTenant ? null : store.findDirectory(segment);
    if (!anyTenant && !onlyTenant) {
      return {
        response: errorPage(
          400,
          90002,
          `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        ),
      };
    }
    const clientId = query.get('client_id') ?? '';
    const app = directory.findApp(clientId);
    if (!app) {
      return {
        response: errorPage(
          400,
          700016,
          `Application with identifier '${clientId}' was not found in the directory '${onlyTenant?.displayName ?? segment}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
        ),
      };
    }
    const redirectUri = query.get('redirect_uri') ?? '';
    const spa = app.spaRedirectUris.includes(redirectUri);
    if (!spa && !app.redirectUris.includes(redirectUri)) {
      return {
        response: errorPage(
          400,
          50011,
          `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
        ),
      };
    }
    const mode = query.get('response_mode') ?? 'query';
    const prompt = query.get('prompt') ?? null;
    const method = query.get('code_challenge_method') ?? null;
    const flow: Flow = {
      id: randomBytes(24).toString('base64url'),
      kind,
      segment,
      onlyTenant,
      app,
      redirectUri,
      spa,
      responseMode: kind === 'adminconsent' || !RESPONSE_MODES.has(mode) ? 'query' : (mode as Flow['responseMode']),
      state: query.get('state') ?? null,
      nonce: query.get('nonce') ?? null,
      scope: query.get('scope') ?? '',
      request: null,
      codeChallenge: query.get('code_challenge') ?? null,
      codeChallengeMethod: query.has('code_challenge') ? (method === 'S256' ? 'S256' : 'plain') : null,
      prompt,
      loginHint: query.get('login_hint') ?? null,
      clientInfo: query.get('client_info') === '1',
      userId: null,
      expiresAt: Date.now() + FLOW_LIFETIME_MS,
    };
    if (kind === 'adminconsent') return { flow };
    if (!RESPONSE_MODES.has(mode)) {
      return { response: fail(flow, 'invalid_request', 900144, `The response_mode '${mode}' is not supported.`) };
    }
    if (query.get('response_type') !== 'code') {
      return {
        response: fail(
          flow,
          'unsupported_response_type',
          700054,
          `response_type '${query.get('response_type') ?? ''}' is not enabled for the application.`,
        ),
      };
    }
    if (prompt !== null && !PROMPTS.has(prompt)) {
      return { response: fail(flow, 'invalid_request', 90023, `Invalid prompt parameter value '${prompt}'.`) };
    }
    if (method !== null && method !== 'S256' && method !== 'plain') {
      return {
        response: fail(flow, 'invalid_request', 501491, `Invalid code_challenge_method '${method}'.`),
      };
    }
    if (!flow.scope.trim()) {
      return {
        response: fail(
          flow,
          'invalid_request',
          900144,
          "The request body must contain the following parameter: 'scope'.",
        ),
      };
    }
    const request = directory.resolveScopes(flow.scope);
    if (!('resource' in request)) return { response: fail(flow, request.error, request.aadsts, request.description) };
    flow.request = request;
    return { flow };
  }

  return {
    /** GET /{tenant}/oauth2/v2.0/authorize */
    authorize(segment: string, query: Map<string, string>, cookieHeader: string | undefined): SimResponse {
      const started = start('authorize', segment, query);
      if ('response' in started) return started.response;
      const { flow } = started;
      remember(flow);
      const session = sessionUser(cookieHeader);
      const hintMatches =
        flow.loginHint === null || session?.userPrincipalName.toLowerCase() === flow.loginHint.toLowerCase();
      if (flow.prompt === 'none') {
        if (!session || !hintMatches) {
          return fail(
            flow,
            'interaction_required',
            50058,
            'A silent sign-in request was sent but no user is signed in.',
          );
        }
        return proceed(flow, session, false);
      }
      if (session && hintMatches && flow.prompt !== 'login' && flow.prompt !== 'select_account') {
        return proceed(flow, session, true);
      }
      return picker(flow);
    },

    /** GET /{tenant}/v2.0/adminconsent */
    adminConsent(segment: string, query: Map<string, string>): SimResponse {
      const started = start('adminconsent', segment, query);
      if ('response' in started) return started.response;
      remember(started.flow);
      return picker(started.flow);
    },

    /** POST /{tenant}/login: the picker's or the consent page's answer. */
    login(form: URLSearchParams): SimResponse {
      const flow = flows.get(form.get('flow') ?? '');
      if (!flow || flow.expiresAt <= Date.now()) {
        if (flow) flows.delete(flow.id);
        return errorPage(
          400,
          50058,
          'Your sign-in session has expired or was already used. Go back to the app and sign in again.',
        );
      }
      const action = form.get('action');
      if (action === 'cancel') return declined(flow);
      if (action === 'next') {
        const user = store.findUser(form.get('user') ?? '');
        const listed = user && candidates(flow).some((d) => d.users.includes(user));
        if (!user || !listed) return picker(flow);
        return proceed(flow, user, true, newSessionCookie(user));
      }
      const user = flow.userId === null ? null : store.findUser(flow.userId);
      if (action !== 'accept' || !user) return picker(flow);
      if (adminConsent(flow) || !consented(flow, user)) {
        if (!user.admin) {
          return needAdminApprovalPage({
            action: loginAction(flow),
            flow: flow.id,
            appName: flow.app.displayName,
            user,
            redirectUri: flow.redirectUri,
          });
        }
        // An admin's consent is for the organisation: the app, every permission it is configured
        // with (delegated and application), and the API it calls if that is another app.
        directory.grant(user.directoryTenantId, flow.app.clientId, ['delegated', 'application'], user);
        const resource = flow.request?.resource;
        if (resource?.kind === 'api' && resource.app !== flow.app) {
          directory.grant(user.directoryTenantId, resource.app.clientId, ['delegated'], user);
        }
      }
      return complete(flow, user);
    },
  };
}

export type Authorize = ReturnType<typeof createAuthorize>;
