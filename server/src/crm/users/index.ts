export { userRoutes } from './users.routes.ts';
export { setSyncEnabled, syncSwitchedEvent } from './users.service.ts';
