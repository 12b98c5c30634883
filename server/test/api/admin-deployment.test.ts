// The admin's deployment page over HTTP: both manifests for the public URL or another
// https host, at a version that rises when their content changes and only then (the
// admin center takes an update only with a higher version), downloadable and at stable
// URLs, never handed out when their check fails; the RBAC PowerShell; admins only.
import { describe, expect, it } from 'vitest';
import { ADDIN_ID, describeAddin } from '../../../addin/manifest/addin.ts';
import { checkXmlManifest, createUnifiedManifestChecker } from '../../../addin/manifest/check.ts';
import { MANIFEST_STRINGS } from '../../../addin/manifest/strings.ts';
import { createManifestService } from '../../src/admin/index.ts';
import { allocateManifestRelease } from '../../src/db/index.ts';
import { useTestTenant } from '../factories.ts';
import { unique } from '../harness.ts';

const PUBLIC_URL = 'https://crm.example.com';
const SYNC_APP_ID = '0f3b8a52-7c1d-4e9a-b6f2-3d5c8e1a9b04';
const OTHER = 'https://crm.other.example:8443';

const t = useTestTenant({ publicUrl: PUBLIC_URL, syncAppId: SYNC_APP_ID });
const unified = createUnifiedManifestChecker();

const deployment = (host?: string) =>
  t.admin.get(`/api/v1/admin/deployment${host ? `?host=${encodeURIComponent(host)}` : ''}`);
const versionIn = (xml: string) => /<Version>([^<]+)<\/Version>/.exec(xml)?.[1];

describe('GET /admin/deployment', () => {
  it('describes both manifests for the public URL: stable URLs, download paths, versions, checks', async () => {
    const res = await deployment();
    expect(res.status).toBe(200);
    const [xml, json] = res.body.manifests;
    expect(res.body).toMatchObject({
      publicUrl: PUBLIC_URL,
      host: PUBLIC_URL,
      addinId: ADDIN_ID,
      syncAppId: SYNC_APP_ID,
    });
    const release = Number(/^1\.0\.(\d+)\.0$/.exec(xml.version)?.[1]);
    expect(release).toBeGreaterThanOrEqual(1);
    expect(xml).toEqual({
      kind: 'xml',
      fileName: 'manifest.crm.example.com.xml',
      stableUrl: `${PUBLIC_URL}/manifest.xml`,
      downloadPath: `/api/v1/admin/manifest.xml?host=${encodeURIComponent(PUBLIC_URL)}`,
      version: `1.0.${release}.0`,
      check: { ok: true, problems: [] },
    });
    expect(json).toEqual({
      kind: 'json',
      fileName: 'manifest.crm.example.com.json',
      stableUrl: `${PUBLIC_URL}/manifest.json`,
      downloadPath: `/api/v1/admin/manifest.json?host=${encodeURIComponent(PUBLIC_URL)}`,
      version: `1.0.${release}`,
      check: { ok: true, problems: [] },
    });
  });

  it('gives the Exchange Online PowerShell that limits the sync to a group, with the sync app id filled in', async () => {
    // Onboarding records the tenant's verified domains; the example group is on the first.
    await t.server.db.system.tenant.update({ where: { slug: t.slug }, data: { domains: [t.domain, 'other.example'] } });
    const { powershell } = (await deployment()).body.rbac;
    expect(powershell).toContain(`$AppId    = '${SYNC_APP_ID}'`);
    expect(powershell).toMatch(/New-ServicePrincipal -AppId \$AppId -ObjectId \$ObjectId/);
    expect(powershell).toContain(`Get-DistributionGroup -Identity 'crm-sync@${t.domain}'`);
    expect(powershell).toMatch(
      /New-ManagementScope .* -RecipientRestrictionFilter "MemberOfGroup -eq '\$\(\$Group.DistinguishedName\)'"/,
    );
    expect(powershell).toMatch(
      /New-ManagementRoleAssignment .* -App \$AppId -Role 'Application Mail.Read' -CustomResourceScope 'CRM for Outlook mail sync'/,
    );
    expect(powershell).toMatch(/Test-ServicePrincipalAuthorization -Identity \$AppId -Resource/);
  });

  it('for another https host: its own manifests and release, no stable URL', async () => {
    const res = await deployment(`${OTHER}/`);
    expect(res.status).toBe(200);
    expect(res.body.host).toBe(OTHER);
    for (const m of res.body.manifests) {
      expect(m.stableUrl).toBeNull();
      expect(m.check).toEqual({ ok: true, problems: [] });
      expect(m.downloadPath).toContain(`?host=${encodeURIComponent(OTHER)}`);
    }
    const download = await t.admin.get(res.body.manifests[0].downloadPath);
    expect(checkXmlManifest(download.body, { host: OTHER })).toEqual([]);
    expect(download.body).toContain(`<AppDomain>${OTHER}</AppDomain>`);
  });

  it.each([
    ['http://crm.example.com', /https origin/],
    ['https://crm.example.com/crm', /https origin without a path/],
    ['crm.example.com', /https origin/],
    ['https://user:secret@crm.example.com', /https origin/],
  ])('refuses the host %s with 400 and says what a host must be', async (host, message) => {
    for (const path of ['deployment', 'manifest.xml', 'manifest.json']) {
      const res = await t.admin.get(`/api/v1/admin/${path}?host=${encodeURIComponent(host)}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([{ path: 'query.host', message: expect.stringMatching(message) }]);
    }
  });

  it('is for admins only: members get 403 on every deployment and overview endpoint', async () => {
    const { api } = await t.member();
    for (const path of ['deployment', 'manifest.xml', 'manifest.json', 'overview']) {
      const res = await api.get(`/api/v1/admin/${path}`);
      expect(res.status, path).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect((await t.server.anonymous().get('/api/v1/admin/deployment')).status).toBe(401);
  });
});

describe('the manifests handed out', () => {
  it('download as files checked offline, at the version the deployment page shows', async () => {
    const page = (await deployment()).body;
    const xml = await t.admin.get(page.manifests[0].downloadPath);
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(xml.headers.get('content-disposition')).toMatch(
      /^attachment; filename="?manifest\.crm\.example\.com\.xml"?$/,
    );
    expect(versionIn(xml.body)).toBe(page.manifests[0].version);
    expect(checkXmlManifest(xml.body, { host: PUBLIC_URL })).toEqual([]);

    const json = await t.admin.get(page.manifests[1].downloadPath);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.headers.get('content-disposition')).toMatch(
      /^attachment; filename="?manifest\.crm\.example\.com\.json"?$/,
    );
    expect(json.body.version).toBe(page.manifests[1].version);
    expect(unified.checkManifest(JSON.stringify(json.body), { host: PUBLIC_URL })).toEqual([]);
    expect(json.body.extensions[0].alternates[0].hide.customOfficeAddin.officeAddinId).toBe(ADDIN_ID);
  });

  it('are at stable https URLs for Integrated apps, revalidated on every fetch, open to anyone', async () => {
    const page = (await deployment()).body;
    const xml = await fetch(`${t.server.base}/manifest.xml`);
    expect(xml.status).toBe(200);
    expect(xml.headers.get('cache-control')).toBe('no-cache');
    expect(versionIn(await xml.text())).toBe(page.manifests[0].version);
    const json = await fetch(`${t.server.base}/manifest.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.headers.get('cache-control')).toBe('no-cache');
    expect(((await json.json()) as { version: string }).version).toBe(page.manifests[1].version);
  });

  it('keep their version while their content is unchanged, even asked for at once', async () => {
    const first = (await deployment()).body.manifests.map((m: { version: string }) => m.version);
    const again = await Promise.all(Array.from({ length: 6 }, () => deployment()));
    for (const res of again) expect(res.body.manifests.map((m: { version: string }) => m.version)).toEqual(first);
    const stable = await fetch(`${t.server.base}/manifest.xml`);
    expect(versionIn(await stable.text())).toBe(first[0]);
  });

  it('get a higher version, both of them, when what is rendered for the host changed', async () => {
    const before = (await deployment()).body.manifests;
    const release = Number(before[1].version.split('.')[2]);
    // As another server version (other strings, other icons) would have left it for this host.
    await t.server.db.system.manifestRelease.update({
      where: { host: PUBLIC_URL },
      data: { contentHash: 'content-of-an-older-server' },
    });
    const after = (await deployment()).body.manifests;
    expect(after.map((m: { version: string }) => m.version)).toEqual([`1.0.${release + 1}.0`, `1.0.${release + 1}`]);
    const stable = await (await fetch(`${t.server.base}/manifest.json`)).json();
    expect((stable as { version: string }).version).toBe(`1.0.${release + 1}`);
    // And stays there.
    expect((await deployment()).body.manifests[0].version).toBe(`1.0.${release + 1}.0`);
  });

  it('are refused with 500 MANIFEST_INVALID and their problems rather than handed out broken', async () => {
    // A host so long that the unified manifest's URLs pass the schema's 2,048 characters.
    const label = 'a'.repeat(60);
    const host = `https://${Array.from({ length: 33 }, () => label).join('.')}.example`;
    const page = await deployment(host);
    expect(page.status).toBe(200);
    const [xml, json] = page.body.manifests;
    expect(xml.check.ok).toBe(true);
    expect(json.check.ok).toBe(false);
    expect(json.check.problems).toContainEqual(expect.stringMatching(/must NOT have more than 2048 characters/));
    const res = await t.admin.get(json.downloadPath);
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('MANIFEST_INVALID');
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(res.body.errors[0].message).toMatch(/2048 characters/);
    expect((await t.admin.get(xml.downloadPath)).status).toBe(200);
  });
});

describe('manifest releases', () => {
  it('rise with the content of the description (changed strings), each content its own number', async () => {
    const host = `https://${unique('strings')}.example`;
    const changed = structuredClone(MANIFEST_STRINGS);
    changed['sv-SE'].buttonLabel = 'Visa CRM';
    const system = t.server.db.system;
    const checker = unified;
    const original = createManifestService({ system, publicUrl: PUBLIC_URL, checker });
    const edited = createManifestService({
      system,
      publicUrl: PUBLIC_URL,
      checker,
      describe: (h) => describeAddin(h, changed),
    });
    expect((await original.manifestsFor(host)).release).toBe(1);
    expect((await original.manifestsFor(host)).release).toBe(1);
    const next = await edited.manifestsFor(host);
    expect(next.release).toBe(2);
    expect(next.xml.body).toContain('Value="Visa CRM"');
    expect(next.xml.version).toBe('1.0.2.0');
    expect((await original.manifestsFor(host)).release).toBe(3);
  });

  it('are never the same number for two contents, when processes allocate at once', async () => {
    const host = `https://${unique('race')}.example`;
    const system = t.server.db.system;
    const hashes = Array.from({ length: 24 }, (_, i) => `content-${i % 3}`);
    const releases = await Promise.all(hashes.map((hash) => allocateManifestRelease(system, host, hash)));
    const contentOf = new Map<number, string>();
    for (const [i, release] of releases.entries()) {
      expect(contentOf.get(release) ?? hashes[i], `release ${release}`).toBe(hashes[i]);
      contentOf.set(release, hashes[i]!);
    }
    const last = await system.manifestRelease.findUniqueOrThrow({ where: { host } });
    expect(Math.max(...releases)).toBe(last.release);
    expect(contentOf.get(last.release)).toBe(last.contentHash);
    // The same content asked for at once: one number for all.
    const same = await Promise.all(Array.from({ length: 8 }, () => allocateManifestRelease(system, host, 'settled')));
    expect(new Set(same).size).toBe(1);
    expect(same[0]).toBe(last.release + 1);
  });
});
