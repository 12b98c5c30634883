// What the console's connect page needs to know before anyone has signed in: whether
// this server can onboard an organisation (Entra mode with the product app's secret),
// what the product asks the admin to consent to, and where the buttons lead.
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../shared/route.ts';
import { UNAVAILABLE_ONBOARDING, type OnboardingService } from './onboarding.service.ts';

export const OnboardingInfoResponse = z
  .object({
    available: z.boolean().meta({ description: 'False in development mode: onboarding needs Microsoft Entra' }),
    organisation: z.null(),
    needs: z.object({
      delegated: z.array(z.string()).meta({ description: 'Delegated permissions an admin consents to for everyone' }),
      application: z.array(z.string()).meta({ description: "The mail sync's application permissions" }),
    }),
    startUrl: z.string(),
    syncStartUrl: z.string(),
    syncAvailable: z.boolean(),
  })
  .meta({ id: 'OnboardingInfo' });

export function onboardingRoutes(onboarding: OnboardingService | null): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/onboarding',
      tag: 'Onboarding',
      summary: 'What connecting an organisation asks of its admin, and where to start',
      auth: 'none',
      response: OnboardingInfoResponse,
      handler: () => Promise.resolve(onboarding?.info() ?? UNAVAILABLE_ONBOARDING),
    }),
  ];
}
