// The OpenAPI 3.1 document, made from the same zod schemas that validate requests.
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ProblemResponse } from './problem.ts';
import type { RouteSpec } from '../crm/index.ts';

const problem = (
  description: string,
  headers?: Record<string, { description: string; schema: { type: 'string' } }>,
) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/problem+json': { schema: ProblemResponse } },
});

const WWW_AUTHENTICATE = {
  'WWW-Authenticate': {
    description:
      '`Bearer` when no token was sent; `Bearer error="invalid_token"` when the token was refused (RFC 6750)',
    schema: { type: 'string' as const },
  },
};
const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds until the limit resets', schema: { type: 'string' as const } },
};
const ALLOW = {
  Allow: {
    description: 'The methods this path supports, e.g. `GET, HEAD, POST, OPTIONS`',
    schema: { type: 'string' as const },
  },
};

export function buildOpenApiDocument(routes: RouteSpec[], basePath: string, version: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = basePath + route.path.replace(/:(\w+)/g, '{$1}');
    const status = route.status ?? 200;
    const success = (code: number) =>
      route.produces
        ? { description: 'A file to download', content: { [route.produces]: { schema: { type: 'string' as const } } } }
        : route.response
          ? { description: 'OK', content: { 'application/json': { schema: route.response } } }
          : { description: code === 204 ? 'No content' : 'OK' };
    const responses: Record<string, ReturnType<typeof problem> | ReturnType<typeof success>> = {
      [status]: success(status),
      ...Object.fromEntries((route.alsoReturns ?? []).map((code) => [code, success(code)])),
      400: problem('Invalid input: `errors` lists the offending fields'),
      ...(route.auth === 'none'
        ? {}
        : {
            401: problem(
              'Missing or invalid bearer token (code TENANT_NOT_ONBOARDED: the organisation is not connected yet)',
              WWW_AUTHENTICATE,
            ),
          }),
      429: problem('Too many requests: `Retry-After` says when to try again', RETRY_AFTER),
      // Every path answers 405 to a method it lacks; OpenAPI has no path-level responses, so each operation says it.
      405: problem('This path does not support the method used: `Allow` lists those it does', ALLOW),
    };
    if (route.auth !== 'none')
      responses[403] = problem(
        route.auth === 'admin'
          ? 'Only admins may do this (or: the address belongs to another account of the organisation)'
          : 'The address belongs to another account of the organisation',
      );
    if (route.params || route.body) responses[404] = problem('Not found (or belongs to another tenant)');
    if (route.body) {
      responses[413] = problem('Request body too large');
      responses[415] = problem(
        `The body is not ${route.consumes?.mediaType ?? 'application/json'}, or its Content-Encoding is not supported`,
      );
    }
    for (const code of route.errors ?? []) {
      if (!(code in responses))
        responses[code] = problem(
          code === 409 ? 'Conflict' : code === 404 ? 'Not found (or belongs to another tenant)' : 'Refused',
        );
    }
    const operation: ZodOpenApiOperationObject = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method}${route.path.replace(/[/:-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
      requestParams: {
        ...(route.params ? { path: route.params } : {}),
        ...(route.query ? { query: route.query } : {}),
      },
      responses,
      ...(route.auth === 'none' ? { security: [] } : {}),
    };
    if (route.consumes) {
      operation.requestBody = {
        required: true,
        content: { [route.consumes.mediaType]: { schema: { type: 'string' } } },
      };
    } else if (route.body) operation.requestBody = { content: { 'application/json': { schema: route.body } } };
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'CRM for Outlook API', version },
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  });
}
