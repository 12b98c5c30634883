// Outlook loads add-ins over HTTPS only. Without a certificate of the user's own
// (TLS_CERT_FILE/TLS_KEY_FILE) we generate a self-signed one for localhost once and
// keep it in DATA_DIR/tls, so the browser exception a user accepts keeps working.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from 'selfsigned';

export type TlsFiles = { cert: string; key: string };

const VALID_DAYS = 825; // the longest validity browsers accept for a server certificate

export async function loadOrCreateCertificate(
  dataDir: string,
  own: { certFile: string | undefined; keyFile: string | undefined },
): Promise<TlsFiles & { generated: string | null }> {
  if (own.certFile && own.keyFile) {
    return { cert: await readFile(own.certFile, 'utf8'), key: await readFile(own.keyFile, 'utf8'), generated: null };
  }
  const dir = path.join(dataDir, 'tls');
  const certFile = path.join(dir, 'localhost.crt');
  const keyFile = path.join(dir, 'localhost.key');
  if (existsSync(certFile) && existsSync(keyFile)) {
    return { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8'), generated: null };
  }
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + VALID_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  await mkdir(dir, { recursive: true });
  await writeFile(keyFile, pems.private, { mode: 0o600 });
  await writeFile(certFile, pems.cert);
  return { cert: pems.cert, key: pems.private, generated: certFile };
}
