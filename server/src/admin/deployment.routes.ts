// The admin console's deployment page: both manifests for this server's public URL (or
// another https host), their versions and offline checks, where Microsoft 365 admin
// center can fetch them, and the PowerShell that limits the sync to chosen mailboxes.
import { z } from 'zod';
import { ADDIN_ID } from '../../../addin/manifest/addin.ts';
import { defineRoute, Download, type RouteSpec } from '../crm/index.ts';
import { AppError } from '../shared/errors.ts';
import { httpsOrigin, manifestInvalid, type ManifestKind, type ManifestService } from './manifests.service.ts';
import { rbacPowerShell } from './rbac-powershell.ts';

export type DeploymentDeps = {
  manifests: ManifestService;
  /** PUBLIC_URL as configured. */
  publicUrl: string;
  /** The mail sync's Entra app id (GRAPH_CLIENT_ID), or null when the server has none. */
  syncAppId: string | null;
  /** Where the admin routes are mounted (/api/v1/admin): the download links. */
  downloadBase: string;
};

const HttpsOrigin = z
  .string()
  .trim()
  .max(2048)
  .transform((value, ctx) => {
    const origin = httpsOrigin(value);
    if (!origin) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be an https origin without a path, e.g. https://crm.example.com (Outlook loads add-ins over https only)',
      });
      return z.NEVER;
    }
    return origin;
  })
  .meta({ description: 'An https origin, e.g. https://crm.example.com; default: PUBLIC_URL' });

const HostQuery = z.object({ host: HttpsOrigin.optional() });

export const DeploymentResponse = z
  .object({
    publicUrl: z.string(),
    host: z.string(),
    /** The XML add-in's id; the unified manifest hides the XML add-in by it. */
    addinId: z.string(),
    manifests: z.array(
      z.object({
        kind: z.enum(['xml', 'json']),
        fileName: z.string(),
        stableUrl: z.string().nullable().meta({
          description: 'For Integrated apps > "add a URL link"; only when host is the public URL (https)',
        }),
        downloadPath: z.string(),
        version: z.string(),
        check: z.object({ ok: z.boolean(), problems: z.array(z.string()) }),
      }),
    ),
    syncAppId: z.string().nullable(),
    rbac: z.object({ powershell: z.string() }),
  })
  .meta({ id: 'Deployment' });

const PATHS: Record<ManifestKind, string> = { xml: 'manifest.xml', json: 'manifest.json' };

/** The deployment routes; without deps (the route registry alone, e.g. for the OpenAPI document) they answer 500. */
export function deploymentRoutes(deps: DeploymentDeps | null): RouteSpec[] {
  const need = () => {
    if (!deps) throw new AppError('INTERNAL', 500, 'The deployment routes are not wired to a manifest service');
    return deps;
  };
  /** The host asked for, or the public URL when it is an https origin. */
  const hostOf = (d: DeploymentDeps, host: string | undefined) => {
    if (host) return host;
    if (d.manifests.publicHost) return d.manifests.publicHost;
    throw new AppError(
      'PUBLIC_URL_NOT_HTTPS',
      409,
      `PUBLIC_URL (${d.publicUrl}) is not an https origin: Outlook loads add-ins over https only. Set PUBLIC_URL to this server's https address, or ask for ?host=https://…`,
    );
  };
  const download = (kind: ManifestKind) =>
    defineRoute({
      method: 'get',
      path: `/admin/${PATHS[kind]}`,
      tag: 'Admin',
      summary:
        kind === 'xml'
          ? 'The add-in only manifest (XML) for a host, checked offline, with its current version'
          : 'The unified app manifest (manifest.json) for a host, checked offline, with its current version',
      auth: 'admin',
      query: HostQuery,
      response: null,
      produces: kind === 'xml' ? 'application/xml' : 'application/json',
      errors: [403, 409, 500],
      handler: async ({ query }) => {
        const d = need();
        const host = hostOf(d, query.host);
        const manifest = (await d.manifests.manifestsFor(host))[kind];
        if (manifest.problems.length) throw manifestInvalid(manifest, host);
        return new Download(manifest.contentType, manifest.fileName, manifest.body);
      },
    });

  return [
    defineRoute({
      method: 'get',
      path: '/admin/deployment',
      tag: 'Admin',
      summary: 'Both manifests for a host (versions, offline checks, stable URLs) and the RBAC PowerShell for the sync',
      auth: 'admin',
      query: HostQuery,
      response: DeploymentResponse,
      errors: [403, 409],
      handler: async ({ query }, ctx) => {
        const d = need();
        const host = hostOf(d, query.host);
        const [manifests, tenant] = await Promise.all([
          d.manifests.manifestsFor(host),
          ctx.db.tenant.findFirst({ where: {}, select: { domains: true } }),
        ]);
        const stable = host === d.manifests.publicHost;
        return {
          publicUrl: d.publicUrl,
          host,
          addinId: ADDIN_ID,
          manifests: [manifests.xml, manifests.json].map((m) => ({
            kind: m.kind,
            fileName: m.fileName,
            stableUrl: stable ? `${host}/${PATHS[m.kind]}` : null,
            downloadPath: `${d.downloadBase}/${PATHS[m.kind]}?host=${encodeURIComponent(host)}`,
            version: m.version,
            check: { ok: m.problems.length === 0, problems: [...m.problems] },
          })),
          syncAppId: d.syncAppId,
          rbac: { powershell: rbacPowerShell({ syncAppId: d.syncAppId, domain: tenant?.domains[0] ?? null }) },
        };
      },
    }),
    download('xml'),
    download('json'),
  ];
}
