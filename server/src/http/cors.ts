// Strict CORS (the `cors` package) for /api: only the product's own origin (the
// public URL's) may call it from a browser on another origin. Any other Origin gets
// no CORS headers at all, and its preflight is refused with 403 problem+json (a
// browser would refuse it anyway without the headers; the 403 says why to whoever
// reads it). Same-origin calls (the pane and the console) need none of this.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import cors from 'cors';
import { sendProblem } from './problem.ts';

export function strictCors(publicUrl: string): RequestHandler {
  const allowed = new URL(publicUrl).origin;
  const headers = cors({
    origin: (origin, callback) => {
      callback(null, origin === allowed);
    },
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    exposedHeaders: ['Content-Disposition', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'WWW-Authenticate'],
    maxAge: 600,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    const preflight = req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined;
    if (preflight && origin !== allowed) {
      sendProblem(res, 403, 'FORBIDDEN', 'Cross-origin calls to this API are open to its own origin only');
      return;
    }
    headers(req, res, next);
  };
}
