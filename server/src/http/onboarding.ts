// The onboarding's browser redirects (not JSON: a browser follows them to Entra and
// back), over the domain flow in crm/tenants/onboarding.service.ts. This file only
// reads the query and this flow's cookies and writes the redirect and its cookies.
// Open to anyone, like Entra's own pages. Without Entra (dev mode) they answer 404
// ONBOARDING_UNAVAILABLE, and the console's connect page says onboarding needs Entra.
// TODO(rate-limit): put these paths behind the per-address limit of the endpoints
// open to anyone once branch `audit`'s PostgreSQL-backed limiter lands.
import express, { type Request, type Response } from 'express';
import {
  ADMIN_COOKIE,
  FLOW_COOKIE,
  ONBOARDING_CALLBACK_PATH,
  ONBOARDING_START_PATH,
  SYNC_CALLBACK_PATH,
  SYNC_START_PATH,
  type OnboardingAnswer,
  type OnboardingService,
} from '../crm/index.ts';
import { sendProblem } from './problem.ts';

export const ONBOARDING_PATHS = [ONBOARDING_START_PATH, ONBOARDING_CALLBACK_PATH, SYNC_START_PATH, SYNC_CALLBACK_PATH];

/** One cookie's value from the request's Cookie header (the app parses no cookies otherwise). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

function answer(res: Response, result: OnboardingAnswer) {
  for (const cookie of result.cookies) {
    // __Host-: Secure, Path=/ and no Domain, so no other host or path can set or read it. Lax: it
    // comes back on Entra's top-level redirect, and on no cross-site request that could change anything.
    const options = { httpOnly: true, secure: true, sameSite: 'lax' as const, path: '/' };
    if (cookie.value === null) res.clearCookie(cookie.name, options);
    else res.cookie(cookie.name, cookie.value, { ...options, maxAge: cookie.maxAgeSeconds * 1000 });
  }
  // The answer carries a one-time code and cookies: never cached, and the next page learns nothing of it.
  res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').redirect(302, result.location);
}

export function onboardingRouter(onboarding: OnboardingService | null) {
  const router = express.Router();
  if (!onboarding) {
    for (const path of ONBOARDING_PATHS) {
      router.get(path, (_req, res) =>
        sendProblem(
          res,
          404,
          'ONBOARDING_UNAVAILABLE',
          'Connecting an organisation needs Microsoft Entra sign-in: run the server with AUTH_MODE=entra and ENTRA_CLIENT_SECRET',
        ),
      );
    }
    return router;
  }
  router.get(ONBOARDING_START_PATH, async (_req, res) => {
    answer(res, await onboarding.start());
  });
  router.get(ONBOARDING_CALLBACK_PATH, async (req, res) => {
    answer(res, await onboarding.finishConsent(req.query, { flow: readCookie(req, FLOW_COOKIE) }));
  });
  router.get(SYNC_START_PATH, async (req, res) => {
    answer(res, await onboarding.startSync({ admin: readCookie(req, ADMIN_COOKIE) }));
  });
  router.get(SYNC_CALLBACK_PATH, async (req, res) => {
    answer(res, await onboarding.finishSync(req.query, { flow: readCookie(req, FLOW_COOKIE) }));
  });
  return router;
}
