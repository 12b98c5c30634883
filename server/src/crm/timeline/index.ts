export { timelineRoutes } from './timeline.routes.ts';
export { recordEmail, getEmailStatus, type EmailToRecord, type RecordedEmail } from './email.service.ts';
export {
  addTimelineItem,
  createNote,
  getTimelineItem,
  listTimeline,
  type NewTimelineItem,
  type TimelineItemResponse,
} from './timeline.service.ts';
export { TimelineItemResponse as TimelineItemSchema, TimelineQuery, LogEmailBody } from './timeline.schemas.ts';
