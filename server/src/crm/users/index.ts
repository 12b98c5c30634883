export { assertUser } from './users.service.ts';
export { userRoutes } from './users.routes.ts';
