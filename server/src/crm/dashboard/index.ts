export { dashboardRoutes } from './dashboard.routes.ts';
// The statements on their own, for bench/dashboard.bench.ts (timed and EXPLAINed without HTTP).
export {
  emailActivityStatement,
  outcomesStatement,
  pipelineFigureStatement,
  staleContactsStatement,
} from './dashboard.repository.ts';
