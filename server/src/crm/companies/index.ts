export { companyRoutes } from './companies.routes.ts';
export { getCompany } from './companies.service.ts';
export { CompanyResponse } from './companies.schemas.ts';
export { createCompany } from './companies.service.ts';
