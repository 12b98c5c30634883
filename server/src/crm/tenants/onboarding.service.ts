// Onboarding a company: an admin of its Microsoft 365 directory consents for the
// organisation (the product's app: sign-in and the API), which records the tenant,
// its verified domains, who consented, and makes that admin the tenant's first admin;
// then allows the mail sync (the sync app's Mail.Read), which connects the sync.
//
// Each step is a round trip through Entra: start → Entra → callback. Nothing is kept
// on the server between the two halves: the OAuth `state` is signed and short-lived,
// and the browser holds an encrypted cookie with the PKCE verifier, the nonce and the
// flow's id, which the state must name. So any server process can take the callback,
// a state replayed in another browser is refused, and a refused or failed step changes
// nothing. The answers are redirects to the console's connect page with a result code
// it explains (ONBOARDING_RESULTS). No Express here: server/src/http/ maps requests.
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { StateSealer } from '../../auth/index.ts';
import { isUniqueViolation, type SystemDb } from '../../db/index.ts';
import type { AdminConsent, ConsentingAdmin, DirectoryOrganization } from '../../graph/index.ts';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/log.ts';
import type { Clock } from '../shared/context.ts';
import { parseMailAddress } from '../shared/email-address.ts';
import { quoted, recordSystemAudit } from '../audit/index.ts';
import { provisionTenant, type SystemTx } from './tenants.service.ts';

/** Every result the console's connect page explains (`/console#/connect?result=…`). */
export const ONBOARDING_RESULTS = [
  /** The organisation is connected: the admin goes on to allow the sync. */
  'connected',
  /** An onboarded organisation consented again: domains and consent updated, roles untouched. */
  'reconnected',
  /** The sync is allowed and connected. */
  'sync-connected',
  /** The sync is allowed; this server runs no sync, so nothing connects yet. */
  'sync-consented',
  /** The admin cancelled on Entra's page. */
  'cancelled',
  /** The account that signed in may not consent for the organisation (not an admin). */
  'admin-required',
  /** The answer cannot be tied to a sign-in started in this browser (tampered, missing cookie, another browser). */
  'state-invalid',
  /** The sign-in took longer than allowed (10 minutes). */
  'state-expired',
  /** Entra answered for another directory than the one this step started for. */
  'tenant-mismatch',
  /** Entra refused to complete the sign-in (the code could not be redeemed). */
  'sign-in-failed',
  /** The directory is already connected to another organisation in this CRM. */
  'directory-taken',
  /** Allowing the sync needs the organisation connected first, in this browser. */
  'sign-in-required',
  /** This server has no mail sync app to consent to. */
  'sync-unavailable',
  /** Something failed on our side; nothing was changed. */
  'failed',
] as const;
export type OnboardingResult = (typeof ONBOARDING_RESULTS)[number];

/** The sign-in under way in this browser (PKCE verifier, nonce, the flow's id). */
export const FLOW_COOKIE = '__Host-crm-onboarding';
/** Proof that an admin of a directory signed in here: what allowing the sync needs. */
export const ADMIN_COOKIE = '__Host-crm-onboarding-admin';
const FLOW_SECONDS = 10 * 60;
const ADMIN_SECONDS = 60 * 60;

export const ONBOARDING_START_PATH = '/onboarding/start';
export const ONBOARDING_CALLBACK_PATH = '/onboarding/callback';
export const SYNC_START_PATH = '/onboarding/sync/start';
export const SYNC_CALLBACK_PATH = '/onboarding/sync/callback';
const CONSOLE_CONNECT = '/console#/connect';

/** A cookie to set (value and lifetime) or to clear (value null). */
export type OnboardingCookie = { name: string; value: string | null; maxAgeSeconds: number };
/** Where to send the browser, and the cookies to set on the way. */
export type OnboardingAnswer = { location: string; cookies: OnboardingCookie[] };

/** What the console's connect page shows before anything is clicked. */
export type OnboardingInfo = {
  available: boolean;
  organisation: null;
  needs: { delegated: string[]; application: string[] };
  startUrl: string;
  syncStartUrl: string;
  syncAvailable: boolean;
};

/** The sign-in scopes and the sync's permission, as shown when onboarding is not available here. */
const DEFAULT_NEEDS = { delegated: ['openid', 'profile', 'offline_access', 'User.Read'], application: ['Mail.Read'] };

export const UNAVAILABLE_ONBOARDING: OnboardingInfo = {
  available: false,
  organisation: null,
  needs: DEFAULT_NEEDS,
  startUrl: ONBOARDING_START_PATH,
  syncStartUrl: SYNC_START_PATH,
  syncAvailable: false,
};

export type OnboardingDeps = {
  system: SystemDb;
  consent: AdminConsent;
  /** Signs the states and seals the cookies (keys derived from the product app's secret). */
  sealer: StateSealer;
  /** This server's public address: the redirect URIs registered with Entra are under it. */
  publicUrl: string;
  /** Connects the tenant's directory to the running sync; null when this server runs none. */
  connectSync: ((tenantId: string, directoryTenantId: string) => Promise<unknown>) | null;
  log: Logger;
  clock: Clock;
};

export type OnboardingService = ReturnType<typeof createOnboardingService>;

// What Entra sends back. Repeated or oversized parameters fail to parse: such an answer is not Entra's.
const Text = z.string().max(8192).optional();
const CallbackQuery = z.object({
  state: Text,
  code: Text,
  error: Text,
  error_description: Text,
  error_subcode: Text,
  admin_consent: Text,
  tenant: Text,
});
type CallbackQuery = z.infer<typeof CallbackQuery>;

const StateClaims = z.object({ jti: z.string().min(16), pur: z.enum(['consent', 'sync']) });
const FlowClaims = z.object({
  jti: z.string().min(16),
  pur: z.enum(['consent', 'sync']),
  /** consent: the PKCE verifier and the nonce. */
  ver: z.string().optional(),
  non: z.string().optional(),
  /** sync: the directory and the admin who signed in. */
  tid: z.string().optional(),
  oid: z.string().optional(),
  who: z.string().optional(),
});
type FlowClaims = z.infer<typeof FlowClaims>;
const AdminClaims = z.object({ tid: z.string().min(1), oid: z.string().min(1), who: z.string() });

/** Entra's refusals, by their error and AADSTS code, in the console's terms. */
export function resultForEntraError(error: string, description = ''): OnboardingResult {
  const aadsts = /AADSTS(\d+)/.exec(description)?.[1];
  // 90094/90093/90008: the grant needs an admin; 65001: not consented; 50105: not assigned to the app.
  if (['90094', '90093', '90008', '65001', '50105'].includes(aadsts ?? '')) return 'admin-required';
  if (['consent_required', 'interaction_required', 'login_required'].includes(error)) return 'admin-required';
  // 65004: the user declined to consent.
  if (error === 'access_denied') return 'cancelled';
  return 'sign-in-failed';
}

/** A slug from the organisation's name (ASCII letters, digits, dashes), else from its first domain. */
export function slugFor(name: string, domains: string[]): string {
  const ascii = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50)
      .replace(/-+$/, '');
  return ascii(name) || ascii(domains[0]?.split('.')[0] ?? '') || 'organisation';
}

export function createOnboardingService(deps: OnboardingDeps) {
  const { system, consent, sealer, log } = deps;
  const base = deps.publicUrl.replace(/\/$/, '');
  const consentRedirect = `${base}${ONBOARDING_CALLBACK_PATH}`;
  const syncRedirect = `${base}${SYNC_CALLBACK_PATH}`;

  const toConsole = (result: OnboardingResult, cookies: OnboardingCookie[] = [], step?: 'sync'): OnboardingAnswer => ({
    location: `${CONSOLE_CONNECT}?${new URLSearchParams({ result, ...(step ? { step } : {}) }).toString()}`,
    cookies,
  });
  const clearFlow: OnboardingCookie = { name: FLOW_COOKIE, value: null, maxAgeSeconds: 0 };

  async function beginFlow(claims: Omit<FlowClaims, 'jti'>) {
    const jti = randomBytes(24).toString('base64url');
    const state = await sealer.sign({ jti, pur: claims.pur }, FLOW_SECONDS);
    // The cookie outlives the state a little, so a late answer reads "expired", not "not from this browser".
    const cookie = {
      name: FLOW_COOKIE,
      value: await sealer.seal({ ...claims, jti }, FLOW_SECONDS),
      maxAgeSeconds: FLOW_SECONDS + 60,
    };
    return { state, cookie };
  }

  /** The flow this answer belongs to, if its state and this browser's cookie agree. */
  async function resumeFlow(
    purpose: 'consent' | 'sync',
    state: string | undefined,
    cookie: string | undefined,
  ): Promise<{ ok: true; flow: FlowClaims } | { ok: false; result: OnboardingResult }> {
    if (!state) return { ok: false, result: 'state-invalid' };
    const verified = await sealer.verify(state);
    if (!verified.ok) return { ok: false, result: verified.reason === 'expired' ? 'state-expired' : 'state-invalid' };
    const claims = StateClaims.safeParse(verified.value);
    if (!claims.success || claims.data.pur !== purpose || !cookie) return { ok: false, result: 'state-invalid' };
    const opened = await sealer.open(cookie);
    if (!opened.ok) return { ok: false, result: opened.reason === 'expired' ? 'state-expired' : 'state-invalid' };
    const flow = FlowClaims.safeParse(opened.value);
    // Another browser's state, or this browser's older one: the ids differ.
    if (!flow.success || flow.data.jti !== claims.data.jti || flow.data.pur !== purpose) {
      return { ok: false, result: 'state-invalid' };
    }
    return { ok: true, flow: flow.data };
  }

  function parseCallback(query: unknown): CallbackQuery | null {
    const parsed = CallbackQuery.safeParse(query ?? {});
    return parsed.success ? parsed.data : null;
  }

  function entraRefusal(query: CallbackQuery, step: 'consent' | 'sync'): OnboardingResult {
    const result = resultForEntraError(query.error ?? '', query.error_description);
    // Entra's codes only: its description may quote names.
    const aadsts = /AADSTS(\d+)/.exec(query.error_description ?? '')?.[1] ?? null;
    log.info({ event: 'onboarding.refused', step, error: query.error, aadsts, result }, 'onboarding.refused');
    return result;
  }

  async function auditFailure(
    tenantId: string,
    actorLabel: string,
    result: OnboardingResult,
    step: 'consent' | 'sync',
  ) {
    try {
      await recordSystemAudit(
        system,
        tenantId,
        {
          actorLabel,
          action: 'consent.failed',
          targetType: 'tenant',
          targetId: tenantId,
          summary: `${step === 'sync' ? 'Allowing the mail sync' : 'Consent for the organisation'} failed: ${result}`,
          details: { step, result },
        },
        deps.clock.now(),
      );
    } catch (error) {
      log.warn(
        { event: 'onboarding.audit-failed', tenantId, err: (error as Error).message },
        'onboarding.audit-failed',
      );
    }
  }

  /** The consenting admin's user: found by object id, or the row waiting for their address, or created. */
  async function ensureUser(tx: SystemTx, tenantId: string, admin: ConsentingAdmin, role: 'admin' | 'member') {
    const email = parseMailAddress(admin.username ?? '')?.address;
    const byObjectId = await tx.user.findUnique({
      where: { tenantId_entraObjectId: { tenantId, entraObjectId: admin.objectId } },
    });
    if (byObjectId) return byObjectId;
    if (!email) return null;
    const unclaimed = await tx.user.findFirst({ where: { tenantId, email, entraObjectId: null } });
    if (unclaimed) {
      return tx.user.update({
        where: { tenantId_id: { tenantId, id: unclaimed.id } },
        data: { entraObjectId: admin.objectId },
      });
    }
    // The address belongs to another account of the organisation: never hand it over.
    if (await tx.user.findUnique({ where: { tenantId_email: { tenantId, email } } })) return null;
    return tx.user.create({
      data: { tenantId, email, displayName: admin.name ?? email, role, entraObjectId: admin.objectId },
    });
  }

  /** Free slugs: the name's, else the name's with the first free number. */
  async function freeSlug(name: string, domains: string[]) {
    const wanted = slugFor(name, domains);
    const taken = new Set(
      (await system.tenant.findMany({ where: { slug: { startsWith: wanted } }, select: { slug: true } })).map(
        (t) => t.slug,
      ),
    );
    if (!taken.has(wanted)) return wanted;
    for (let n = 2; ; n += 1) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
  }

  /** Records the organisation's consent; one transaction, so a failure leaves nothing behind. */
  async function recordConsent(
    admin: ConsentingAdmin,
    organization: DirectoryOrganization,
  ): Promise<{ result: OnboardingResult; tenantId?: string }> {
    const tid = admin.directoryTenantId;
    const now = deps.clock.now();
    const actorLabel = admin.name ?? admin.username ?? admin.objectId;
    const consentFields = { consentedAt: now, consentedByObjectId: admin.objectId, consentedByName: actorLabel };
    // Two callbacks of one directory may race: the loser finds the winner's tenant and re-consents.
    for (let attempt = 1; ; attempt += 1) {
      const existing = await system.tenant.findUnique({ where: { entraTenantId: tid }, select: { id: true } });
      const connection = await system.graphConnection.findUnique({
        where: { directoryTenantId: tid },
        select: { tenantId: true },
      });
      if (connection && connection.tenantId !== existing?.id) {
        if (existing) await auditFailure(existing.id, actorLabel, 'directory-taken', 'consent');
        return { result: 'directory-taken' };
      }
      const audit = (tx: SystemTx, tenantId: string, userId: string | null, again: boolean) =>
        recordSystemAudit(
          tx,
          tenantId,
          {
            actorLabel,
            actorUserId: userId,
            action: 'consent.granted',
            targetType: 'tenant',
            targetId: tenantId,
            summary: `${actorLabel} consented for ${quoted(organization.displayName)}${again ? ' again' : ''}`,
            details: { directoryTenantId: tid, domains: organization.verifiedDomains, again },
          },
          deps.clock.now(),
        );
      try {
        if (existing) {
          await system.$transaction(async (tx) => {
            await tx.tenant.update({
              where: { id: existing.id },
              data: { domains: organization.verifiedDomains, ...consentFields },
            });
            // Roles stay as the tenant's admins set them; a tenant left with no admin gets this one back.
            const admins = await tx.user.count({ where: { tenantId: existing.id, role: 'admin' } });
            const user = await ensureUser(tx, existing.id, admin, admins === 0 ? 'admin' : 'member');
            if (user && admins === 0 && user.role !== 'admin') {
              await tx.user.update({
                where: { tenantId_id: { tenantId: existing.id, id: user.id } },
                data: { role: 'admin' },
              });
            }
            await audit(tx, existing.id, user?.id ?? null, true);
          });
          log.info({ event: 'onboarding.reconsented', tenantId: existing.id }, 'onboarding.reconsented');
          return { result: 'reconnected', tenantId: existing.id };
        }
        const tenant = await provisionTenant(
          system,
          {
            slug: await freeSlug(organization.displayName, organization.verifiedDomains),
            name: organization.displayName,
            domains: organization.verifiedDomains,
            entraTenantId: tid,
            consent: { at: now, byObjectId: admin.objectId, byName: actorLabel },
          },
          async (tx, created) => {
            const user = await ensureUser(tx, created.id, admin, 'admin');
            if (!user) throw new AppError('FORBIDDEN', 403, 'The consenting admin has no address');
            await audit(tx, created.id, user.id, false);
          },
        );
        log.info({ event: 'onboarding.consented', tenantId: tenant.id }, 'onboarding.consented');
        return { result: 'connected', tenantId: tenant.id };
      } catch (error) {
        // A slug or the directory taken meanwhile: look again (a few times at most).
        if (isUniqueViolation(error) && attempt < 4) continue;
        throw error;
      }
    }
  }

  return {
    info(): OnboardingInfo {
      return {
        available: true,
        organisation: null,
        needs: { delegated: consent.delegatedScopes, application: consent.syncPermissions },
        startUrl: ONBOARDING_START_PATH,
        syncStartUrl: SYNC_START_PATH,
        syncAvailable: consent.syncAvailable,
      };
    },

    /** The admin clicked "Connect your organisation": off to Entra's sign-in with admin consent. */
    async start(): Promise<OnboardingAnswer> {
      const pkce = await consent.newPkce();
      const nonce = randomUUID();
      const { state, cookie } = await beginFlow({ pur: 'consent', ver: pkce.verifier, non: nonce });
      let location;
      try {
        location = await consent.signInUrl({
          redirectUri: consentRedirect,
          state,
          nonce,
          codeChallenge: pkce.challenge,
        });
      } catch (error) {
        // MSAL reads Entra's metadata first (Microsoft's hosts): Entra out of reach is a failure to say so.
        log.error({ event: 'onboarding.start-failed', err: failureCode(error) }, 'onboarding.start-failed');
        return toConsole('failed');
      }
      return { location, cookies: [cookie] };
    },

    /** Entra's answer to the consent: the tenant recorded, or a result saying why not. */
    async finishConsent(query: unknown, cookies: { flow?: string }): Promise<OnboardingAnswer> {
      const params = parseCallback(query);
      if (!params) return toConsole('state-invalid', [clearFlow]);
      const resumed = await resumeFlow('consent', params.state, cookies.flow);
      if (!resumed.ok) return toConsole(resumed.result, [clearFlow]);
      if (params.error) return toConsole(entraRefusal(params, 'consent'), [clearFlow]);
      const { ver, non } = resumed.flow;
      if (!params.code || !ver || !non) return toConsole('sign-in-failed', [clearFlow]);

      let admin: ConsentingAdmin;
      let organization: DirectoryOrganization;
      try {
        admin = await consent.redeem({
          code: params.code,
          redirectUri: consentRedirect,
          codeVerifier: ver,
          nonce: non,
        });
      } catch (error) {
        log.warn({ event: 'onboarding.redeem-failed', code: failureCode(error) }, 'onboarding.redeem-failed');
        return toConsole('sign-in-failed', [clearFlow]);
      }
      // The first admin's user needs an address: a sign-in without one is of no use here.
      if (!parseMailAddress(admin.username ?? '')) {
        log.warn({ event: 'onboarding.redeem-failed', code: 'no_username' }, 'onboarding.redeem-failed');
        return toConsole('sign-in-failed', [clearFlow]);
      }
      const known = await system.tenant.findUnique({
        where: { entraTenantId: admin.directoryTenantId },
        select: { id: true },
      });
      const label = admin.name ?? admin.username ?? admin.objectId;
      try {
        organization = await consent.readOrganization(admin.graphToken);
      } catch (error) {
        log.warn(
          { event: 'onboarding.organization-failed', code: failureCode(error) },
          'onboarding.organization-failed',
        );
        if (known) await auditFailure(known.id, label, 'failed', 'consent');
        return toConsole('failed', [clearFlow]);
      }
      if (organization.id.toLowerCase() !== admin.directoryTenantId.toLowerCase()) {
        if (known) await auditFailure(known.id, label, 'tenant-mismatch', 'consent');
        return toConsole('tenant-mismatch', [clearFlow]);
      }
      let recorded;
      try {
        recorded = await recordConsent(admin, organization);
      } catch (error) {
        log.error({ event: 'onboarding.record-failed', err: failureCode(error) }, 'onboarding.record-failed');
        if (known) await auditFailure(known.id, label, 'failed', 'consent');
        return toConsole('failed', [clearFlow]);
      }
      if (!recorded.tenantId) return toConsole(recorded.result, [clearFlow]);
      const proof = await sealer.seal({ tid: admin.directoryTenantId, oid: admin.objectId, who: label }, ADMIN_SECONDS);
      return toConsole(
        recorded.result,
        [clearFlow, { name: ADMIN_COOKIE, value: proof, maxAgeSeconds: ADMIN_SECONDS }],
        'sync',
      );
    },

    /** The admin clicked "Allow the mail sync": Entra's admin-consent page for the sync app, in their directory. */
    async startSync(cookies: { admin?: string }): Promise<OnboardingAnswer> {
      if (!consent.syncAvailable) return toConsole('sync-unavailable');
      const opened = cookies.admin ? await sealer.open(cookies.admin) : null;
      const admin = opened?.ok ? AdminClaims.safeParse(opened.value) : null;
      if (!admin?.success) return toConsole('sign-in-required');
      const tenant = await system.tenant.findUnique({ where: { entraTenantId: admin.data.tid }, select: { id: true } });
      if (!tenant) return toConsole('sign-in-required');
      const { state, cookie } = await beginFlow({ pur: 'sync', ...admin.data });
      const location = consent.syncConsentUrl({
        directoryTenantId: admin.data.tid,
        redirectUri: syncRedirect,
        state,
      });
      if (!location) return toConsole('sync-unavailable');
      return { location, cookies: [cookie] };
    },

    /** Entra's answer to the sync's admin consent: recorded and connected, or a result saying why not. */
    async finishSync(query: unknown, cookies: { flow?: string }): Promise<OnboardingAnswer> {
      const params = parseCallback(query);
      if (!params) return toConsole('state-invalid', [clearFlow]);
      const resumed = await resumeFlow('sync', params.state, cookies.flow);
      if (!resumed.ok) return toConsole(resumed.result, [clearFlow]);
      const { tid, oid, who } = resumed.flow;
      const tenant = tid
        ? await system.tenant.findUnique({ where: { entraTenantId: tid }, select: { id: true } })
        : null;
      if (!tid || !tenant) return toConsole('sign-in-required', [clearFlow]);
      const actorLabel = who ?? oid ?? tid;
      const fail = async (result: OnboardingResult) => {
        await auditFailure(tenant.id, actorLabel, result, 'sync');
        return toConsole(result, [clearFlow]);
      };
      if (params.error) return fail(entraRefusal(params, 'sync'));
      if (params.admin_consent?.toLowerCase() !== 'true') return fail('sign-in-failed');
      if (params.tenant?.toLowerCase() !== tid.toLowerCase()) return fail('tenant-mismatch');

      const taken = await system.graphConnection.findUnique({
        where: { directoryTenantId: tid },
        select: { tenantId: true },
      });
      if (taken && taken.tenantId !== tenant.id) return fail('directory-taken');
      let connected = false;
      if (deps.connectSync) {
        try {
          await deps.connectSync(tenant.id, tid);
          connected = true;
        } catch (error) {
          if (error instanceof AppError && error.code === 'DIRECTORY_TAKEN') return fail('directory-taken');
          if (error instanceof AppError) return fail('tenant-mismatch');
          // Connected, but finding the mailboxes failed (Entra takes a while to apply a new consent):
          // the schedule looks again. Anything else failed before the connection was written.
          const connection = await system.graphConnection.findUnique({ where: { tenantId: tenant.id } });
          if (connection?.directoryTenantId !== tid || connection.state !== 'CONNECTED') {
            log.error(
              { event: 'onboarding.sync-connect-failed', tenantId: tenant.id, err: failureCode(error) },
              'onboarding.sync-connect-failed',
            );
            return fail('failed');
          }
          log.warn(
            { event: 'onboarding.sync-discovery-deferred', tenantId: tenant.id, err: failureCode(error) },
            'onboarding.sync-discovery-deferred',
          );
          connected = true;
        }
      }
      const user = oid
        ? await system.user.findUnique({
            where: { tenantId_entraObjectId: { tenantId: tenant.id, entraObjectId: oid } },
            select: { id: true },
          })
        : null;
      await system.$transaction(async (tx) => {
        await tx.tenant.update({ where: { id: tenant.id }, data: { syncConsentedAt: deps.clock.now() } });
        await recordSystemAudit(
          tx,
          tenant.id,
          {
            actorLabel,
            actorUserId: user?.id ?? null,
            action: 'sync-consent.granted',
            targetType: 'tenant',
            targetId: tenant.id,
            summary: `${actorLabel} allowed the mail sync to read the organisation's mailboxes`,
            details: { directoryTenantId: tid, connected },
          },
          deps.clock.now(),
        );
      });
      log.info({ event: 'onboarding.sync-consented', tenantId: tenant.id, connected }, 'onboarding.sync-consented');
      return toConsole(connected ? 'sync-connected' : 'sync-consented', [clearFlow]);
    },
  };
}

/** What identifies a failure in the log: a code, never a message that may quote a token or a name. */
function failureCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : typeof error;
}
