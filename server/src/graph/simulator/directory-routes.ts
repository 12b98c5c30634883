// Graph's directory reads a signed-in user's token may make: GET /me and GET /organization
// (id, displayName and verifiedDomains, which User.Read may read; the rest null). A
// delegated token reaches nothing else here: the mailbox routes are the sync's, app-only.
import { parseSelect, renderUser, selectKeys } from './render.ts';
import { errorResponse, jsonResponse, type SimRequest, type SimResponse } from './responses.ts';
import type { SimTenant, Store } from './store.ts';

/** Application permissions that may read the organization (User.Read suffices for a user). */
const ORGANIZATION_ROLES = ['Organization.Read.All', 'Directory.Read.All', 'Organization.ReadWrite.All'];

export function renderOrganization(tenant: SimTenant) {
  const domains = [...tenant.domains, tenant.initialDomain];
  return {
    id: tenant.directoryTenantId,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: null,
    createdDateTime: null,
    displayName: tenant.displayName,
    marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: null,
    postalCode: null,
    preferredLanguage: null,
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [],
    tenantType: 'AAD',
    verifiedDomains: domains.map((name, index) => ({
      capabilities: 'Email, OfficeCommunicationsOnline',
      isDefault: index === 0,
      isInitial: name === tenant.initialDomain,
      name,
      type: 'Managed',
    })),
  };
}

/** /me, /organization and /organization/{id}; null for any other path. */
export function directoryRoute(req: SimRequest, store: Store, base: string): SimResponse | null {
  const clientRequestId = req.headers['client-request-id'];
  const segments = req.path.split('/').filter(Boolean);
  const [root, id, ...rest] = segments;
  if (rest.length > 0 || (root !== 'me' && root !== 'organization')) return null;
  if (req.method !== 'GET') return errorResponse(405, 'Request_BadRequest', 'Method not allowed.', clientRequestId);

  if (root === 'me') {
    if (id !== undefined) return null;
    const user = req.userId === null ? null : store.findUser(req.userId);
    if (!user) {
      return errorResponse(
        400,
        'BadRequest',
        '/me request is only valid with delegated authentication flow.',
        clientRequestId,
      );
    }
    const body = { '@odata.context': `${base}/$metadata#users/$entity`, ...renderUser(user) };
    return jsonResponse(200, selectKeys(body, parseSelect(req.query.get('$select'))));
  }

  if (req.userId === null && !req.roles.some((r) => ORGANIZATION_ROLES.includes(r))) {
    return errorResponse(
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
      clientRequestId,
    );
  }
  const tenant = store.tenants.get(req.tenantId);
  if (!tenant || (id !== undefined && id !== tenant.directoryTenantId)) {
    return errorResponse(
      404,
      'Request_ResourceNotFound',
      `Resource '${id ?? ''}' does not exist or one of its queried reference-property objects are not present.`,
      clientRequestId,
    );
  }
  const select = parseSelect(req.query.get('$select'));
  if (id !== undefined) {
    return jsonResponse(200, {
      '@odata.context': `${base}/$metadata#organization/$entity`,
      ...selectKeys(renderOrganization(tenant), select),
    });
  }
  return jsonResponse(200, {
    '@odata.context': `${base}/$metadata#organization`,
    value: [selectKeys(renderOrganization(tenant), select)],
  });
}
