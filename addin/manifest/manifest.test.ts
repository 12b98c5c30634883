// Both manifests, checked offline: the runtime checks (check.ts) pass on what the
// renderers produce and catch each fault a broken manifest could carry; the XML and the
// unified manifest say the same things about the add-in; and both validate against
// Microsoft's schemas in ../shared/reference (owemxml's XSDs, the unified manifest's JSON
// schema). Those reference tests fail when the folder is missing, unless
// SHARED_REFERENCE=absent says it is absent on purpose.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { OfficeAddinManifest } from 'office-addin-manifest';
import { validateXML } from 'xmllint-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADDIN_ID, describeAddin, DEFAULT_HOST, manifestVersions, UNIFIED_APP_ID } from './addin.ts';
import { checkXmlManifest, createUnifiedManifestChecker, type UnifiedManifestChecker } from './check.ts';
import { renderManifest, renderXmlManifest } from './manifest.ts';
import { DEFAULT_LOCALE, MANIFEST_STRINGS } from './strings.ts';
import {
  buildUnifiedManifest,
  renderUnifiedLocalizations,
  renderUnifiedManifest,
  type UnifiedManifest,
} from './unified.ts';

const HOST = 'https://crm.example.com';
const ROOT = path.resolve(import.meta.dirname, '../..');
const REFERENCE = process.env.SHARED_REFERENCE_DIR ?? path.resolve(ROOT, '../shared/reference');
const REFERENCE_ABSENT = process.env.SHARED_REFERENCE === 'absent';

function parse(xml: string) {
  return new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
}
const children = (el: Element) => Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1);
const child = (el: Element, name: string) => children(el).find((c) => c.localName === name)!;
const all = (el: Element, name: string) => Array.from(el.getElementsByTagNameNS('*', name));
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

const xml = renderManifest(HOST, 7);
/** Faults a manifest could carry, each as an edit of a good one; `xsd`: the schema catches it too. */
const BROKEN_XML: { fault: string; edit: (xml: string) => string; problem: RegExp; xsd: boolean }[] = [
  {
    fault: 'Permissions before FormSettings',
    edit: (x) =>
      x
        .replace('  <Permissions>ReadWriteItem</Permissions>\n', '')
        .replace('  <FormSettings>', '  <Permissions>ReadWriteItem</Permissions>\n  <FormSettings>'),
    problem: /out of the schema's order/,
    xsd: true,
  },
  {
    fault: 'no Rule',
    edit: (x) => x.replace(/ {2}<Rule xsi:type="RuleCollection"[\s\S]*? {2}<\/Rule>\n/, ''),
    problem: /<Rule> is required/,
    xsd: true,
  },
  {
    fault: 'a Version of five parts',
    edit: (x) => x.replace('<Version>1.0.7.0</Version>', '<Version>1.0.7.0.1</Version>'),
    problem: /<Version> must be/,
    xsd: true,
  },
  {
    fault: 'SupportsPinning in V1_0',
    edit: (x) =>
      x.replace(
        '<SourceLocation resid="Taskpane.Url"/>',
        '<SourceLocation resid="Taskpane.Url"/><SupportsPinning>true</SupportsPinning>',
      ),
    problem: /SupportsPinning is allowed only inside VersionOverrides V1_1/,
    xsd: true,
  },
  {
    fault: 'an Id that is not a GUID',
    edit: (x) => x.replace(`<Id>${ADDIN_ID}</Id>`, '<Id>Enter_client_ID_here</Id>'),
    problem: /<Id> must be a GUID/,
    xsd: true,
  },
  {
    fault: 'not well-formed',
    edit: (x) => x.replace('</ProviderName>', '</Providername>'),
    problem: /not well-formed/,
    xsd: true,
  },
  {
    fault: 'a resid naming no resource',
    edit: (x) => x.replace('<Label resid="Group.Label"/>', '<Label resid="Group.Lable"/>'),
    problem: /resid "Group.Lable" names no resource/,
    xsd: false,
  },
  {
    fault: 'an http URL',
    edit: (x) => x.replaceAll(`${HOST}/taskpane.html`, 'http://crm.example.com/taskpane.html'),
    problem: /URL http:\/\/crm.example.com\/taskpane.html is not https on https:\/\/crm.example.com/,
    xsd: false,
  },
  {
    fault: 'a URL on another host',
    edit: (x) => x.replace(`${HOST}/assets/icons/icon-16.png`, 'https://cdn.example.net/icon-16.png'),
    problem: /cdn.example.net\/icon-16.png is not https on/,
    xsd: false,
  },
  {
    fault: 'a language missing',
    edit: (x) => x.replace(/\s*<bt:Override Locale="ta-in"[^>]*>/, ''),
    problem: /Group.Label: no Override for ta-in/,
    xsd: false,
  },
  {
    fault: 'an empty translation',
    edit: (x) => x.replace('Value="Öppna CRM"', 'Value=""'),
    problem: /Button.Label: a language has an empty text/,
    xsd: false,
  },
  {
    fault: 'a repeated control id',
    edit: (x) => x.replace('<Group id="CrmMobileReadGroup">', '<Group id="CrmReadGroup">'),
    problem: /id "CrmReadGroup" repeats/,
    xsd: false,
  },
];

describe('the XML manifest (add-in only)', () => {
  it('in the repository is the one rendered for https://localhost:3000 (run npm run manifest when this fails)', () => {
    expect(readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8')).toBe(renderManifest(DEFAULT_HOST));
  });

  it('passes its runtime check for any https host and release', () => {
    expect(checkXmlManifest(xml)).toEqual([]);
    expect(
      checkXmlManifest(renderManifest('https://crm.example.com:8443', 99_999), {
        host: 'https://crm.example.com:8443',
      }),
    ).toEqual([]);
    expect(checkXmlManifest(renderManifest(DEFAULT_HOST))).toEqual([]);
  });

  it.each(BROKEN_XML)('is refused by the runtime check with $fault', ({ edit, problem }) => {
    const broken = edit(xml);
    expect(broken).not.toBe(xml);
    const problems = checkXmlManifest(broken);
    expect(
      problems.some((p) => problem.test(p)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('is checked against the host it is for, not only against itself', () => {
    expect(checkXmlManifest(xml, { host: 'https://other.example' })).toContain(
      `<AppDomain> must be https://other.example, not "${HOST}"`,
    );
  });

  it('carries the release in <Version>, and nothing else changes with it', () => {
    const root = parse(xml);
    expect(child(root, 'Version').textContent).toBe('1.0.7.0');
    expect(renderManifest(HOST, 8).replace('1.0.8.0', '1.0.7.0')).toBe(xml);
    expect(() => renderManifest(HOST, 100_000)).toThrow(/0 to 99999/);
  });

  it('nests V1_1 (DefaultMinVersion 1.5) last in V1_0, with pinning and a mobile surface', () => {
    const root = parse(xml);
    expect(child(child(child(root, 'Requirements'), 'Sets'), 'Set').getAttribute('MinVersion')).toBe('1.1');
    const v10 = child(root, 'VersionOverrides');
    const v11 = children(v10).at(-1)!;
    expect(v11.getAttributeNS(XSI, 'type')).toBe('VersionOverridesV1_1');
    expect(all(child(v11, 'Requirements'), 'Sets')[0]!.getAttribute('DefaultMinVersion')).toBe('1.5');
    expect(all(v11, 'SupportsPinning').map((e) => e.textContent)).toEqual(['true']);
    expect(all(root, 'ExtensionPoint').map((e) => e.getAttributeNS(XSI, 'type'))).toEqual([
      'MessageReadCommandSurface',
      'MessageReadCommandSurface',
      'MobileMessageReadCommandSurface',
    ]);
  });

  it('refuses a host that is not an https origin', () => {
    expect(() => renderManifest('http://crm.example.com')).toThrow(/https/);
    expect(() => renderManifest('https://crm.example.com/sub/path')).toThrow(/without a path/);
    expect(() => renderManifest('https://user:pw@crm.example.com')).toThrow(/user name/);
    expect(() => renderManifest('crm.example.com')).toThrow(/Not a URL/);
  });

  it("parses with office-addin-manifest's reader", async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'manifest-')), 'manifest.xml');
    await writeFile(file, xml);
    expect(await OfficeAddinManifest.readManifestFile(file)).toMatchObject({
      id: ADDIN_ID,
      version: '1.0.7.0',
      displayName: 'CRM for Outlook',
      officeAppType: 'MailApp',
      hosts: ['Mailbox'],
    });
  });
});

describe('the unified manifest (manifest.json)', () => {
  let checker: UnifiedManifestChecker;
  beforeAll(() => {
    checker = createUnifiedManifestChecker();
  });
  const json = renderUnifiedManifest(HOST, 7);
  const manifest = buildUnifiedManifest(describeAddin(HOST), 7);

  it('passes its runtime check against the schema @microsoft/app-manifest ships, with each language file', () => {
    expect(checker.checkManifest(json)).toEqual([]);
    const files = renderUnifiedLocalizations(describeAddin(HOST));
    expect(Object.keys(files)).toEqual(['ka-ge.json', 'fa-ir.json', 'sv-se.json', 'ta-in.json']);
    for (const file of Object.values(files)) expect(checker.checkLocalization(file)).toEqual([]);
  });

  it.each([
    [
      'a name over 30 characters',
      (m: UnifiedManifest) => (m.name.short = 'x'.repeat(31)),
      /\/name\/short must NOT have more than 30/,
    ],
    [
      'a version that is not semver',
      (m: UnifiedManifest) => (m.version = '1.0.7.0'),
      /\/version must be major.minor.patch/,
    ],
    [
      'an unknown property',
      (m: UnifiedManifest) => Object.assign(m.extensions[0]!, { surprise: true }),
      /must NOT have additional properties \(surprise\)/,
    ],
    [
      'a button whose action does not exist',
      (m: UnifiedManifest) => (m.extensions[0]!.ribbons[0]!.tabs[0]!.groups[0]!.controls[0]!.actionId = 'Nope'),
      /actionId "Nope" names no runtime action/,
    ],
    [
      'an icon on another host',
      (m: UnifiedManifest) =>
        (m.extensions[0]!.ribbons[0]!.tabs[0]!.groups[0]!.icons[0]!.url = 'https://cdn.example.net/i.png'),
      /cdn.example.net\/i.png is not https on https:\/\/crm.example.com/,
    ],
    [
      'no link to the XML add-in',
      (m: UnifiedManifest) => Reflect.deleteProperty(m.extensions[0]!, 'alternates'),
      /must hide the XML add-in/,
    ],
    ['its own id as the hidden add-in', (m: UnifiedManifest) => (m.id = ADDIN_ID), /id must differ/],
    [
      'a language missing',
      (m: UnifiedManifest) => m.localizationInfo.additionalLanguages.pop(),
      /localizationInfo must name/,
    ],
  ])('is refused by the runtime check with %s', (_fault, edit, problem) => {
    const broken = structuredClone(manifest);
    edit(broken);
    const problems = checker.checkManifest(JSON.stringify(broken));
    expect(
      problems.some((p) => problem.test(p)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('refuses JSON that does not parse, and a language file with an unknown key', () => {
    expect(checker.checkManifest('{"id": ')).toEqual([expect.stringMatching(/The JSON is not valid/)]);
    const file = JSON.parse(Object.values(renderUnifiedLocalizations(describeAddin(HOST)))[0]!) as object;
    expect(checker.checkLocalization(JSON.stringify({ ...file, 'name.shrot': 'x' }))).toEqual([
      expect.stringMatching(/additional properties \(name.shrot\)/),
    ]);
  });

  it('says what the XML says: ids, names, icons, URLs, requirement sets, buttons', () => {
    const root = parse(xml);
    const extension = manifest.extensions[0]!;
    const strings = MANIFEST_STRINGS[DEFAULT_LOCALE];
    expect(manifest.version).toBe(manifestVersions(7).json);
    expect(manifest.id).toBe(UNIFIED_APP_ID);
    expect(manifest.id).not.toBe(ADDIN_ID);
    expect(extension.alternates[0]!.hide.customOfficeAddin.officeAddinId).toBe(child(root, 'Id').textContent);
    expect(manifest.name.short).toBe(child(root, 'DisplayName').getAttribute('DefaultValue'));
    expect(manifest.description.full).toBe(child(root, 'Description').getAttribute('DefaultValue'));
    expect(extension.alternates[0]!.alternateIcons.icon.url).toBe(child(root, 'IconUrl').getAttribute('DefaultValue'));
    expect(extension.alternates[0]!.alternateIcons.highResolutionIcon.url).toBe(
      child(root, 'HighResolutionIconUrl').getAttribute('DefaultValue'),
    );
    expect(extension.runtimes[0]!.code.page).toBe(all(root, 'Url')[0]!.getAttribute('DefaultValue'));
    expect(extension.runtimes[0]!.actions[0]!.pinnable).toBe(true);
    expect(extension.requirements.capabilities).toEqual([{ name: 'Mailbox', minVersion: '1.3' }]);
    const tab = extension.ribbons[0]!.tabs[0]!;
    const xmlControls = all(root, 'Control').map((c) => c.getAttribute('id'));
    expect(xmlControls).toContain(tab.groups[0]!.controls[0]!.id);
    expect(xmlControls).toContain(tab.customMobileRibbonGroups[0]!.controls[0]!.id);
    expect(tab.groups[0]!.controls[0]!.label).toBe(strings.buttonLabel);
    // The nine mobile icons are the XML's, size for size and scale for scale.
    const xmlIcons = Object.fromEntries(
      all(root, 'Image').map((i): [string, string] => [i.getAttribute('id')!, i.getAttribute('DefaultValue')!]),
    );
    const mobile = all(root, 'Control').find((c) => c.getAttributeNS(XSI, 'type') === 'MobileButton')!;
    expect(tab.customMobileRibbonGroups[0]!.controls[0]!.icons).toEqual(
      all(mobile, 'Image').map((i) => ({
        size: Number(i.getAttribute('size')),
        scale: Number(i.getAttribute('scale')),
        url: xmlIcons[i.getAttribute('resid')!],
      })),
    );
  });

  it('translates into each language what the XML translates', () => {
    const root = parse(xml);
    const files = renderUnifiedLocalizations(describeAddin(HOST));
    for (const override of children(child(root, 'DisplayName'))) {
      const file = JSON.parse(files[`${override.getAttribute('Locale')}.json`]!) as Record<string, string>;
      expect(file['name.short']).toBe(override.getAttribute('Value'));
      expect(file['extensions[0].ribbons[0].tabs[0].groups[0].controls[0].label']).toBe(
        MANIFEST_STRINGS[
          Object.keys(MANIFEST_STRINGS).find(
            (l) => l.toLowerCase() === override.getAttribute('Locale'),
          )! as keyof typeof MANIFEST_STRINGS
        ].buttonLabel,
      );
    }
  });
});

describe.skipIf(REFERENCE_ABSENT)("against Microsoft's schemas in ../shared/reference", () => {
  beforeAll(() => {
    if (!existsSync(REFERENCE)) {
      throw new Error(`${REFERENCE} is missing: restore it, or set SHARED_REFERENCE=absent to skip these tests`);
    }
  });

  const OWEMXML = path.join(REFERENCE, 'owemxml');
  const xsdCheck = async (manifest: string) => {
    const preload = readdirSync(OWEMXML)
      .filter((f) => f.endsWith('.xsd'))
      .map((fileName) => ({ fileName, contents: readFileSync(path.join(OWEMXML, fileName), 'utf8') }));
    const root = preload.find((f) => f.fileName === 'OfficeAppManifestV1_1.xsd')!;
    return validateXML({ xml: { fileName: 'manifest.xml', contents: manifest }, schema: root, preload });
  };

  it('the XML manifest validates against the MS-OWEMXML XSDs (xmllint)', async () => {
    for (const manifest of [xml, renderManifest(DEFAULT_HOST)]) {
      const result = await xsdCheck(manifest);
      expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
      expect(result.valid).toBe(true);
    }
  });

  it.each(BROKEN_XML.filter((c) => c.xsd))('the XSDs also refuse the XML with $fault', async ({ edit }) => {
    const result = await xsdCheck(edit(xml));
    expect(result.valid).toBe(false);
  });

  const referenceChecker = () =>
    createUnifiedManifestChecker({
      manifest: JSON.parse(
        readFileSync(path.join(REFERENCE, 'unified-manifest/MicrosoftTeams.schema.json'), 'utf8'),
      ) as object,
      localization: JSON.parse(
        readFileSync(path.join(REFERENCE, 'unified-manifest/MicrosoftTeams.Localization.schema.json'), 'utf8'),
      ) as object,
    });

  it('the unified manifest and its language files validate against the reference JSON schemas', () => {
    const checker = referenceChecker();
    for (const host of [HOST, DEFAULT_HOST]) {
      expect(checker.checkManifest(renderUnifiedManifest(host, 12))).toEqual([]);
      for (const file of Object.values(renderUnifiedLocalizations(describeAddin(host)))) {
        expect(checker.checkLocalization(file)).toEqual([]);
      }
    }
    const broken = { ...buildUnifiedManifest(describeAddin(HOST), 1), manifestVersion: '1.29' };
    expect(checker.checkManifest(JSON.stringify(broken))).toEqual([
      expect.stringMatching(/\/manifestVersion must be equal to constant/),
    ]);
  });

  it('the XML rendered from changed strings still validates (the renderer escapes what it is given)', async () => {
    const strings = structuredClone(MANIFEST_STRINGS);
    strings['sv-SE'].buttonLabel = 'Öppna "CRM" <&> nu';
    const changed = renderXmlManifest(describeAddin(HOST, strings), 3);
    expect(checkXmlManifest(changed)).toEqual([]);
    expect((await xsdCheck(changed)).valid).toBe(true);
    expect(changed).toContain('Value="Öppna &quot;CRM&quot; &lt;&amp;&gt; nu"');
  });
});
