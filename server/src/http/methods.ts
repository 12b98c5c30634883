// 405 Method Not Allowed (RFC 9110 §15.5.6) for a known path asked with a method it
// does not support, with the `Allow` header; OPTIONS answers 204 with the same list.
// Express's own path matching decides which paths a request hits, so the guard and
// the routes never disagree. Unknown paths fall through to the 404.
import express, { type NextFunction, type Request, type Response } from 'express';
import { sendProblem } from './problem.ts';

export type PathMethods = { path: string; method: string };

const PARAM = /[:*]/g;

export function methodGuard(routes: PathMethods[]) {
  const byPath = new Map<string, Set<string>>();
  for (const { path, method } of routes) {
    const methods = byPath.get(path) ?? new Set<string>();
    methods.add(method.toUpperCase());
    byPath.set(path, methods);
  }
  /** What each request matched: the paths with the fewest parameters win, as in OpenAPI (/contacts/lookup before /contacts/{id}). */
  const matched = new WeakMap<Request, { params: number; methods: Set<string> }>();
  const router = express.Router();
  for (const [path, methods] of byPath) {
    const params = path.match(PARAM)?.length ?? 0;
    router.all(path, (req: Request, _res: Response, next: NextFunction) => {
      const best = matched.get(req);
      if (!best || params < best.params) matched.set(req, { params, methods: new Set(methods) });
      else if (params === best.params) for (const m of methods) best.methods.add(m);
      next();
    });
  }
  router.use((req: Request, res: Response, next: NextFunction) => {
    const found = matched.get(req);
    if (!found) {
      next();
      return;
    }
    if (found.methods.has(req.method) || (req.method === 'HEAD' && found.methods.has('GET'))) {
      next();
      return;
    }
    // Only a refused request pays for the header.
    const allow = allowHeader(found.methods);
    res.set('Allow', allow);
    if (req.method === 'OPTIONS') return res.status(204).end();
    return sendProblem(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not supported here; use ${allow}`);
  });
  return router;
}

function allowHeader(methods: Set<string>) {
  const all = new Set(methods);
  if (all.has('GET')) all.add('HEAD');
  all.add('OPTIONS');
  const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  return [...all].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(', ');
}
