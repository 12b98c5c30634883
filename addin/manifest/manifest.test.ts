// The manifest, checked offline: well-formed, elements in the order and with the
// children Microsoft's schema requires, every resource reference resolving, every
// URL https on the configured host, every language present. (The XSD itself is not
// vendored; ../shared/reference/owemxml/validate.sh checks it by hand.)
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DOMParser, onErrorStopParsing, type Element } from '@xmldom/xmldom';
import { OfficeAddinManifest } from 'office-addin-manifest';
import { describe, expect, it } from 'vitest';
import { ADDIN_ID, DEFAULT_HOST, renderManifest } from './manifest.ts';
import { DEFAULT_LOCALE, MANIFEST_STRINGS } from './strings.ts';

const HOST = 'https://crm.example.com';
const ROOT = path.resolve(import.meta.dirname, '../..');

function parse(xml: string) {
  return new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml').documentElement!;
}
const children = (el: Element) => Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1);
const names = (el: Element) => children(el).map((c) => c.localName ?? '');
const child = (el: Element, name: string) => children(el).find((c) => c.localName === name)!;
const all = (el: Element, name: string) => Array.from(el.getElementsByTagNameNS('*', name));
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** The MailApp sequence from Microsoft's manifest element ordering page. */
const MAIL_APP_ORDER = [
  'Id',
  'AlternateId',
  'Version',
  'ProviderName',
  'DefaultLocale',
  'DisplayName',
  'Description',
  'IconUrl',
  'HighResolutionIconUrl',
  'SupportUrl',
  'AppDomains',
  'Hosts',
  'Requirements',
  'FormSettings',
  'Permissions',
  'Rule',
  'DisableEntityHighlighting',
  'VersionOverrides',
];
const MAIL_APP_REQUIRED = [
  'Id',
  'Version',
  'ProviderName',
  'DefaultLocale',
  'DisplayName',
  'Description',
  'Requirements',
  'FormSettings',
  'Permissions',
  'Rule',
];
const V1_1_ORDER = ['Description', 'Requirements', 'Hosts', 'Resources', 'WebApplicationInfo', 'EquivalentAddins'];

/** True when `actual` follows the order of `order` (each a known element). */
function inOrder(actual: string[], order: string[]) {
  const positions = actual.map((n) => order.indexOf(n));
  return positions.every((p, i) => p >= 0 && (i === 0 || p >= positions[i - 1]!));
}

describe('manifest.xml', () => {
  it('in the repository is the one rendered for https://localhost:3000 (run npm run manifest when this fails)', () => {
    expect(readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8')).toBe(renderManifest(DEFAULT_HOST));
  });

  it('is a well-formed MailApp with base elements in schema order and none missing', () => {
    const root = parse(renderManifest(HOST));
    expect(root.localName).toBe('OfficeApp');
    expect(root.getAttributeNS(XSI, 'type')).toBe('MailApp');
    expect(inOrder(names(root), MAIL_APP_ORDER)).toBe(true);
    for (const name of MAIL_APP_REQUIRED) expect(names(root)).toContain(name);
    expect(child(root, 'Id').textContent).toBe(ADDIN_ID);
    expect(child(child(child(root, 'Requirements'), 'Sets'), 'Set').getAttribute('MinVersion')).toBe('1.1');
  });

  it('nests VersionOverrides V1_1 (DefaultMinVersion 1.5) as the last child of V1_0, with pinning and a mobile surface', () => {
    const root = parse(renderManifest(HOST));
    const v10 = child(root, 'VersionOverrides');
    expect(v10.getAttributeNS(XSI, 'type')).toBe('VersionOverridesV1_0');
    const v11 = children(v10).at(-1)!;
    expect(v11.getAttributeNS(XSI, 'type')).toBe('VersionOverridesV1_1');
    expect(inOrder(names(v11), V1_1_ORDER)).toBe(true);
    expect(all(child(v11, 'Requirements'), 'Sets')[0]!.getAttribute('DefaultMinVersion')).toBe('1.5');
    const host = all(v11, 'Host')[0]!;
    expect(names(host)).toEqual(['DesktopFormFactor', 'MobileFormFactor']);
    expect(all(v11, 'SupportsPinning').map((e) => e.textContent)).toEqual(['true']);
    expect(all(v10, 'SupportsPinning')).toHaveLength(1); // only inside V1_1: the V1_0 schema does not know it
    const points = all(root, 'ExtensionPoint').map((e) => e.getAttributeNS(XSI, 'type'));
    expect(points).toEqual([
      'MessageReadCommandSurface',
      'MessageReadCommandSurface',
      'MobileMessageReadCommandSurface',
    ]);
  });

  it('resolves every resid within its VersionOverrides and keeps ids unique', () => {
    const root = parse(renderManifest(HOST));
    const v10 = child(root, 'VersionOverrides');
    const v11 = children(v10).at(-1)!;
    for (const block of [v10, v11]) {
      const resources = child(block, 'Resources');
      const ids = children(resources).flatMap((group) => children(group).map((r) => r.getAttribute('id')!));
      expect(new Set(ids).size).toBe(ids.length);
      const hosts = child(block, 'Hosts');
      const refs = all(hosts, '*').flatMap((e) => (e.hasAttribute('resid') ? [e.getAttribute('resid')!] : []));
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) expect(ids, `resid ${ref}`).toContain(ref);
    }
    const controlIds = all(root, '*').flatMap((e) =>
      ['Group', 'Control'].includes(e.localName ?? '') ? [e.getAttribute('id')!] : [],
    );
    // V1_0 and V1_1 describe the same desktop controls: ids repeat across the two blocks only.
    const desktop = controlIds.filter((id) => !id.includes('Mobile'));
    expect(new Set(desktop).size).toBe(desktop.length / 2);
  });

  it('points every URL at the configured host over https', () => {
    const xml = renderManifest(HOST);
    const urls = [...xml.matchAll(/(?:DefaultValue="|<AppDomain>)(https?:\/\/[^"<]+)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) expect(url.startsWith(`${HOST}/`) || url === HOST, url).toBe(true);
    expect(() => renderManifest('http://crm.example.com')).toThrow(/https/);
    expect(() => renderManifest('https://crm.example.com/sub/path')).toThrow(/without a path/);
  });

  it('speaks all five languages: every localized element and string has each locale', () => {
    const root = parse(renderManifest(HOST));
    const locales = Object.keys(MANIFEST_STRINGS)
      .filter((l) => l !== DEFAULT_LOCALE)
      .map((l) => l.toLowerCase());
    expect(locales).toEqual(['ka-ge', 'fa-ir', 'sv-se', 'ta-in']);
    const localized = [child(root, 'DisplayName'), child(root, 'Description'), ...all(root, 'String')];
    expect(localized.length).toBe(2 + 3 * 2);
    for (const el of localized) {
      const overrides = children(el).map((o) => o.getAttribute('Locale'));
      expect(overrides, el.getAttribute('id') ?? el.localName ?? '').toEqual(locales);
      for (const o of children(el)) expect(o.getAttribute('Value')).not.toBe('');
    }
    for (const strings of Object.values(MANIFEST_STRINGS)) {
      expect(strings.displayName.length).toBeLessThanOrEqual(125);
      expect(strings.buttonLabel.length).toBeLessThanOrEqual(125);
      expect(strings.description.length).toBeLessThanOrEqual(250);
    }
  });

  it("parses with office-addin-manifest's reader", async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'manifest-')), 'manifest.xml');
    await writeFile(file, renderManifest(HOST));
    const info = await OfficeAddinManifest.readManifestFile(file);
    expect(info).toMatchObject({
      id: ADDIN_ID,
      version: '1.0.0.0',
      displayName: 'CRM for Outlook',
      officeAppType: 'MailApp',
      hosts: ['Mailbox'],
    });
  });
});
