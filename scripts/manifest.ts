// npm run manifest -- --host https://crm.example.com [--out crm.example.com.xml]
// Writes the add-in manifest for a public host (default: manifest.xml for
// https://localhost:3000, the file in the repository).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_HOST, renderManifest } from '../addin/manifest/manifest.ts';

const { values } = parseArgs({ options: { host: { type: 'string' }, out: { type: 'string' } } });
const host = values.host ?? DEFAULT_HOST;
const out = values.out ?? (host === DEFAULT_HOST ? 'manifest.xml' : `manifest.${new URL(host).hostname}.xml`);
try {
  writeFileSync(out, renderManifest(host));
  console.error(`Wrote ${out} for ${host}`);
} catch (error) {
  console.error(
    `${(error as Error).message}\nUsage: npm run manifest -- --host https://crm.example.com [--out file.xml]`,
  );
  process.exit(2);
}
