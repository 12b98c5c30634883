export { importRoutes } from './imports.routes.ts';
export { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './csv-file.ts';
export { COMPANY_EXPORT_COLUMNS, CONTACT_EXPORT_COLUMNS } from './exports.service.ts';
export { suggestMapping } from './header-names.ts';
export {
  COMPANY_FIELDS,
  CONTACT_FIELDS,
  IMPORT_ENTITIES,
  REJECT_CODES,
  type ImportEntity,
  type ImportField,
  type RejectCode,
} from './imports.schemas.ts';
