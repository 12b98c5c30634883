// The one error type the application throws on purpose. The HTTP layer turns it
// into application/problem+json with the stable `code`.
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_JSON'
  | 'INVALID_BODY'
  | 'BAD_REQUEST'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'TENANT_NOT_ONBOARDED'
  | 'ONBOARDING_UNAVAILABLE'
  | 'TENANT_NOT_FOUND'
  | 'TENANT_AMBIGUOUS'
  | 'NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONTACT_NOT_FOUND'
  | 'COMPANY_NOT_FOUND'
  | 'DEAL_NOT_FOUND'
  | 'PIPELINE_NOT_FOUND'
  | 'STAGE_NOT_FOUND'
  | 'USER_NOT_FOUND'
  | 'SEGMENT_NOT_FOUND'
  | 'SEGMENT_INVALID'
  | 'TASK_NOT_FOUND'
  | 'MAILBOX_NOT_FOUND'
  | 'DIRECTORY_TAKEN'
  | 'SYNC_DISABLED'
  | 'TIMELINE_ITEM_NOT_FOUND'
  | 'EMAIL_TAKEN'
  | 'DOMAIN_TAKEN'
  | 'STAGE_IN_USE'
  | 'LAST_STAGE'
  | 'STAGE_NOT_IN_PIPELINE'
  | 'STAGE_ORDER_MISMATCH'
  | 'DEAL_STAGE_CHANGED'
  | 'INVALID_CURSOR'
  | 'MANIFEST_INVALID'
  | 'PUBLIC_URL_NOT_HTTPS'
  | 'LAST_ADMIN'
  | 'EXPORT_TOO_LARGE'
  | 'FILE_TOO_LARGE'
  | 'CSV_EMPTY'
  | 'CSV_NO_ROWS'
  | 'CSV_NOT_UTF8'
  | 'CSV_MALFORMED'
  | 'CSV_TOO_MANY_ROWS'
  | 'IMPORT_MAPPING_INVALID'
  | 'IMPORT_CONFLICT'
  | 'CONFLICT'
  | 'INTERNAL';

export type FieldError = { path: string; message: string };

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldError[] | undefined;

  constructor(code: ErrorCode, status: number, message: string, options?: { cause?: unknown; fields?: FieldError[] }) {
    super(message, { cause: options?.cause });
    this.code = code;
    this.status = status;
    this.fields = options?.fields;
  }
}

export const notFound = (code: ErrorCode, what: string) => new AppError(code, 404, `${what} not found`);
