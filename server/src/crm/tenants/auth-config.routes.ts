// What a client needs to sign in, before it has a token: the pane and the console ask
// this first and choose their token source from it (MSAL against Entra, or the
// development sign-in). Open to anyone: it holds no secret, only the public app id.
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../shared/route.ts';

export const AuthConfigResponse = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('dev') }),
    z.object({
      mode: z.literal('entra'),
      /** The product's Entra app (multi-tenant): MSAL's clientId. */
      clientId: z.string(),
      /** `<authority host>/organizations`: any work or school account, its directory decides. */
      authority: z.string(),
      /** The scope to request for this API, e.g. api://crm.example.com/<client id>/access_as_user. */
      apiScope: z.string(),
      /** MSAL's knownAuthorities: the authority host when it is not Microsoft's (a stand-in), else empty. */
      knownAuthorities: z.array(z.string()),
    }),
  ])
  .meta({ id: 'AuthConfig' });
export type AuthConfigResponse = z.infer<typeof AuthConfigResponse>;

export function authConfigRoutes(config: AuthConfigResponse): RouteSpec[] {
  const body = AuthConfigResponse.parse(config);
  return [
    defineRoute({
      method: 'get',
      path: '/auth/config',
      tag: 'Sign-in',
      summary: 'How to sign in: development sign-in, or Entra ID with the app, authority and scope to use',
      auth: 'none',
      response: AuthConfigResponse,
      handler: () => Promise.resolve(body),
    }),
  ];
}
