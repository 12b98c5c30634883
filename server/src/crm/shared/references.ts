// Checks that ids given in a request name records of the caller's tenant (the
// client is tenant-scoped), answering 404 with the offending field. One place
// for every module, so none imports another's internals to validate an id.
import type { ScopedDb, ScopedTx } from '../../db/index.ts';
import { AppError, type ErrorCode } from '../../shared/errors.ts';

type Db = ScopedDb | ScopedTx;

/** The 404 of an id in a request that names no record of the tenant (`what`: 'Contact', 'Deal'…). */
export function referenceNotFound(code: ErrorCode, what: string, path: string) {
  return new AppError(code, 404, `${what} not found`, { fields: [{ path, message: `no such ${what.toLowerCase()}` }] });
}

/** Every id must be a contact; the 404 names the first that is not (`contactIds.2`). */
export async function assertContacts(db: Db, ids: string[], path = 'contactIds') {
  if (!ids.length) return;
  const found = await db.contact.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const known = new Set(found.map((c) => c.id));
  const index = ids.findIndex((id) => !known.has(id));
  if (index >= 0) throw referenceNotFound('CONTACT_NOT_FOUND', 'Contact', `${path}.${index}`);
}

export async function assertContact(db: Db, id: string | null | undefined, path = 'contactId') {
  if (id && !(await db.contact.count({ where: { id } }))) throw referenceNotFound('CONTACT_NOT_FOUND', 'Contact', path);
}

export async function assertCompany(db: Db, id: string | null | undefined, path = 'companyId') {
  if (id && !(await db.company.count({ where: { id } }))) throw referenceNotFound('COMPANY_NOT_FOUND', 'Company', path);
}

export async function assertDeal(db: Db, id: string | null | undefined, path = 'dealId') {
  if (id && !(await db.deal.count({ where: { id } }))) throw referenceNotFound('DEAL_NOT_FOUND', 'Deal', path);
}

export async function assertUser(db: Db, id: string | null | undefined, path: string) {
  if (id && !(await db.user.count({ where: { id } }))) throw referenceNotFound('USER_NOT_FOUND', 'User', path);
}
