import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths never written to the log: credentials and mail content. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.token',
  '*.accessToken',
  '*.authorization',
  '*.body',
  '*.preview',
  '*.bodyPreview',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}
