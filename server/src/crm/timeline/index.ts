export { timelineRoutes } from './timeline.routes.ts';
export {
  recordEmail,
  recordEmails,
  getEmailStatus,
  unlogEmail,
  type EmailToRecord,
  type RecordedEmail,
  type RecordedEmailRef,
  type RecordEmailsOptions,
} from './email.service.ts';
export {
  addTimelineItem,
  createNote,
  getTimelineItem,
  listTimeline,
  type NewTimelineItem,
} from './timeline.service.ts';
export {
  TimelineItemResponse as TimelineItemSchema,
  TimelineQuery,
  LogEmailBody,
  type StageChangeData,
  type TaskCompletedData,
  type TaskCreatedData,
  type TimelineItemResponse,
} from './timeline.schemas.ts';
