// A local stand-in for Microsoft Graph v1.0 (mail, /me, /organization) and Microsoft Entra
// ID, served over HTTPS with a generated certificate, for sync tests, sign-in tests,
// demos and load tests. Shapes follow Microsoft's documented examples
// (/work/shared/reference/graph-fixtures; checked in simulator.contract.test.ts).
//
// Entra (entra/): directories with display names, verified domains and users (admins
// among them); app registrations (web and single-page redirect URIs, exposed API scopes,
// Graph application permissions) that each directory's admin must consent to; the
// authorize and adminconsent pages; the token endpoint (client_credentials,
// authorization_code with PKCE, refresh_token); OpenID metadata (`common`, `organizations`,
// per tenant) and the JWKS. Every token is an RS256 JWT signed with the current key.
// @azure/msal-node and @azure/msal-browser work against it with knownAuthorities: [its host].
//   sim.registerApp({ clientId, clientSecret, redirectUris, spaRedirectUris, apiScopes })
//   sim.addDirectory({ directoryTenantId, displayName, domains }); sim.addUser(tid, { mail, displayName, admin })
//   const location = await sim.authorize(authorizeUrl, { userId, decision: 'accept' })  // a person at the pages
//   sim.signToken(claims, { alg, kid, key: 'stranger' }), sim.rotateSigningKey(), sim.jwksRequests()
//
// Trusting it (Node 24), in the client process:
//   tls.setDefaultCACertificates([...tls.getCACertificates('default'), sim.ca]);
// Graph client:
//   Client.initWithMiddleware({ authProvider, baseUrl: sim.url + '/', customHosts: new Set(['localhost']), defaultVersion: 'v1.0' })
// MSAL (msal-node 7) with instance discovery skipped (it would call login.microsoftonline.com):
//   new ConfidentialClientApplication({ auth: { clientId, clientSecret,
//     authority: `${sim.url}/${directoryTenantId}`, knownAuthorities: [new URL(sim.url).host] } })
//   MSAL then reads `${authority}/v2.0/.well-known/openid-configuration` from the simulator.
//
// Faults (sim.fault(rule)); a rule applies `times` times (default 1, Infinity allowed), after letting
// `after` matching requests through (default 0; `after: 1` on kind 'delta' hits the second page):
//   when?:   { method?, path?: RegExp (path below /v1.0, or the token path), userId?, kind? }
//            kind: 'token' | 'users' | 'folders' | 'delta' | 'message' | 'batch' | 'batch-item' | 'subscriptions'.
//            'batch' is the outer $batch request; 'batch-item' any sub-request of a batch (which also
//            matches rules of its own kind, e.g. 'message'), answered in that sub-response with its
//            own status and Retry-After header while the batch itself stays 200.
//   respond: { status, code?, message?, retryAfter?: seconds | HTTP-date, html? }  an error (Graph's JSON
//              body, Entra's on the token endpoint, or an HTML page with html: true)
//          | { delayMs }            answer late (counts as in flight meanwhile), then normally
//          | { replay: true }       a delta page lists its items twice
//          | { emptyPage: true }    a delta page with no items and a nextLink to the same position
//          | { deleteBeforeFetch: true }  the message is deleted just before a GET → 404 ErrorItemNotFound
//
// expireDeltaTokens(userId?, { only: 'next' }?): links issued so far answer 410 SyncStateNotFound;
// with only: 'next', the next links of rounds under way do and delta links keep working.
//
// Differences from Graph, on purpose: notification URLs must be loopback (http allowed there);
// delta and paging tokens live in memory (a restarted simulator answers 410 to old links);
// message ids are random even with a seeded population.
export { startGraphSimulator } from './server.ts';
export type { GraphSimulator, GraphSimulatorOptions, RequestRecord } from './server.ts';
export { generatePopulation } from './population.ts';
export type { PopulationOptions } from './population.ts';
export type { FaultRule, FaultMatch, FaultEffect } from './faults.ts';
export type { SimUser, SimFolder, SimMessage, SimMessageInput, SimAddress } from './store.ts';
export type { SimSubscription, LifecycleEvent } from './subscriptions.ts';
export type { ConsentKind, SignOptions, SimAppInput } from './entra/index.ts';
export { MAX_BATCH_REQUESTS, BATCH_PARALLELISM } from './batch.ts';
