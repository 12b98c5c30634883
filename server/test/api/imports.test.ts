// Importing contacts and companies from CSV and exporting them back, as a user of
// the web app does it: preview a file and its suggested mapping, dry-run it (what
// would be created, updated, rejected, and why, by row), import it (all or
// nothing), download the rejected rows, export and import the export again.
import { parse } from 'csv-parse/sync';

const rowsOf = (csv: string): string[][] => parse(csv);
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany, createContact, createTenant, useTestTenant, type TestTenant } from '../factories.ts';
import { unique, type ApiClient, type ApiResponse } from '../harness.ts';

const t = useTestTenant();
const server = t.server;
let tenantId: string;
beforeAll(async () => {
  tenantId = (await t.admin.get('/api/v1/me')).body.tenant.id;
});

type Rejected = { row: number; code: string; message: string; values: string[] };
type ImportResult = {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  companiesCreated: number;
  rejectedRows: Rejected[];
  report: { filename: string; csv: string } | null;
};

const upload = (api: ApiClient, path: string, body: string | Uint8Array, contentType = 'text/csv') =>
  api.request('POST', `/api/v1${path}`, undefined, { raw: body, headers: { 'content-type': contentType } });

async function importCsv(
  api: ApiClient,
  entity: 'contacts' | 'companies',
  csv: string | Uint8Array,
  query = '',
): Promise<ImportResult> {
  const res: ApiResponse<ImportResult> = await upload(api, `/imports/${entity}?${query}`, csv);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** A file as downloaded, byte for byte. */
async function download(api: ApiClient, path: string) {
  const res = await fetch(`${api.base}/api/v1${path}`, { headers: { authorization: `Bearer ${api.token}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** The tenant's rows as the database holds them. */
const counts = async (id = tenantId) => ({
  contacts: await server.db.system.contact.count({ where: { tenantId: id } }),
  companies: await server.db.system.company.count({ where: { tenantId: id } }),
  emails: await server.db.system.contactEmail.count({ where: { tenantId: id } }),
  audit: await server.db.system.auditEvent.count({ where: { tenantId: id, action: { endsWith: '.imported' } } }),
});

const contactByEmail = async (email: string, id = tenantId) =>
  server.db.system.contact.findFirst({
    where: { tenantId: id, emails: { some: { email } } },
    include: { emails: { orderBy: { isPrimary: 'desc' } }, company: { include: { domains: true } }, owner: true },
  });

describe('previewing a file', () => {
  it('answers the columns, the first rows and a mapping suggested from headers in any of the five languages', async () => {
    const csv =
      'نام,ელფოსტა,Befattning,தொலைபேசி,Company,Website,Notes\nNino,nino@a.example,CEO,+995 555,Fabrikam,fabrikam.example,hi\n';
    const res = await upload(t.admin, '/imports/contacts/preview', csv);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      delimiter: 'comma',
      headers: ['نام', 'ელფოსტა', 'Befattning', 'தொலைபேசி', 'Company', 'Website', 'Notes'],
      rowCount: 1,
      suggestedMapping: ['name', 'email', 'title', 'phone', 'companyName', 'companyDomain', null],
      sample: [{ row: 2, cells: ['Nino', 'nino@a.example', 'CEO', '+995 555', 'Fabrikam', 'fabrikam.example', 'hi'] }],
    });
    expect(res.body.fields).toContain('ownerEmail');
  });

  it('detects semicolons (Excel where the decimal comma is used) and drops the byte order mark', async () => {
    const csv = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('Namn;E-post;Företag\r\nSara;"sara@b.example";"Contoso; AB"\r\n'),
    ]);
    const res = await upload(t.admin, '/imports/contacts/preview', csv);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.delimiter).toBe('semicolon');
    expect(res.body.headers).toEqual(['Namn', 'E-post', 'Företag']);
    expect(res.body.suggestedMapping).toEqual(['name', 'email', 'companyName']);
    expect(res.body.sample[0].cells).toEqual(['Sara', 'sara@b.example', 'Contoso; AB']);
  });

  it('suggests a companies mapping: the "Company" column is the name', async () => {
    const res = await upload(t.admin, '/imports/companies/preview', 'Company,Domain,Owner\nX,x.example,a@b.example\n');
    expect(res.body.suggestedMapping).toEqual(['name', 'domain', 'ownerEmail']);
  });
});

describe('files that cannot be read are refused whole, saying why', () => {
  it.each([
    ['an empty file', '', 400, 'CSV_EMPTY'],
    ['only blank lines', '\r\n\r\n', 400, 'CSV_EMPTY'],
    ['a header and no rows', 'Name,Email\r\n', 400, 'CSV_NO_ROWS'],
    ['a header and blank rows', 'Name,Email\n,\n\n', 400, 'CSV_NO_ROWS'],
    ['a quote never closed', 'Name,Email\n"Nino,nino@a.example\n', 400, 'CSV_MALFORMED'],
  ])('%s', async (_what, csv, status, code) => {
    for (const path of ['/imports/contacts/preview', '/imports/contacts']) {
      const res = await upload(t.admin, path, csv);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.code).toBe(code);
    }
  });

  it('refuses text that is not UTF-8 (a Windows-1252 export) instead of importing mangled names', async () => {
    const latin1 = Buffer.from('Name,Email\nJosé Åström,jose@a.example\n', 'latin1');
    const res = await upload(t.admin, '/imports/contacts', latin1);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('CSV_NOT_UTF8');
    expect(res.body.detail).toMatch(/CSV UTF-8/);
  });

  it('refuses UTF-16 text, binary data and a workbook saved as .xlsx', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name,Email\n', 'utf16le')]);
    expect((await upload(t.admin, '/imports/contacts', utf16)).body.code).toBe('CSV_NOT_UTF8');
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    const res = await upload(t.admin, '/imports/contacts', xlsx);
    expect(res.body.code).toBe('CSV_MALFORMED');
    expect(res.body.detail).toMatch(/xlsx/);
    expect((await upload(t.admin, '/imports/contacts', Buffer.from('Name\n\u0000\u0001\n'))).body.code).toBe(
      'CSV_MALFORMED',
    );
  });

  it('refuses a file over 10 MB (413) and one over 50,000 rows (413)', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 'a');
    const res = await upload(t.admin, '/imports/contacts', big);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('FILE_TOO_LARGE');
    const rows = `Name\n${'x\n'.repeat(50_001)}`;
    const tooMany = await upload(t.admin, '/imports/contacts', rows);
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.code).toBe('CSV_TOO_MANY_ROWS');
  });

  it('refuses another content type (415) and a mapping that does not fit the file (400, by field)', async () => {
    expect((await upload(t.admin, '/imports/contacts', 'Name\nx\n', 'application/json')).status).toBe(415);
    const wrong = await upload(t.admin, '/imports/contacts?mapping=name,email,title', 'Name,Email\nx,x@a.example\n');
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('IMPORT_MAPPING_INVALID');
    const twice = await upload(t.admin, '/imports/contacts?mapping=name,name', 'A,B\nx,y\n');
    expect(twice.body.errors).toEqual([{ path: 'query.mapping.1', message: 'name is mapped to more than one column' }]);
    const noKey = await upload(t.admin, '/imports/contacts?mapping=title,', 'A,B\nx,y\n');
    expect(noKey.body.errors[0].message).toMatch(/name or email/);
    const unknown = await upload(t.admin, '/imports/companies?mapping=name,phone', 'A,B\nx,y\n');
    expect(unknown.body.errors).toEqual([{ path: 'query.mapping.1', message: 'companies have no field phone' }]);
    const notAField = await upload(t.admin, '/imports/contacts?mapping=name,birthday', 'A,B\nx,y\n');
    expect(notAField.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('importing contacts', () => {
  let tenant: TestTenant;
  let tid: string;
  beforeAll(async () => {
    tenant = await createTenant(server);
    tid = (await tenant.admin.get('/api/v1/me')).body.tenant.id;
  });

  it('a dry run reports what would be created, updated and rejected, by row, and writes nothing', async () => {
    const existing = await createContact(tenant.admin, { name: 'Old Name', emails: [`old@${tenant.domain}`] });
    const before = await counts(tid);
    const csv = [
      'Name,Email,Title,Owner email',
      `Old Name Updated,old@${tenant.domain},Boss,`,
      'New Person,new@dry.example,,',
      'No Address,not-an-email,,',
      ',,Only a title,',
      `Twice,new@dry.example,,`,
      `Owned,owned@dry.example,,nobody@${tenant.domain}`,
    ].join('\n');
    const result = await importCsv(tenant.admin, 'contacts', csv, 'dryRun=true');
    expect(result).toMatchObject({ dryRun: true, rows: 6, created: 1, updated: 1, rejected: 4, skipped: 0 });
    expect(result.rejectedRows.map((r) => [r.row, r.code])).toEqual([
      [4, 'INVALID_EMAIL'],
      [5, 'MISSING_NAME'],
      [6, 'DUPLICATE_IN_FILE'],
      [7, 'UNKNOWN_OWNER'],
    ]);
    expect(result.rejectedRows[2]!.message).toBe('new@dry.example is also in row 3');
    expect(result.rejectedRows[0]!.values).toEqual(['No Address', 'not-an-email', '', '']);
    expect(await counts(tid)).toEqual(before);
    expect((await contactByEmail(`old@${tenant.domain}`, tid))?.name).toBe(existing.name);
  });

  it('imports: creates, updates by email, links or creates companies, sets owners and tags, all in one audit event', async () => {
    const member = await tenant.member();
    const memberEmail = (await member.api.get('/api/v1/me')).body.email as string;
    const fabrikam = await createCompany(tenant.admin, { name: 'Fabrikam', domains: ['fabrikam-imp.example'] });
    await createContact(tenant.admin, { name: 'Ana', emails: [`ana@${tenant.domain}`], tags: ['vip'] });
    const before = await counts(tid);
    const csv = [
      'Name,Email,Email 2,Phone,Company,Company domain,Owner,Tags',
      `Ana Updated,ana@${tenant.domain},ana.other@${tenant.domain},,,,${memberEmail.toUpperCase()},"lead, 2026"`,
      'Bo,bo@fabrikam-imp.example,,+46 8 123 45,,,,',
      'Cy,cy@x.example,,,Northwind,northwind-imp.example,,partner',
      'Di,di@y.example,,,northwind,,,',
      'Ed,ed@z.example,,,,northwind-imp.example,,',
    ].join('\r\n');
    const result = await importCsv(tenant.admin, 'contacts', csv);
    expect(result).toMatchObject({ dryRun: false, created: 4, updated: 1, rejected: 0, companiesCreated: 1 });
    expect(result.report).toBeNull();

    const ana = await contactByEmail(`ana@${tenant.domain}`, tid);
    expect(ana).toMatchObject({ name: 'Ana Updated', ownerId: member.id, tags: ['vip', 'lead', '2026'] });
    expect(ana?.emails.map((e) => [e.email, e.isPrimary])).toEqual([
      [`ana@${tenant.domain}`, true],
      [`ana.other@${tenant.domain}`, false],
    ]);
    // No company columns: linked by the address's domain, like a contact created in the app.
    const bo = await contactByEmail('bo@fabrikam-imp.example', tid);
    expect(bo).toMatchObject({ companyId: fabrikam.id, phone: '+46 8 123 45', ownerId: tenant.adminId });
    // One new company, found again by its domain and by its name (any case) in later rows.
    const cy = await contactByEmail('cy@x.example', tid);
    expect(cy?.company).toMatchObject({ name: 'Northwind', domains: [{ domain: 'northwind-imp.example' }] });
    expect((await contactByEmail('di@y.example', tid))?.companyId).toBe(cy?.companyId);
    expect((await contactByEmail('ed@z.example', tid))?.companyId).toBe(cy?.companyId);

    const after = await counts(tid);
    expect(after).toEqual({
      contacts: before.contacts + 4,
      companies: before.companies + 1,
      emails: before.emails + 5,
      audit: before.audit + 1,
    });
    const audit = await server.db.system.auditEvent.findFirst({
      where: { tenantId: tid, action: 'contacts.imported' },
      orderBy: { at: 'desc' },
    });
    expect(audit?.details).toMatchObject({ rows: 5, created: 4, updated: 1, rejected: 0, companiesCreated: 1 });
    // The imported contacts are ordinary contacts: the API reads them.
    const listed = await tenant.admin.get(`/api/v1/contacts?q=${encodeURIComponent('Ana Updated')}`);
    expect(listed.body.items[0].emails).toEqual([`ana@${tenant.domain}`, `ana.other@${tenant.domain}`]);
  });

  it('existing=skip leaves matching contacts alone and counts them', async () => {
    await createContact(tenant.admin, { name: 'Keep Me', emails: [`keep@${tenant.domain}`] });
    const result = await importCsv(
      tenant.admin,
      'contacts',
      `Name,Email\nChanged,keep@${tenant.domain}\nFresh,fresh-skip@${tenant.domain}\n`,
      'existing=skip',
    );
    expect(result).toMatchObject({ created: 1, updated: 0, skipped: 1, rejected: 0 });
    expect((await contactByEmail(`keep@${tenant.domain}`, tid))?.name).toBe('Keep Me');
  });

  it('numbers rows as a spreadsheet does (header row 1) when quoted cells hold commas, quotes and line breaks', async () => {
    const csv = [
      'Name,Email,Title',
      '"Smith, Jane","jane@quoted.example","Head of ""Sales""\nEMEA"',
      '',
      '"Bad, Address",nope,',
      'Rows,"rows@quoted.example",x',
    ].join('\n');
    const result = await importCsv(tenant.admin, 'contacts', csv, 'mapping=name,email,title');
    expect(result).toMatchObject({ created: 2, rejected: 1 });
    expect(result.rejectedRows).toEqual([
      {
        row: 4,
        code: 'INVALID_EMAIL',
        message: '"nope" is not an email address',
        values: ['Bad, Address', 'nope', ''],
      },
    ]);
    expect((await contactByEmail('jane@quoted.example', tid))?.title).toBe('Head of "Sales"\nEMEA');
  });

  it('honours a mapping that skips columns and maps two columns to email', async () => {
    const csv = 'Ignore,Who,Mail A,Mail B\nzzz,Mapped,m1@map.example,m2@map.example\n';
    const result = await importCsv(tenant.admin, 'contacts', csv, 'mapping=,name,email,email');
    expect(result.created).toBe(1);
    const c = await contactByEmail('m2@map.example', tid);
    expect(c?.name).toBe('Mapped');
    expect(c?.emails.map((e) => e.email)).toEqual(['m1@map.example', 'm2@map.example']);
  });

  it('rejects what it cannot do with a reason: two contacts matched, a shifted row, a member changing an owner', async () => {
    await createContact(tenant.admin, { name: 'One', emails: [`one@${tenant.domain}`] });
    await createContact(tenant.admin, { name: 'Two', emails: [`two@${tenant.domain}`] });
    await createContact(tenant.admin, { name: 'Admin’s', emails: [`admins@${tenant.domain}`] });
    const member = await tenant.member();
    const memberEmail = (await member.api.get('/api/v1/me')).body.email as string;
    const csv = [
      'Name,Email,Owner email',
      `Both,one@${tenant.domain} two@${tenant.domain},`,
      `Shifted,shift@${tenant.domain},,extra`,
      `Mine now,admins@${tenant.domain},${memberEmail}`,
    ].join('\n');
    const asMember = await importCsv(member.api, 'contacts', csv, 'dryRun=true');
    expect(asMember.rejectedRows.map((r) => r.code)).toEqual([
      'AMBIGUOUS_MATCH',
      'TOO_MANY_CELLS',
      'OWNER_CHANGE_FORBIDDEN',
    ]);
    // An admin may give a contact to another owner.
    const asAdmin = await importCsv(tenant.admin, 'contacts', csv, 'dryRun=true');
    expect(asAdmin.rejectedRows.map((r) => r.code)).toEqual(['AMBIGUOUS_MATCH', 'TOO_MANY_CELLS']);
  });

  it('keeps tenants apart: another tenant’s user is an unknown owner, its contacts are not matched', async () => {
    const other = await createTenant(server);
    await createContact(other.admin, { name: 'Theirs', emails: ['shared@iso.example'] });
    const csv = `Name,Email,Owner email\nOurs,shared@iso.example,\nOwned,owned@iso.example,admin@${other.domain}\n`;
    const result = await importCsv(tenant.admin, 'contacts', csv);
    expect(result).toMatchObject({ created: 1, updated: 0, rejected: 1 });
    expect(result.rejectedRows[0]).toMatchObject({ row: 3, code: 'UNKNOWN_OWNER' });
    const otherId = (await other.admin.get('/api/v1/me')).body.tenant.id as string;
    expect((await contactByEmail('shared@iso.example', otherId))?.name).toBe('Theirs');
    expect((await contactByEmail('shared@iso.example', tid))?.name).toBe('Ours');
  });

  it('hands back the rejected rows as CSV: the file’s columns, the row and the reason, formulas defused', async () => {
    const csv = 'Name,Email\n=HYPERLINK("http://evil.example"),bad@@x\n+Good,good-report@r.example\n';
    const result = await importCsv(tenant.admin, 'contacts', csv, 'dryRun=true');
    expect(result.report?.filename).toMatch(/^contacts-rejected-rows-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = result.report!.csv;
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = rowsOf(text.slice(1));
    expect(rows).toEqual([
      ['Name', 'Email', 'Row', 'Error code', 'Reason'],
      ['\'=HYPERLINK("http://evil.example")', 'bad@@x', '2', 'INVALID_EMAIL', '"bad@@x" is not an email address'],
    ]);
  });
});

describe('importing companies', () => {
  it('matches by domain, or by name when a row has no domain; duplicates in the file are rejected', async () => {
    const tenant = await createTenant(server);
    const tid = (await tenant.admin.get('/api/v1/me')).body.tenant.id as string;
    const existing = await createCompany(tenant.admin, { name: 'Contoso', domains: ['contoso-imp.example'] });
    await createCompany(tenant.admin, { name: 'Same Name', domains: [] });
    await createCompany(tenant.admin, { name: 'same name', domains: [] });
    const csv = [
      'Name,Domain,Owner email',
      'Contoso Ltd,https://www.contoso-imp.example/about,',
      'Litware,litware.example; litware.se,',
      'Lonely,,',
      'LITWARE again,litware.se,',
      'lonely,,',
      'Same Name,,',
      `,,admin@${tenant.domain}`,
      'Bad,not a domain,',
    ].join('\n');
    const result = await importCsv(tenant.admin, 'companies', csv);
    expect(result).toMatchObject({ created: 2, updated: 1, rejected: 5 });
    expect(result.rejectedRows.map((r) => [r.row, r.code])).toEqual([
      [5, 'DUPLICATE_IN_FILE'],
      [6, 'DUPLICATE_IN_FILE'],
      [7, 'AMBIGUOUS_MATCH'],
      [8, 'MISSING_NAME'],
      [9, 'INVALID_DOMAIN'],
    ]);
    const renamed = await server.db.system.company.findFirst({ where: { tenantId: tid, id: existing.id } });
    expect(renamed?.name).toBe('Contoso Ltd');
    const litware = await server.db.system.companyDomain.findMany({
      where: { tenantId: tid, domain: { startsWith: 'litware' } },
    });
    expect(litware.map((d) => d.domain).sort()).toEqual(['litware.example', 'litware.se']);
  });
});

describe('a failed import leaves nothing half-written', () => {
  let tenant: TestTenant;
  let tid: string;
  const trigger = unique('boom').replace('-', '_');
  beforeAll(async () => {
    tenant = await createTenant(server);
    tid = (await tenant.admin.get('/api/v1/me')).body.tenant.id;
    // A fault only the database sees, and only at insert time: this tenant's address boom@… is refused.
    await server.db.system.$executeRawUnsafe(`
      CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."tenantId" = '${tid}' AND NEW.email LIKE 'boom@%' THEN RAISE EXCEPTION 'injected fault'; END IF;
        RETURN NEW;
      END $$`);
    await server.db.system.$executeRawUnsafe(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON "ContactEmail" FOR EACH ROW EXECUTE FUNCTION ${trigger}()`,
    );
  });
  afterAll(async () => {
    await server.db.system.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${trigger} ON "ContactEmail"`);
    await server.db.system.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${trigger}()`);
  });

  it('rolls back the companies, contacts, updates and audit event written before the fault', async () => {
    await createContact(tenant.admin, { name: 'Before', emails: [`before@${tenant.domain}`] });
    const before = await counts(tid);
    const rows = Array.from(
      { length: 2000 },
      (_, i) => `P${i},p${i}@atomic.example,Atomic ${i % 7},atomic${i % 7}.example`,
    );
    rows.splice(1500, 0, 'Boom,boom@atomic.example,,');
    const csv = ['Name,Email,Company,Company domain', `After,before@${tenant.domain},,`, ...rows].join('\n');
    // Straight to fetch: an unexpected failure is a 500 no route declares (contract.ts).
    const res = await fetch(`${server.base}/api/v1/imports/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.admin.token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(500);
    expect(await counts(tid)).toEqual(before);
    expect((await contactByEmail(`before@${tenant.domain}`, tid))?.name).toBe('Before');
    // The same file without the faulty row goes through.
    const ok = await importCsv(tenant.admin, 'contacts', csv.replace('Boom,boom@atomic.example,,\n', ''));
    expect(ok).toMatchObject({ created: 2000, updated: 1, companiesCreated: 7 });
  });
});

describe('exporting', () => {
  it('streams every contact as CSV that imports back into another tenant as it was, formulas defused', async () => {
    const source = await createTenant(server);
    const company = await createCompany(source.admin, { name: 'Tailspin', domains: ['tailspin-exp.example'] });
    await createContact(source.admin, {
      name: '=cmd|calc',
      emails: ['eq@exp.example'],
      phone: '+46 8 555 01',
      title: '@title',
      tags: ['a', 'b'],
      companyId: company.id,
    });
    await createContact(source.admin, { name: 'ნინო', emails: ['nino@exp.example', 'n2@exp.example'] });
    await createContact(source.admin, { name: 'No address' });
    const res = await source.admin.get('/api/v1/exports/contacts.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?contacts-t-.*\.csv"?$/);
    // fetch's text() drops a BOM: look at the bytes.
    const bytes = await download(source.admin, '/exports/contacts.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = res.body as string;
    const rows = rowsOf(text);
    expect(rows[0]).toEqual([
      'Name',
      'Email',
      'Title',
      'Phone',
      'Company',
      'Company domain',
      'Owner email',
      'Tags',
      'Last contacted',
      'Created',
    ]);
    const eq = rows.find((r) => r[1] === 'eq@exp.example')!;
    expect(eq.slice(0, 8)).toEqual([
      "'=cmd|calc",
      'eq@exp.example',
      "'@title",
      "'+46 8 555 01",
      'Tailspin',
      'tailspin-exp.example',
      `admin@${source.domain}`,
      'a; b',
    ]);

    // Into a tenant with the same owner address: the owner column maps back to its user.
    const target = await server.as(unique('t'), `admin@${source.domain}`, 'admin');
    const targetId = (await target.get('/api/v1/me')).body.tenant.id as string;
    const result = await importCsv(target, 'contacts', text);
    expect(result).toMatchObject({ created: 3, rejected: 0, companiesCreated: 1 });
    const back = await contactByEmail('eq@exp.example', targetId);
    expect(back).toMatchObject({ name: '=cmd|calc', phone: '+46 8 555 01', title: '@title', tags: ['a', 'b'] });
    expect(back?.company?.name).toBe('Tailspin');
    expect(back?.company?.domains.map((d) => d.domain)).toEqual(['tailspin-exp.example']);
    expect((await contactByEmail('n2@exp.example', targetId))?.emails.map((e) => e.email)).toEqual([
      'nino@exp.example',
      'n2@exp.example',
    ]);
  });

  it('exports what the filters select, and companies too', async () => {
    const tenant = await createTenant(server);
    const member = await tenant.member();
    const co = await createCompany(tenant.admin, { name: 'Filtered Co', domains: ['filtered.example'] });
    await createContact(tenant.admin, { name: 'In Company', emails: ['in@filtered.example'], companyId: co.id });
    await createContact(tenant.admin, { name: 'Member Owned', ownerId: member.id });
    await createContact(tenant.admin, { name: 'Someone Else' });
    const names = async (query: string) => {
      const res = await tenant.admin.get(`/api/v1/exports/contacts.csv?${query}`);
      expect(res.status).toBe(200);
      return rowsOf(res.body as string)
        .slice(1)
        .map((r) => r[0]);
    };
    expect(await names(`companyId=${co.id}`)).toEqual(['In Company']);
    expect(await names(`ownerId=${member.id}`)).toEqual(['Member Owned']);
    expect(await names('q=else')).toEqual(['Someone Else']);
    expect(await names('')).toEqual(['In Company', 'Member Owned', 'Someone Else']);
    const companies = await tenant.admin.get('/api/v1/exports/companies.csv');
    expect(rowsOf(companies.body as string)).toEqual([
      ['Name', 'Domain', 'Owner email', 'Created'],
      ['Filtered Co', 'filtered.example', `admin@${tenant.domain}`, expect.any(String)],
    ]);
  });

  it('exports only the caller’s tenant', async () => {
    const other = await createTenant(server);
    await createContact(other.admin, { name: 'Not Yours', emails: ['notyours@iso-exp.example'] });
    const res = await t.admin.get('/api/v1/exports/contacts.csv');
    expect(res.body).not.toContain('notyours@iso-exp.example');
  });
});
