// The console's HTTP client (on the shared openapi-fetch client): the bearer token to
// this server only, query strings without empty filters, problem+json kept whole, a
// refused token renewed once, files with their names.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TokenSource } from '../api/auth.ts';
import { ApiError } from '../api/errors.ts';
import { createConsoleApi, fetchAuthConfig, fileNameOf, ProblemError } from './api.ts';

const ORIGIN = 'https://crm.contoso.example';

function tokens(): TokenSource & { forgotten: number } {
  return {
    forgotten: 0,
    token: async () => 'token-1',
    forget() {
      this.forgotten++;
    },
  };
}

type Sent = { url: string; method: string; headers: Headers; body: string | null };

function server(answer: (sent: Sent) => Response) {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (input: Request | URL | string, init?: RequestInit) => {
    const request = new Request(input, init);
    const seen: Sent = {
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: request.body ? await request.text() : null,
    };
    sent.push(seen);
    return answer(seen);
  });
  return sent;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the console API client', () => {
  it('sends the bearer token and builds the query without empty filters', async () => {
    const sent = server(() => json({ items: [], nextCursor: null }));
    const api = createConsoleApi(ORIGIN, tokens());
    await api.audit({ action: 'deal.deleted', q: '' }, 'c-1');
    expect(sent[0]!.url).toBe(`${ORIGIN}/api/v1/audit?action=deal.deleted&cursor=c-1&limit=50`);
    expect(sent[0]!.headers.get('authorization')).toBe('Bearer token-1');
    await api.deployment(null);
    expect(sent[1]!.url).toBe(`${ORIGIN}/api/v1/admin/deployment`);
    await api.deployment('https://crm.fabrikam.example');
    expect(sent[2]!.url).toBe(`${ORIGIN}/api/v1/admin/deployment?host=https%3A%2F%2Fcrm.fabrikam.example`);
  });

  it('sends bodies as JSON with the method the route takes, ids escaped', async () => {
    const sent = server(() => json({ id: 'u/1' }));
    const api = createConsoleApi(ORIGIN, tokens());
    await api.updateUser('u/1', { role: 'admin' });
    expect(sent[0]).toMatchObject({ method: 'PATCH', url: `${ORIGIN}/api/v1/users/u%2F1`, body: '{"role":"admin"}' });
    expect(sent[0]!.headers.get('content-type')).toBe('application/json');
    await api.reorderStages('p-1', ['s-2', 's-1']);
    expect(sent[1]).toMatchObject({
      method: 'PUT',
      url: `${ORIGIN}/api/v1/pipelines/p-1/stage-order`,
      body: '{"stageIds":["s-2","s-1"]}',
    });
  });

  it('keeps the problem’s title, detail, code and fields, and renews a refused token once', async () => {
    const source = tokens();
    server(({ url }) =>
      url.endsWith('/users/u-1')
        ? json(
            {
              type: 'about:blank',
              title: 'Conflict',
              status: 409,
              code: 'LAST_ADMIN',
              detail: 'No admin would be left',
            },
            409,
            {
              'content-type': 'application/problem+json',
            },
          )
        : json({ title: 'Unauthorized', status: 401, code: 'UNAUTHENTICATED' }, 401),
    );
    const api = createConsoleApi(ORIGIN, source);
    const error = await api.updateUser('u-1', { role: 'member' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ kind: 'conflict', status: 409, code: 'LAST_ADMIN' });
    expect((error as ProblemError).problem).toEqual({
      title: 'Conflict',
      code: 'LAST_ADMIN',
      detail: 'No admin would be left',
    });
    expect(source.forgotten).toBe(0);
    await expect(api.me()).rejects.toMatchObject({ kind: 'signedOut', code: 'UNAUTHENTICATED' });
    // Refused, forgotten, asked again with a fresh token, refused again: the answer.
    expect(source.forgotten).toBe(2);
  });

  it('turns a body that is not a problem into one with the status', async () => {
    server(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const error = (await createConsoleApi(ORIGIN, tokens())
      .overview()
      .catch((e: unknown) => e)) as ProblemError;
    expect(error.kind).toBe('server');
    expect(error.problem).toEqual({ title: 'Bad Gateway' });
  });

  it('says offline when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(createConsoleApi(ORIGIN, tokens()).overview()).rejects.toMatchObject({ kind: 'offline' });
    await expect(fetchAuthConfig(ORIGIN)).rejects.toMatchObject({ kind: 'offline' });
  });

  it('downloads a file with the token and its name', async () => {
    const sent = server(
      () =>
        new Response('<OfficeApp/>', {
          headers: { 'content-type': 'application/xml', 'content-disposition': 'attachment; filename="manifest.xml"' },
        }),
    );
    const file = await createConsoleApi(ORIGIN, tokens()).download(
      '/api/v1/admin/manifest.xml?host=https%3A%2F%2Fcrm.example.com',
    );
    expect(await file.blob.text()).toBe('<OfficeApp/>');
    expect(file.fileName).toBe('manifest.xml');
    expect(sent[0]!.url).toBe(`${ORIGIN}/api/v1/admin/manifest.xml?host=https%3A%2F%2Fcrm.example.com`);
    expect(sent[0]!.headers.get('authorization')).toBe('Bearer token-1');
  });

  it('exports the audit log as a file with the filters set, and keeps a refusal’s problem', async () => {
    const sent = server(({ url }) =>
      url.includes('action=bogus')
        ? json({ title: 'Invalid request', status: 400, code: 'VALIDATION_FAILED', detail: 'action: bad' }, 400)
        : new Response('when,who\n', {
            headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="audit.csv"' },
          }),
    );
    const api = createConsoleApi(ORIGIN, tokens());
    const file = await api.auditExport({ action: 'deal.deleted', q: '' });
    expect(await file.blob.text()).toBe('when,who\n');
    expect(file.fileName).toBe('audit.csv');
    expect(sent[0]!.url).toBe(`${ORIGIN}/api/v1/audit/export?action=deal.deleted`);
    expect(sent[0]!.headers.get('authorization')).toBe('Bearer token-1');

    const error = await api.auditExport({ action: 'bogus' as 'deal.deleted' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).problem).toEqual({
      title: 'Invalid request',
      code: 'VALIDATION_FAILED',
      detail: 'action: bad',
    });
  });

  it.each(['https://evil.example/steal', '//evil.example/steal', 'javascript:alert(1)'])(
    'never sends the token to %s',
    async (path) => {
      const sent = server(() => json({}));
      const error = await createConsoleApi(ORIGIN, tokens())
        .download(path)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('FOREIGN_ORIGIN');
      expect(sent).toHaveLength(0);
    },
  );

  it('asks for the sign-in settings without a token', async () => {
    const sent = server(() => json({ mode: 'dev' }));
    expect(await fetchAuthConfig(ORIGIN)).toEqual({ mode: 'dev' });
    expect(sent[0]!.url).toBe(`${ORIGIN}/api/v1/auth/config`);
    expect(sent[0]!.headers.get('authorization')).toBeNull();
  });
});

describe('a file name from Content-Disposition', () => {
  it.each([
    ['attachment; filename="audit-2026-11-20.csv"', 'audit-2026-11-20.csv'],
    ['attachment; filename=manifest.json', 'manifest.json'],
    ['attachment; filename="x.csv"; filename*=UTF-8\'\'r%C3%A4kning.csv', 'räkning.csv'],
    ['attachment', null],
  ])('reads %j as %j', (header, name) => {
    expect(fileNameOf(new Response('', { headers: { 'content-disposition': header } }))).toBe(name);
  });
});
