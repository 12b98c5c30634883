export { segmentRoutes } from './segments.routes.ts';
export { pageOfList, type ListRequest } from './segments.service.ts';
export { ListFilterQuery, ListOrder, ListSort, SegmentFilter, Tag } from './segments.schemas.ts';
