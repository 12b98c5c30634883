export { dealRoutes } from './deals.routes.ts';
export { toDealResponse } from './deals.service.ts';
export { DealResponse } from './deals.schemas.ts';
export { createDeal, updateDeal } from './deals.service.ts';
