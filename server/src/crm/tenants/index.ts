export { findDevSignInIdentity, findOrProvisionTenant, provisionTenant, type TenantInput } from './tenants.service.ts';
export { createPrincipalResolver, type Principal, type PrincipalResolver } from './principal.service.ts';
export { AuthConfigResponse, authConfigRoutes } from './auth-config.routes.ts';
