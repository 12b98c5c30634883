// The bearer token on each request, and what a 401 does: forget the token, try once more.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authorizedFetch, type TokenSource } from './auth.ts';
import { authorityHosts, parseAuthConfig } from './auth-config.ts';
import { createHttpApi } from './client.ts';
import { ApiError } from './errors.ts';

afterEach(() => vi.unstubAllGlobals());

/** Hands out t1, t2… and counts forget(). */
function tokens() {
  let issued = 0;
  let current: string | null = null;
  const source = {
    forgotten: 0,
    async token() {
      current ??= `t${++issued}`;
      return current;
    },
    forget() {
      source.forgotten++;
      current = null;
    },
  } satisfies TokenSource & { forgotten: number };
  return source;
}

const problem = (status: number, code: string) =>
  new Response(JSON.stringify({ status, code }), { status, headers: { 'content-type': 'application/problem+json' } });

/** A server answering from a list; it records the token and body of each request. */
function server(...answers: (() => Response)[]) {
  const seen: { authorization: string | null; body: string }[] = [];
  const fetch = async (request: Request) => {
    seen.push({ authorization: request.headers.get('authorization'), body: await request.text() });
    const answer = answers.shift();
    if (!answer) throw new Error('unexpected request');
    return answer();
  };
  return { fetch, seen };
}

const post = () =>
  new Request('https://crm.example.com/api/v1/notes', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ body: 'Call back' }),
  });

describe('authorizedFetch', () => {
  it('sends the token and does not forget it when the server accepts it', async () => {
    const source = tokens();
    const { fetch, seen } = server(() => Response.json({ ok: true }));
    const res = await authorizedFetch(source, fetch)(post());
    expect(res.status).toBe(200);
    expect(seen).toEqual([{ authorization: 'Bearer t1', body: '{"body":"Call back"}' }]);
    expect(source.forgotten).toBe(0);
  });

  it('on a 401 forgets the token and sends the same request once more with a fresh one', async () => {
    const source = tokens();
    const { fetch, seen } = server(
      () => problem(401, 'UNAUTHENTICATED'),
      () => Response.json({ ok: true }),
    );
    const res = await authorizedFetch(source, fetch)(post());
    expect(res.status).toBe(200);
    expect(seen).toEqual([
      { authorization: 'Bearer t1', body: '{"body":"Call back"}' },
      { authorization: 'Bearer t2', body: '{"body":"Call back"}' },
    ]);
  });

  it('tries once only: a second 401 is the answer', async () => {
    const source = tokens();
    const { fetch, seen } = server(
      () => problem(401, 'UNAUTHENTICATED'),
      () => problem(401, 'UNAUTHENTICATED'),
    );
    const res = await authorizedFetch(source, fetch)(post());
    expect(res.status).toBe(401);
    expect(seen).toHaveLength(2);
    expect(((await res.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
  });

  it('does not retry for an organisation that is not onboarded: a new token changes nothing', async () => {
    const source = tokens();
    const { fetch, seen } = server(() => problem(401, 'TENANT_NOT_ONBOARDED'));
    const res = await authorizedFetch(source, fetch)(post());
    expect(res.status).toBe(401);
    expect(seen).toHaveLength(1);
    expect(source.forgotten).toBe(0);
    expect(((await res.json()) as { code: string }).code).toBe('TENANT_NOT_ONBOARDED');
  });

  it('does not retry other refusals', async () => {
    const source = tokens();
    const { fetch, seen } = server(() => problem(403, 'FORBIDDEN'));
    expect((await authorizedFetch(source, fetch)(post())).status).toBe(403);
    expect(seen).toHaveLength(1);
    expect(source.forgotten).toBe(0);
  });
});

describe('the pane’s API client', () => {
  it('retries a refused token once with a fresh one, and reports a tenant that is not onboarded as signed out', async () => {
    const source = tokens();
    const lookup = {
      email: 'nino@fabrikam.example',
      contact: null,
      company: null,
      companyMatchedBy: null,
      deals: [],
      timeline: [],
      lastContactedAt: null,
    };
    const { fetch, seen } = server(
      () => problem(401, 'UNAUTHENTICATED'),
      () => Response.json(lookup),
      () => problem(401, 'TENANT_NOT_ONBOARDED'),
    );
    vi.stubGlobal('fetch', fetch);
    const api = createHttpApi('https://crm.example.com', source);
    expect(await api.lookup('nino@fabrikam.example')).toEqual(lookup);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer t1', 'Bearer t2']);

    const error = await api.lookup('nino@fabrikam.example').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'signedOut', status: 401, code: 'TENANT_NOT_ONBOARDED' });
    expect(seen).toHaveLength(3);
  });
});

describe('the server’s auth settings', () => {
  it.each([
    [{ mode: 'dev' }, { mode: 'dev' }],
    [
      {
        mode: 'entra',
        clientId: 'c',
        authority: 'https://login.microsoftonline.com/organizations',
        apiScope: 'api://x/c/access_as_user',
        knownAuthorities: [],
      },
      'entra',
    ],
    [{ mode: 'entra', clientId: 'c', authority: 'http://login.example/organizations', apiScope: 's' }, null],
    [{ mode: 'entra', clientId: '', authority: 'https://login.example/organizations', apiScope: 's' }, null],
    [{ mode: 'entra', clientId: 'c', authority: 'https://l.example/o', apiScope: 's', knownAuthorities: [1] }, null],
    [{ mode: 'saml' }, null],
    ['dev', null],
    [null, null],
  ])('%j is %j', (body, expected) => {
    const config = parseAuthConfig(body);
    if (expected === 'entra') expect(config?.mode).toBe('entra');
    else expect(config).toEqual(expected);
  });

  it('gives MSAL the known authorities as host and port', () => {
    expect(authorityHosts(['https://127.0.0.1:8443', 'login.example.com', 'localhost:8443'])).toEqual([
      '127.0.0.1:8443',
      'login.example.com',
      'localhost:8443',
    ]);
  });
});
