export { API_BASE, createHttpApp, type AppDeps } from './app.ts';
export { createPaneApp, DEFAULT_PANE_DIR } from './pane.ts';
export { loggable } from './problem.ts';
export { type RateLimitSettings } from './rate-limits.ts';
