import { describe, expect, it } from 'vitest';
import { startTestServer, unique } from '../harness.ts';

describe('the add-in manifest and icons', () => {
  it('serves the manifests for PUBLIC_URL, and every icon they name, cacheable by Outlook', async () => {
    const server = await startTestServer({ publicUrl: 'https://crm.example.com' });
    try {
      const res = await fetch(`${server.base}/manifest.xml`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
      const xml = await res.text();
      expect(xml).toContain('<AppDomain>https://crm.example.com</AppDomain>');
      const icons = [
        ...new Set([...xml.matchAll(/https:\/\/crm\.example\.com(\/assets\/icons\/[^"]+\.png)/g)].map((m) => m[1]!)),
      ];
      expect(icons).toHaveLength(7);
      // The unified manifest names the same icons.
      const json = await (await fetch(`${server.base}/manifest.json`)).text();
      const jsonIcons = new Set(
        [...json.matchAll(/https:\/\/crm\.example\.com(\/assets\/icons\/[^"]+\.png)/g)].map((m) => m[1]!),
      );
      expect([...jsonIcons].sort()).toEqual([...icons].sort());
      for (const icon of icons) {
        const png = await fetch(server.base + icon);
        expect(png.status, icon).toBe(200);
        expect(png.headers.get('content-type')).toBe('image/png');
        expect(png.headers.get('cache-control')).toMatch(/max-age=86400/);
        expect(png.headers.get('cache-control')).not.toMatch(/no-cache|no-store/);
        expect(png.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
        const bytes = new Uint8Array(await png.arrayBuffer());
        expect([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
      }
      expect((await fetch(`${server.base}/assets/icons/nope.png`)).status).toBe(404);
      expect((await fetch(`${server.base}/assets/../package.json`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('explains instead of serving a manifest Outlook would refuse (no https address)', async () => {
    const server = await startTestServer({ publicUrl: 'http://localhost:3000' });
    try {
      for (const path of ['/manifest.xml', '/manifest.json']) {
        const res = await server.anonymous().get(path);
        expect(res.status).toBe(404);
        expect(res.body.detail).toMatch(/PUBLIC_URL/);
      }
      // The console's deployment page says so too, and still renders for an https host asked for.
      const admin = await server.as(unique('t'), 'admin@plain.example', 'admin');
      const page = await admin.get('/api/v1/admin/deployment');
      expect(page.status).toBe(409);
      expect(page.body.code).toBe('PUBLIC_URL_NOT_HTTPS');
      const other = await admin.get(`/api/v1/admin/deployment?host=${encodeURIComponent('https://crm.example.com')}`);
      expect(other.status).toBe(200);
      expect(other.body.manifests.map((m: { stableUrl: string | null }) => m.stableUrl)).toEqual([null, null]);
    } finally {
      await server.close();
    }
  });
});
