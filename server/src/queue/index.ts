export {
  DEFAULT_QUEUE_SCHEMA,
  DEFAULT_STOP_TIMEOUT_MS,
  openQueue,
  type JobHandler,
  type JobQueue,
  type QueueJob,
  type QueueOptions,
  type SendOptions,
  type WorkOptions,
} from './job-queue.ts';
export { MailboxSyncJob, QUEUE_NAMES, QUEUES, type JobData, type QueueName, type QueueSettings } from './queues.ts';
