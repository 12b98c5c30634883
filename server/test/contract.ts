// Every answer of /api/v1 in the API tests is held to what the route declares (and
// so to what the OpenAPI document tells clients): a success status the route names,
// a body its response schema accepts with no field it leaves out, and errors as
// problem+json. ApiClient (harness.ts) runs checkResponse after each request.
import { match } from 'path-to-regexp';
import type { z } from 'zod';
import { apiRoutes } from '../src/app.ts';
import { API_BASE } from '../src/http/app.ts';
import { buildOpenApiDocument } from '../src/http/openapi.ts';
import { ProblemResponse } from '../src/http/problem.ts';
import type { RouteSpec } from '../src/crm/index.ts';

export type SeenResponse = {
  method: string;
  /** As requested, with the query string. */
  path: string;
  status: number;
  contentType: string | null;
  /** Parsed JSON for a JSON content type, else the text. */
  body: unknown;
};

// As Express matches them (router@2): case-insensitive, a trailing slash allowed, first route wins.
export const allRoutes = apiRoutes({ sync: null });
const routes = allRoutes.map((route) => ({
  route,
  matches: match(route.path, { sensitive: false, end: true, trailing: true }),
}));

// The error statuses each operation documents, from the document the server serves.
const document = buildOpenApiDocument(allRoutes, API_BASE, 'test');
const documentedStatuses = (route: RouteSpec): string[] => {
  const path = API_BASE + route.path.replace(/:(\w+)/g, '{$1}');
  const operation = (document.paths?.[path] as Record<string, { responses?: object }> | undefined)?.[route.method];
  return Object.keys(operation?.responses ?? {});
};

/** The route Express would run for this request, if any. */
export function routeFor(method: string, pathname: string): RouteSpec | undefined {
  const verb = method.toLowerCase();
  return routes.find(({ route, matches }) => route.method === verb && matches(pathname))?.route;
}

export class ContractError extends Error {
  override name = 'ContractError';
}

/** Throws a ContractError saying how the response differs from its route's declaration. */
export function checkResponse(response: SeenResponse): void {
  const pathname = response.path.split('?')[0]!;
  if (!pathname.startsWith(`${API_BASE}/`)) return;
  const what = `${response.method.toUpperCase()} ${response.path} answered ${response.status}`;
  const fail = (problem: string): never => {
    throw new ContractError(
      `${what}, which its declaration does not allow: ${problem}\nbody: ${preview(response.body)}`,
    );
  };

  const route = routeFor(response.method, pathname.slice(API_BASE.length));
  if (response.status >= 400) {
    // Unknown paths, and tokens refused before routing, answer errors no operation lists.
    if (route && !documentedStatuses(route).includes(String(response.status))) {
      fail(`${route.method.toUpperCase()} ${route.path} does not document ${response.status} in the OpenAPI document`);
    }
    if (!/^application\/problem\+json\b/.test(response.contentType ?? '')) {
      fail(`an error must be application/problem+json, not ${response.contentType ?? 'no content type'}`);
    }
    const problem = ProblemResponse.strict().safeParse(response.body);
    if (!problem.success) return fail(`not a Problem: ${issues(problem.error)}`);
    if (problem.data.status !== response.status) fail(`the problem says status ${problem.data.status}`);
    return;
  }

  if (!route) return fail('no route declares this method and path');
  const declared = `${route.method.toUpperCase()} ${route.path}`;
  const allowed = [route.status ?? 200, ...(route.alsoReturns ?? [])];
  if (!allowed.includes(response.status)) fail(`${declared} declares ${allowed.join(' or ')}`);
  if (route.produces) {
    // A file to download (a Download): its declared content type, and something in it.
    const type = (response.contentType ?? '').split(';')[0]!.trim();
    if (type !== route.produces) fail(`${declared} produces ${route.produces}, not ${type || 'no content type'}`);
    if (response.body === '') fail(`${declared} sent an empty file`);
    return;
  }
  if (route.response === null) {
    if (response.body !== '') fail(`${declared} declares no body`);
    return;
  }
  if (!/^application\/json\b/.test(response.contentType ?? '')) {
    fail(`${declared} declares application/json, not ${response.contentType ?? 'no content type'}`);
  }
  const parsed = route.response.safeParse(response.body);
  if (!parsed.success) fail(`the body does not match ${declared}'s response schema: ${issues(parsed.error)}`);
  // The schema strips what it does not name: whatever it dropped is undocumented.
  const extra = undeclared(response.body, parsed.data);
  if (extra.length) fail(`${declared}'s response schema does not declare ${extra.join(', ')}`);
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

/** Paths of the fields in `sent` that the schema's output `kept` left out. */
function undeclared(sent: unknown, kept: unknown, path = ''): string[] {
  if (Array.isArray(sent) && Array.isArray(kept)) {
    return sent.flatMap((item, i) => undeclared(item, kept[i], `${path}[${i}]`));
  }
  if (!isObject(sent) || !isObject(kept)) return [];
  return Object.keys(sent).flatMap((key) => {
    const at = path ? `${path}.${key}` : key;
    return key in kept ? undeclared(sent[key], kept[key], at) : [at];
  });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function preview(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
