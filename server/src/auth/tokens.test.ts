import { generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEntraTokenVerifier, type TokenVerifier } from './tokens.ts';

const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = 'b7a3c1e2-0000-4000-8000-000000000001';
let privateKey: CryptoKey;
let verify: TokenVerifier;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  verify = createEntraTokenVerifier(
    {
      mode: 'entra',
      clientId: CLIENT_ID,
      clientSecret: undefined,
      audience: CLIENT_ID,
      apiScope: `api://crm.example.com/${CLIENT_ID}/access_as_user`,
      authorityHost: 'https://login.microsoftonline.com',
      jwksUrl: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
    },
    pair.publicKey,
  );
});

function entraToken(claims: Record<string, unknown>, iss = `https://login.microsoftonline.com/${TID}/v2.0`) {
  return new SignJWT({
    tid: TID,
    oid: '00000000-0000-0000-0000-00000000a11c',
    preferred_username: 'Alice@Contoso.com',
    name: 'Alice',
    scp: 'access_as_user',
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(iss)
    .setAudience(CLIENT_ID)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
}

describe('Entra ID access tokens', () => {
  it('accepts a v2 access token and maps its claims; no roles claim means member', async () => {
    await expect(verify(await entraToken({}))).resolves.toEqual({
      tenant: TID,
      objectId: '00000000-0000-0000-0000-00000000a11c',
      email: 'alice@contoso.com',
      name: 'Alice',
      role: 'member',
    });
    await expect(verify(await entraToken({ roles: ['admin'] }))).resolves.toMatchObject({ role: 'admin' });
  });

  it('accepts the v1 issuer of the same tenant, with upn as the address', async () => {
    const token = await entraToken(
      { preferred_username: undefined, upn: 'bob@contoso.com' },
      `https://sts.windows.net/${TID}/`,
    );
    await expect(verify(token)).resolves.toMatchObject({ email: 'bob@contoso.com' });
  });

  it.each([
    ['issued by another tenant than its tid claim', {}, 'https://login.microsoftonline.com/another-tenant/v2.0'],
    ['that is an ID token (no scope)', { scp: undefined }, undefined],
    ['without a user object id', { oid: undefined }, undefined],
  ])('refuses a token %s', async (_name, claims, iss) => {
    await expect(verify(await entraToken(claims, iss))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });
});
