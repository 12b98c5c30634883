export {
  findDevSignInIdentity,
  findOrProvisionTenant,
  provisionTenant,
  type SystemTx,
  type TenantInput,
} from './tenants.service.ts';
export { createPrincipalResolver, type Principal, type PrincipalResolver } from './principal.service.ts';
export {
  ADMIN_COOKIE,
  createOnboardingService,
  FLOW_COOKIE,
  ONBOARDING_CALLBACK_PATH,
  ONBOARDING_RESULTS,
  ONBOARDING_START_PATH,
  SYNC_CALLBACK_PATH,
  SYNC_START_PATH,
  type OnboardingAnswer,
  type OnboardingCookie,
  type OnboardingInfo,
  type OnboardingResult,
  type OnboardingService,
} from './onboarding.service.ts';
export { onboardingRoutes, OnboardingInfoResponse } from './onboarding.routes.ts';
export { tenantRoutes } from './tenants.routes.ts';
export { AuthConfigResponse, authConfigRoutes } from './auth-config.routes.ts';
