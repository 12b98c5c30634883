// Entra's error body on its JSON endpoints (token, discovery): error, an AADSTS-numbered
// description with trace and correlation ids, error_codes, and the ids again.
import { randomUUID } from 'node:crypto';
import type { SimResponse } from '../responses.ts';

export function entraTimestamp(): string {
  return new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}

export function entraError(
  status: number,
  error: string,
  aadsts: number,
  description: string,
  headers: Record<string, string> = {},
): SimResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = entraTimestamp();
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'x-ms-request-id': traceId, ...headers },
    body: {
      error,
      error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
    },
  };
}

/** An Entra-shaped error for an injected fault on the token endpoint. */
export function tokenFaultResponse(status: number, code: string | undefined, message: string | undefined): SimResponse {
  return entraError(
    status,
    code ?? 'temporarily_unavailable',
    50196,
    message ?? 'The server is temporarily unavailable.',
  );
}

export const tenantNotFound = (segment: string, headers: Record<string, string> = {}) =>
  entraError(
    400,
    'invalid_request',
    90002,
    `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    headers,
  );
