export { taskRoutes } from './tasks.routes.ts';
export { createTask } from './tasks.service.ts';
