// The import page's calls: a file's preview, an import (dry or real), an export. A
// file goes up as it is (text/csv bytes): the server decodes it, so a file that is
// not UTF-8 is refused with a reason rather than read wrongly by the browser.
import type { components } from '../../api/schema.d.ts';
import { ok, type WebClient } from '../context.tsx';

export type ImportEntity = 'contacts' | 'companies';
export type ImportField = components['schemas']['ImportField'];
export type ImportPreview = components['schemas']['ImportPreview'];
export type ImportResult = components['schemas']['ImportResult'];
export type RejectedRow = components['schemas']['ImportRejectedRow'];
/** One field, or null (not imported), per column. */
export type Mapping = (ImportField | null)[];

const asFile = { bodySerializer: (body: unknown) => body as BodyInit, headers: { 'content-type': 'text/csv' } };

export function previewImport(client: WebClient, entity: ImportEntity, file: Blob): Promise<ImportPreview> {
  return ok(
    client.POST('/api/v1/imports/{entity}/preview', {
      params: { path: { entity } },
      body: file as unknown as string,
      ...asFile,
    }),
  );
}

export function runImport(
  client: WebClient,
  request: { entity: ImportEntity; file: Blob; mapping: Mapping; dryRun: boolean; existing: 'update' | 'skip' },
): Promise<ImportResult> {
  return ok(
    client.POST('/api/v1/imports/{entity}', {
      params: {
        path: { entity: request.entity },
        query: {
          mapping: request.mapping.map((field) => field ?? '').join(','),
          dryRun: request.dryRun ? 'true' : 'false',
          existing: request.existing,
        },
      },
      body: request.file as unknown as string,
      ...asFile,
    }),
  );
}

/** The file name a download's Content-Disposition gives, else the fallback. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  return match?.[1] ? decodeURIComponent(match[1]) : fallback;
}

export async function exportCsv(client: WebClient, entity: ImportEntity): Promise<{ blob: Blob; filename: string }> {
  const request =
    entity === 'contacts'
      ? client.GET('/api/v1/exports/contacts.csv', { parseAs: 'blob' })
      : client.GET('/api/v1/exports/companies.csv', { parseAs: 'blob' });
  const { response } = await request;
  const blob = await ok(request);
  return {
    blob,
    filename: filenameOf(response.headers.get('content-disposition'), `${entity}.csv`),
  };
}

/** Hands a file to the browser to save. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
