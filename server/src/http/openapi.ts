// The OpenAPI 3.1 document, made from the same zod schemas that validate requests.
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ProblemResponse } from './problem.ts';
import type { RouteSpec } from './route.ts';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemResponse } },
});

export function buildOpenApiDocument(routes: RouteSpec[], basePath: string, version: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = basePath + route.path.replace(/:(\w+)/g, '{$1}');
    const status = route.status ?? 200;
    const success = (code: number) =>
      route.response
        ? { description: 'OK', content: { 'application/json': { schema: route.response } } }
        : { description: code === 204 ? 'No content' : 'OK' };
    const responses: Record<string, ReturnType<typeof problem> | ReturnType<typeof success>> = {
      [status]: success(status),
      ...Object.fromEntries((route.alsoReturns ?? []).map((code) => [code, success(code)])),
      400: problem('Invalid input: `errors` lists the offending fields'),
      401: problem('Missing or invalid bearer token'),
    };
    if (route.admin) responses[403] = problem('Only admins may do this');
    if (route.params || route.body) responses[404] = problem('Not found (or belongs to another tenant)');
    if (route.body) responses[413] = problem('Request body too large');
    if (route.body) responses[415] = problem('The body is not application/json');
    for (const code of route.errors ?? []) responses[code] = problem('Conflict');
    const operation: ZodOpenApiOperationObject = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method}${route.path.replace(/[/:-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
      requestParams: {
        ...(route.params ? { path: route.params } : {}),
        ...(route.query ? { query: route.query } : {}),
      },
      responses: responses as ZodOpenApiOperationObject['responses'],
    };
    if (route.body) operation.requestBody = { content: { 'application/json': { schema: route.body } } };
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
