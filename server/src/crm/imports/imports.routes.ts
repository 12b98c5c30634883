import { defineRoute } from '../shared/route.ts';
import { FileBody } from '../shared/schemas.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './csv-file.ts';
import { exportCompanies, exportContacts } from './exports.service.ts';
import {
  CompanyExportQuery,
  ContactExportQuery,
  ImportEntityParams,
  ImportPreviewResponse,
  ImportQuery,
  ImportResultResponse,
  PreviewQuery,
} from './imports.schemas.ts';
import { previewImport, runImport } from './imports.service.ts';

const tag = 'Import and export';

const csvUpload = {
  mediaType: 'text/csv',
  maxBytes: MAX_IMPORT_BYTES,
  tooLarge: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: split it into smaller files`,
};

export const importRoutes = [
  defineRoute({
    method: 'post',
    path: '/imports/:entity/preview',
    tag,
    summary:
      'Read a CSV file (UTF-8, comma, semicolon or tab) and answer its columns, first rows and the suggested column mapping',
    params: ImportEntityParams,
    query: PreviewQuery,
    consumes: csvUpload,
    body: FileBody,
    response: ImportPreviewResponse,
    handler: ({ params, query, body }) => Promise.resolve(previewImport(params.entity, body, query.delimiter)),
  }),
  defineRoute({
    method: 'post',
    path: '/imports/:entity',
    tag,
    summary:
      `Import contacts or companies from a CSV file (at most ${MAX_IMPORT_ROWS} rows), or with \`dryRun=true\` ` +
      'report what would be created, updated and rejected. All or nothing: rejected rows are reported and skipped; ' +
      'any other failure imports nothing',
    params: ImportEntityParams,
    query: ImportQuery,
    consumes: csvUpload,
    body: FileBody,
    response: ImportResultResponse,
    errors: [409],
    handler: async ({ params, query, body }, ctx) => runImport(ctx, params.entity, body, query),
  }),
  defineRoute({
    method: 'get',
    path: '/exports/contacts.csv',
    tag,
    summary: "The tenant's contacts (all, or as the list's filters select them) as a CSV file the import reads back",
    query: ContactExportQuery,
    response: null,
    produces: 'text/csv',
    handler: async ({ query }, ctx) => exportContacts(ctx, query),
  }),
  defineRoute({
    method: 'get',
    path: '/exports/companies.csv',
    tag,
    summary: "The tenant's companies (all, or as the list's filters select them) as a CSV file the import reads back",
    query: CompanyExportQuery,
    response: null,
    produces: 'text/csv',
    handler: async ({ query }, ctx) => exportCompanies(ctx, query),
  }),
];
