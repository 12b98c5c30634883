export { pipelineRoutes } from './pipelines.routes.ts';
export { createDefaultPipeline } from './pipelines.service.ts';
