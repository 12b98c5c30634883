export { pipelineRoutes } from './pipelines.routes.ts';
export { createDefaultPipeline, findActiveStage, DEFAULT_STAGES } from './pipelines.service.ts';
export { StageResponse, PipelineResponse } from './pipelines.schemas.ts';
