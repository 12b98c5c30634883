export { API_BASE, createHttpApp, type AppDeps } from './app.ts';
export { defineRoute, Reply, type RequestContext, type RouteSpec } from './route.ts';
export { DEFAULT_PANE_DIR } from './pane.ts';
