// Import: preview a file (its columns, first rows and the suggested mapping), then
// run it, dry or for real. A dry run plans and answers; a real import plans again
// inside one transaction and writes the plan there, with one audit event holding
// the counts: any failure while writing rolls all of it back. Rows that fail their
// checks do not abort the import: they are reported, with the reason, and skipped.
import { isUniqueViolation } from '../../db/index.ts';
import { AppError } from '../../shared/errors.ts';
import { recordAudit } from '../audit/index.ts';
import type { CrmContext } from '../shared/context.ts';
import { planCompanyImport, type CompanyPlan } from './company-import.ts';
import { planContactImport, type ContactPlan } from './contact-import.ts';
import { MAX_LISTED_REJECTIONS, readCsv, type Delimiter } from './csv-file.ts';
import { suggestMapping } from './header-names.ts';
import { rejectedReport, resolveMapping } from './import-rows.ts';
import {
  insertCompanies,
  insertCompanyDomains,
  insertContactEmails,
  insertContacts,
  updateCompanies,
  updateContacts,
} from './imports.repository.ts';
import {
  COMPANY_FIELDS,
  CONTACT_FIELDS,
  type ImportEntity,
  type ImportQuery,
  type ImportResultResponse,
} from './imports.schemas.ts';

const SAMPLE_ROWS = 10;
/** A 50,000-row import on PGlite takes seconds; the default 5 s would cut a big one short. */
const IMPORT_TRANSACTION_TIMEOUT_MS = 120_000;
const IMPORT_TRANSACTION_MAX_WAIT_MS = 10_000;

export function previewImport(entity: ImportEntity, bytes: Buffer, delimiter: Delimiter | undefined) {
  const file = readCsv(bytes, delimiter);
  return {
    delimiter: file.delimiter,
    headers: file.headers,
    sample: file.rows.slice(0, SAMPLE_ROWS),
    rowCount: file.rows.length,
    suggestedMapping: suggestMapping(entity, file.headers),
    fields: [...(entity === 'contacts' ? CONTACT_FIELDS : COMPANY_FIELDS)],
  };
}

type Plan = ContactPlan | CompanyPlan;

export async function runImport(
  ctx: CrmContext,
  entity: ImportEntity,
  bytes: Buffer,
  query: ImportQuery,
): Promise<ImportResultResponse> {
  const file = readCsv(bytes, query.delimiter);
  const started = performance.now();
  const plan = async (db: CrmContext['db'] | Parameters<Parameters<CrmContext['db']['$transaction']>[0]>[0]) =>
    entity === 'contacts'
      ? planContactImport(db, ctx, file, resolveMapping(entity, CONTACT_FIELDS, file, query.mapping), query.existing)
      : planCompanyImport(db, ctx, file, resolveMapping(entity, COMPANY_FIELDS, file, query.mapping), query.existing);

  let result: Plan;
  if (query.dryRun) {
    result = await plan(ctx.db);
  } else {
    try {
      result = await ctx.db.$transaction(
        async (tx) => {
          const planned = await plan(tx);
          const at = ctx.clock.now();
          if ('companies' in planned) {
            await insertCompanies(tx, ctx.tenantId, planned.companies, at);
            await insertCompanyDomains(tx, ctx.tenantId, planned.companyDomains);
            await insertContacts(tx, ctx.tenantId, planned.creates, at);
            await updateContacts(tx, ctx.tenantId, planned.updates, at);
            await insertContactEmails(tx, ctx.tenantId, planned.emails);
          } else {
            await insertCompanies(tx, ctx.tenantId, planned.creates, at);
            await updateCompanies(tx, ctx.tenantId, planned.updates, at);
            await insertCompanyDomains(tx, ctx.tenantId, planned.domains);
          }
          const counts = countsOf(planned);
          await recordAudit(tx, ctx, {
            action: entity === 'contacts' ? 'contacts.imported' : 'companies.imported',
            summary: `Imported ${entity}: ${counts.created} created, ${counts.updated} updated, ${counts.rejected} rejected`,
            details: { rows: planned.rows, ...counts },
          });
          return planned;
        },
        { timeout: IMPORT_TRANSACTION_TIMEOUT_MS, maxWait: IMPORT_TRANSACTION_MAX_WAIT_MS },
      );
    } catch (error) {
      // Another change created one of the same addresses or domains since the plan was made.
      if (isUniqueViolation(error)) {
        throw new AppError(
          'IMPORT_CONFLICT',
          409,
          'Another change added some of these records while the import ran; nothing was imported: run it again',
          { cause: error },
        );
      }
      throw error;
    }
  }
  const counts = countsOf(result);
  ctx.log.info(
    { entity, dryRun: query.dryRun, rows: result.rows, ...counts, ms: Math.round(performance.now() - started) },
    'import finished',
  );
  const rejected = result.rejections.sorted();
  const date = ctx.clock.now().toISOString().slice(0, 10);
  return {
    entity,
    dryRun: query.dryRun,
    rows: result.rows,
    ...counts,
    rejectedRows: rejected.slice(0, MAX_LISTED_REJECTIONS),
    report: rejected.length
      ? { filename: `${entity}-rejected-rows-${date}.csv`, csv: rejectedReport(file.headers, rejected) }
      : null,
  };
}

function countsOf(plan: Plan) {
  return {
    created: plan.creates.length,
    updated: plan.updates.length,
    skipped: plan.skipped,
    rejected: plan.rejections.rows.length,
    companiesCreated: 'companies' in plan ? plan.companies.length : 0,
  };
}
