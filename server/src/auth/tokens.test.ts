import { generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEntraTokenVerifier, type TokenVerifier } from './tokens.ts';

const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = 'b7a3c1e2-0000-4000-8000-000000000001';
let privateKey: CryptoKey;
let verify: TokenVerifier;
/** The same, against a stand-in authority (the Graph simulator). */
let standIn: TokenVerifier;

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
  standIn = createEntraTokenVerifier(
    {
      mode: 'entra',
      clientId: CLIENT_ID,
      clientSecret: undefined,
      audience: CLIENT_ID,
      apiScope: `api://crm.example.com/${CLIENT_ID}/access_as_user`,
      authorityHost: 'https://login.stand-in.example',
      jwksUrl: 'https://login.stand-in.example/common/discovery/v2.0/keys',
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
  it('accepts a v2 access token and maps its claims, with no role: roles come from the database', async () => {
    await expect(verify(await entraToken({ roles: ['admin'] }))).resolves.toEqual({
      tenant: TID,
      objectId: '00000000-0000-0000-0000-00000000a11c',
      email: 'alice@contoso.com',
      name: 'Alice',
    });
  });

  it("accepts the v1 issuer of the same tenant, with upn as the address, against Microsoft's authority only", async () => {
    const v1 = () =>
      entraToken({ preferred_username: undefined, upn: 'bob@contoso.com' }, `https://sts.windows.net/${TID}/`);
    await expect(verify(await v1())).resolves.toMatchObject({ email: 'bob@contoso.com' });
    await expect(standIn(await v1())).rejects.toMatchObject({ status: 401 });
    await expect(standIn(await entraToken({}, `https://login.stand-in.example/${TID}/v2.0`))).resolves.toMatchObject({
      tenant: TID,
    });
  });

  it.each([
    ['issued by another tenant than its tid claim', {}, 'https://login.microsoftonline.com/another-tenant/v2.0'],
    ['that is an ID token (no scope)', { scp: undefined }, undefined],
    ['that is app-only (idtyp app)', { idtyp: 'app', scp: undefined, roles: ['access_as_app'] }, undefined],
    ['that is app-only even with a scope claim', { idtyp: 'app' }, undefined],
    ['without the API scope', { scp: 'User.Read Files.Read' }, undefined],
    ['with only a scope that contains the name', { scp: 'access_as_user_not' }, undefined],
    ['without a user object id', { oid: undefined }, undefined],
  ])('refuses a token %s', async (_name, claims, iss) => {
    await expect(verify(await entraToken(claims, iss))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('accepts the scope among others', async () => {
    await expect(verify(await entraToken({ scp: 'User.Read access_as_user' }))).resolves.toMatchObject({ tenant: TID });
  });
});
