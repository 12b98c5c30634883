// The manifests this server hands out for a host (the admin's downloads and the
// stable URLs /manifest.xml and /manifest.json): rendered from the add-in's one
// description, stamped with the host's release number, and checked offline. The
// release goes up when what is rendered for the host changes, whichever server
// process renders it first (db/manifest-releases.ts).
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import {
  describeAddin,
  manifestVersions,
  normalizeHost,
  type AddinDescription,
} from '../../../addin/manifest/addin.ts';
import {
  checkXmlManifest,
  createUnifiedManifestChecker,
  type UnifiedManifestChecker,
} from '../../../addin/manifest/check.ts';
import { renderXmlManifest } from '../../../addin/manifest/manifest.ts';
import { renderUnifiedLocalizations, renderUnifiedManifestFor } from '../../../addin/manifest/unified.ts';
import { allocateManifestRelease, type SystemDb } from '../db/index.ts';
import { AppError } from '../shared/errors.ts';

export type ManifestKind = 'xml' | 'json';

export type RenderedManifest = Readonly<{
  kind: ManifestKind;
  /** For a download: manifest.<hostname>.xml or .json. */
  fileName: string;
  contentType: string;
  body: string;
  version: string;
  /** What the offline check found; a manifest with problems is never handed out. */
  problems: readonly string[];
}>;

export type HostManifests = Readonly<{ host: string; release: number; xml: RenderedManifest; json: RenderedManifest }>;

export type ManifestService = {
  /** This server's PUBLIC_URL as an https origin (the stable URLs), or null when it is not one. */
  readonly publicHost: string | null;
  /** Both manifests for an https origin at its current release (allocating the next one if the content changed). */
  manifestsFor(host: string): Promise<HostManifests>;
};

/** The https origin of a URL, or null (not https, or with a path). */
export function httpsOrigin(url: string): string | null {
  try {
    return normalizeHost(url);
  } catch {
    return null;
  }
}

/** A manifest that failed its check: refused with the problems, never handed out broken. */
export function manifestInvalid(manifest: RenderedManifest, host: string): AppError {
  return new AppError(
    'MANIFEST_INVALID',
    500,
    `The ${manifest.kind === 'xml' ? 'XML' : 'unified'} manifest for ${host} failed its offline check, so it is not handed out`,
    { fields: manifest.problems.map((message) => ({ path: manifest.fileName, message })) },
  );
}

export function createManifestService(deps: {
  system: SystemDb;
  publicUrl: string;
  /** The add-in for a host; tests hand in a changed one (its strings, its icons). */
  describe?: (host: string) => AddinDescription;
  /** Microsoft's schema compiled once per service (about a quarter of a second), on first use. */
  checker?: UnifiedManifestChecker;
}): ManifestService {
  const describe = deps.describe ?? ((host: string) => describeAddin(host));
  let checker = deps.checker;
  // Rendering and checking depend only on the host, its content and its release.
  const rendered = new LRUCache<string, HostManifests>({ max: 100 });

  return {
    publicHost: httpsOrigin(deps.publicUrl),
    async manifestsFor(host) {
      const origin = normalizeHost(host);
      const addin = describe(origin);
      const languages = renderUnifiedLocalizations(addin);
      // What the release number stands for: every file, without the version it carries.
      const hash = createHash('sha256');
      for (const part of [
        renderXmlManifest(addin, 0),
        renderUnifiedManifestFor(addin, 0),
        ...Object.values(languages),
      ]) {
        hash.update(part).update('\0');
      }
      const contentHash = hash.digest('hex');
      const release = await allocateManifestRelease(deps.system, origin, contentHash);
      const key = `${origin} ${contentHash} ${release}`;
      const cached = rendered.get(key);
      if (cached) return cached;

      const unified = (checker ??= createUnifiedManifestChecker());
      const versions = manifestVersions(release);
      const hostname = new URL(origin).hostname;
      const xml = renderXmlManifest(addin, release);
      const json = renderUnifiedManifestFor(addin, release);
      const result: HostManifests = Object.freeze({
        host: origin,
        release,
        xml: Object.freeze({
          kind: 'xml' as const,
          fileName: `manifest.${hostname}.xml`,
          contentType: 'application/xml',
          body: xml,
          version: versions.xml,
          problems: checkXmlManifest(xml, { host: origin }),
        }),
        json: Object.freeze({
          kind: 'json' as const,
          fileName: `manifest.${hostname}.json`,
          contentType: 'application/json',
          body: json,
          version: versions.json,
          problems: [
            ...unified.checkManifest(json, { host: origin }),
            ...Object.entries(languages).flatMap(([file, text]) =>
              unified.checkLocalization(text).map((problem) => `${file}: ${problem}`),
            ),
          ],
        }),
      });
      rendered.set(key, result);
      return result;
    },
  };
}
