// npm run manifest -- --host https://crm.example.com [--out crm.xml] [--package-dir dir] [--release N]
// Writes both manifests for a public host, each checked offline first (nothing is
// written when one fails):
// - the add-in only XML manifest: manifest.xml for https://localhost:3000 (the file in
//   the repository, release 0), else manifest.<hostname>.xml;
// - the unified manifest with its language files, into app-package.<hostname>/ (not in
//   the repository: the server serves both at /manifest.xml and /manifest.json for its
//   PUBLIC_URL, with release numbers from its database).
// The app package (zip) for Microsoft 365 also needs the two icons named in manifest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_HOST, describeAddin, normalizeHost } from '../addin/manifest/addin.ts';
import { checkXmlManifest, createUnifiedManifestChecker } from '../addin/manifest/check.ts';
import { renderXmlManifest } from '../addin/manifest/manifest.ts';
import { PACKAGE_ICONS, renderUnifiedLocalizations, renderUnifiedManifestFor } from '../addin/manifest/unified.ts';

const USAGE =
  'Usage: npm run manifest -- --host https://crm.example.com [--out file.xml] [--package-dir dir] [--release N]';

try {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      out: { type: 'string' },
      'package-dir': { type: 'string' },
      release: { type: 'string' },
    },
  });
  const host = normalizeHost(values.host ?? DEFAULT_HOST);
  const release = Number(values.release ?? 0);
  const hostname = new URL(host).hostname;
  const xmlOut = values.out ?? (host === DEFAULT_HOST ? 'manifest.xml' : `manifest.${hostname}.xml`);
  const packageDir = values['package-dir'] ?? `app-package.${hostname}`;

  const addin = describeAddin(host);
  const xml = renderXmlManifest(addin, release);
  const json = renderUnifiedManifestFor(addin, release);
  const languages = renderUnifiedLocalizations(addin);
  const checker = createUnifiedManifestChecker();
  const problems = [
    ...checkXmlManifest(xml, { host }).map((p) => `${xmlOut}: ${p}`),
    ...checker.checkManifest(json, { host }).map((p) => `manifest.json: ${p}`),
    ...Object.entries(languages).flatMap(([file, text]) => checker.checkLocalization(text).map((p) => `${file}: ${p}`)),
  ];
  if (problems.length) {
    console.error(`The manifests for ${host} failed their checks; nothing was written:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }

  writeFileSync(xmlOut, xml);
  mkdirSync(packageDir, { recursive: true });
  writeFileSync(path.join(packageDir, 'manifest.json'), json);
  for (const [file, text] of Object.entries(languages)) writeFileSync(path.join(packageDir, file), text);
  console.error(
    [
      `Wrote ${xmlOut} and ${packageDir}/ (manifest.json, ${Object.keys(languages).join(', ')}) for ${host}.`,
      `To zip the app package, add ${PACKAGE_ICONS.color} (192×192) and ${PACKAGE_ICONS.outline} (32×32) to ${packageDir}/.`,
    ].join('\n'),
  );
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
