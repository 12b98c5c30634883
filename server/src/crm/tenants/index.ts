export { findOrProvisionTenant, provisionTenant, type TenantInput } from './tenants.service.ts';
