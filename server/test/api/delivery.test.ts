// What travels on the wire: compressed as the caller accepts (brotli first), the pane's
// hashed files as compressed at build time, taskpane.html in the user's language.
// node:http, not fetch: fetch asks for gzip and br itself and hides the encoding.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../harness.ts';

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

function raw(base: string, target: string, headers: Record<string, string> = {}): Promise<Raw> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    get({ host: hostname, port, path: target, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const decode = (res: Raw) =>
  res.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(res.body)
    : res.headers['content-encoding'] === 'gzip'
      ? gunzipSync(res.body)
      : res.headers['content-encoding'] === 'deflate'
        ? inflateSync(res.body)
        : res.body;

const vary = (res: Raw) =>
  String(res.headers.vary ?? '')
    .split(',')
    .map((field) => field.trim().toLowerCase());

// What a build writes (addin/vite.config.ts): a chunk with its two twins, a chunk too
// small to have them, a language's strings, taskpane.html and the Vite manifest.
const SCRIPT = Buffer.from(
  Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i} * 2; // the pane's code\n`).join(''),
);
const SMALL = Buffer.from('export const x = 1;\n');
const PAGE = `<!doctype html>
<!-- The server fills in lang, dir and the loading label per request. -->
<html lang="en" dir="ltr">
  <head>
    <title>CRM for Outlook</title>
    <style>${'.shell { display: flex; }\n'.repeat(60)}</style>
  </head>
  <body>
    <div id="root"><div class="shell" role="status" aria-busy="true" aria-label="Loading…"></div></div>
  </body>
</html>
`;

let paneDir: string;
beforeAll(async () => {
  paneDir = await mkdtemp(path.join(tmpdir(), 'pane-delivery-'));
  await mkdir(path.join(paneDir, 'pane'));
  await mkdir(path.join(paneDir, '.vite'));
  await writeFile(path.join(paneDir, 'taskpane.html'), PAGE);
  await writeFile(
    path.join(paneDir, '.vite/manifest.json'),
    JSON.stringify({
      'taskpane.html': {
        file: 'pane/taskpane-abc123.js',
        isEntry: true,
        imports: ['_shared-abc123.js'],
        dynamicImports: ['src/render.tsx', 'src/i18n/locales/fa.json'],
      },
      'src/render.tsx': {
        file: 'pane/render-abc123.js',
        imports: ['_shared-abc123.js', '_fluent-abc123.js', 'taskpane.html'],
        dynamicImports: ['src/components/DealForm.tsx'],
      },
      '_shared-abc123.js': { file: 'pane/shared-abc123.js' },
      '_fluent-abc123.js': { file: 'pane/fluent-abc123.js' },
      'src/components/DealForm.tsx': { file: 'pane/DealForm-abc123.js' },
      'src/i18n/locales/fa.json': { file: 'pane/fa-abc123.js' },
      'src/console/locales/fa.json': { file: 'pane/fa-console.js' },
    }),
  );
  await writeFile(path.join(paneDir, 'pane/main-abc123.js'), SCRIPT);
  await writeFile(path.join(paneDir, 'pane/main-abc123.js.br'), brotliCompressSync(SCRIPT));
  await writeFile(path.join(paneDir, 'pane/main-abc123.js.gz'), gzipSync(SCRIPT, { level: 9 }));
  await writeFile(path.join(paneDir, 'pane/small-def456.js'), SMALL);
  await writeFile(path.join(paneDir, 'pane/fa-abc123.js'), SMALL);
});
const server = useTestServer(() => ({ paneDir }));

describe('the pane’s hashed files', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['br;q=0.5, gzip;q=0.8', 'br'],
    ['gzip', 'gzip'],
    ['gzip, br;q=0', 'gzip'],
    // No deflate twin: compressed on the fly, still what was asked for.
    ['deflate', 'deflate'],
    ['identity', undefined],
    ['', undefined],
  ])('Accept-Encoding "%s": sent as %s, the stored bytes, cached for a year', async (accept, encoding) => {
    const res = await raw(server.base, '/pane/main-abc123.js', accept ? { 'accept-encoding': accept } : {});
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(decode(res).equals(SCRIPT)).toBe(true);
    if (encoding === 'br') expect(res.body.equals(brotliCompressSync(SCRIPT))).toBe(true);
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript; charset=utf-8$/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(vary(res)).toContain('accept-encoding');
    if (encoding !== 'deflate') expect(Number(res.headers['content-length'])).toBe(res.body.length);
  });

  it('gives each encoding its own ETag, and answers a matching If-None-Match with 304', async () => {
    const br = await raw(server.base, '/pane/main-abc123.js', { 'accept-encoding': 'br' });
    const plain = await raw(server.base, '/pane/main-abc123.js');
    expect(br.headers.etag).toBeTruthy();
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    const again = await raw(server.base, '/pane/main-abc123.js', {
      'accept-encoding': 'br',
      'if-none-match': String(br.headers.etag),
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('answers a range from the bytes of the representation asked for, never compressing a slice', async () => {
    const plain = await raw(server.base, '/pane/main-abc123.js', { range: 'bytes=0-9' });
    expect(plain.status).toBe(206);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(SCRIPT.subarray(0, 10))).toBe(true);
    const br = await raw(server.base, '/pane/main-abc123.js', { range: 'bytes=0-9', 'accept-encoding': 'br' });
    expect(br.status).toBe(206);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.equals(brotliCompressSync(SCRIPT).subarray(0, 10))).toBe(true);
    expect(br.headers['content-range']).toBe(`bytes 0-9/${brotliCompressSync(SCRIPT).length}`);
  });

  it('sends a file below 1 kB as it is', async () => {
    const res = await raw(server.base, '/pane/small-def456.js', { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.equals(SMALL)).toBe(true);
  });

  it('answers 404 for a missing file, a missing twin’s name and the twins themselves under a wrong name', async () => {
    for (const target of ['/pane/missing.js', '/pane/missing.js.br', '/pane/main-abc123.css']) {
      const res = await raw(server.base, target, { 'accept-encoding': 'br, gzip' });
      expect(res.status, target).toBe(404);
      expect(res.headers['content-encoding'], target).toBeUndefined();
    }
  });
});

describe('dynamic responses', () => {
  it.each([
    ['br, gzip', 'br'],
    ['gzip', 'gzip'],
    ['identity', undefined],
  ])('an API answer with Accept-Encoding "%s" goes as %s', async (accept, encoding) => {
    const res = await raw(server.base, '/api/openapi.json', { 'accept-encoding': accept });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(vary(res)).toContain('accept-encoding');
    const document = JSON.parse(decode(res).toString('utf8')) as { openapi?: string };
    expect(document.openapi).toMatch(/^3\./);
    if (encoding) expect(res.body.length).toBeLessThan(decode(res).length / 3);
  });

  it('does not compress a tiny answer, nor an image that is compressed already', async () => {
    const problem = await raw(server.base, '/api/v1/no-such-thing', { 'accept-encoding': 'br, gzip' });
    expect(problem.status).toBe(404);
    expect(problem.headers['content-encoding']).toBeUndefined();
    const icon = await raw(server.base, '/assets/icons/icon-128.png', { 'accept-encoding': 'br, gzip' });
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toBe('image/png');
    expect(icon.headers['content-encoding']).toBeUndefined();
    expect(icon.body.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});

describe('taskpane.html', () => {
  const page = async (target: string, headers: Record<string, string> = {}) => {
    const res = await raw(server.base, target, { 'accept-encoding': 'br, gzip', ...headers });
    expect(res.status).toBe(200);
    return { res, html: decode(res).toString('utf8') };
  };

  it('is compressed and varies with the language the browser asks for', async () => {
    const { res, html } = await page('/taskpane.html');
    expect(res.headers['content-encoding']).toBe('br');
    expect(vary(res)).toEqual(expect.arrayContaining(['accept-encoding', 'accept-language']));
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin-allow-popups');
    expect(res.headers['content-security-policy']).toContain('frame-ancestors');
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('aria-label="Loading…"');
    // The UI the entry imports dynamically, with what it imports, downloads beside the entry;
    // not what the page names already, a form opened later, or another language's strings.
    const preloaded = [...html.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g)].map((m) => m[1]);
    expect(preloaded).toEqual(['/pane/render-abc123.js', '/pane/fluent-abc123.js']);
  });

  it.each([
    ['Office’s _host_Info ($)', '/taskpane.html?_host_Info=Outlook$Win32$16.02$fa-IR$$$$0', {}],
    ['Office’s _host_Info (|)', '/taskpane.html?_host_Info=Outlook|Web|16.01|fa-IR|Floodgate|isDialog|', {}],
    ['the stand-in’s lang', '/taskpane.html?lang=fa', {}],
    ['Accept-Language', '/taskpane.html', { 'accept-language': 'fa-IR,fa;q=0.9,en;q=0.5' }],
  ])('in Persian, right to left, from %s, with its strings preloaded', async (_from, target, headers) => {
    const { html } = await page(target, headers);
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toContain('aria-label="در حال بارگذاری…"');
    // The pane's Persian strings, not the console's.
    expect(html).toContain('<link rel="modulepreload" crossorigin href="/pane/fa-abc123.js">');
    expect(html).not.toContain('fa-console');
  });

  it('prefers what Office says over the browser’s language', async () => {
    const { html } = await page('/taskpane.html?_host_Info=Outlook$Mac$16.02$sv-SE$$$$0', {
      'accept-language': 'fa',
    });
    expect(html).toContain('<html lang="sv" dir="ltr">');
    expect(html).toContain('aria-label="Läser in…"');
  });

  it.each([
    ['/taskpane.html?_host_Info=Outlook$Win32$16.02$"><script>alert(1)</script>$$$$0'],
    ['/taskpane.html?_host_Info=Outlook$Win32'],
    ['/taskpane.html?lang=x"onload="alert(1)'],
    ['/taskpane.html?_host_Info=' + 'a$'.repeat(400)],
    ['/taskpane.html?lang=zz-ZZ'],
  ])('falls back to English for anything else (%s), and puts none of it in the page', async (target) => {
    const { html } = await page(target.replace(/[<>"]/g, encodeURIComponent));
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).not.toContain('alert');
  });
});
