// The manifests' offline checks, run before a manifest is handed out (the server's
// downloads and stable URLs, `npm run manifest`) and by the tests. Each returns its
// problems as sentences; none means the manifest may go out.
//
// XML: Microsoft publishes no XSD in any package, and the project does not vendor one,
// so the XML check is structural: well-formed, the MailApp elements in the order and
// with the children Microsoft's schema requires (docs: manifest-element-ordering),
// VersionOverrides V1_1 nested last in V1_0, every resid resolving, every URL https on
// the add-in's host, every language present. The tests also validate against the
// MS-OWEMXML schemas in ../shared/reference/owemxml.
//
// JSON: Microsoft's own schema for the unified manifest, as @microsoft/app-manifest
// ships it (draft-04: Ajv with ajv-draft-04 and ajv-formats), plus what a schema cannot
// say (URLs on the host, actions that exist, the hidden XML add-in).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DOMParser, onErrorStopParsing, type Element } from '@xmldom/xmldom';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ErrorObject } from 'ajv';
import { LOCALES } from './addin.ts';
import { DEFAULT_LOCALE } from './strings.ts';
import { UNIFIED_SCHEMA_VERSION } from './unified.ts';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const APP_NS = 'http://schemas.microsoft.com/office/appforoffice/1.1';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** OfficeAppBasicTypes' Version: one to four parts of at most five digits. */
const XML_VERSION = /^\d{1,5}(\.\d{1,5}){0,3}$/;

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
const V1_0_ORDER = ['Description', 'Requirements', 'Hosts', 'Resources', 'VersionOverrides'];
const V1_1_ORDER = [
  'Description',
  'Requirements',
  'Hosts',
  'Resources',
  'WebApplicationInfo',
  'EquivalentAddins',
  'ConnectedServiceControls',
  'ExtendedPermissions',
];
const MAIL_HOST_ORDER = ['Runtimes', 'DesktopFormFactor', 'MobileFormFactor'];
/** Microsoft's limits on the localized texts (docs: displayname, description, shortstrings, longstrings). */
const MAX_LENGTH: Record<string, number> = { DisplayName: 125, Description: 250, ShortStrings: 125, LongStrings: 250 };

const elements = (el: Element) => Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1);
const names = (el: Element) => elements(el).map((c) => c.localName ?? '');
const child = (el: Element, name: string) => elements(el).find((c) => c.localName === name);
const descendants = (el: Element, name = '*') => Array.from(el.getElementsByTagNameNS('*', name));

/** The names of `actual` that break `order` (unknown, or after one that must follow them). */
function outOfOrder(actual: string[], order: string[]): string[] {
  const wrong: string[] = [];
  let last = -1;
  for (const name of actual) {
    const at = order.indexOf(name);
    if (at < 0 || at < last) wrong.push(name);
    else last = at;
  }
  return wrong;
}

const otherLocales = () => LOCALES.filter((l) => l !== DEFAULT_LOCALE).map((l) => l.toLowerCase());

/**
 * The problems of an add-in only manifest (none: it may be handed out). `host`, when
 * given, is the origin every URL must be on; otherwise the manifest's first AppDomain.
 */
export function checkXmlManifest(xml: string, options: { host?: string } = {}): string[] {
  let root: Element | null;
  try {
    root = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml').documentElement;
  } catch (error) {
    return [`The XML is not well-formed: ${(error as Error).message.split('\n')[0]}`];
  }
  if (!root) return ['The XML has no root element'];
  if (root.localName !== 'OfficeApp' || root.namespaceURI !== APP_NS) {
    return [`The root element must be OfficeApp in ${APP_NS}, not ${root.nodeName}`];
  }
  const problems: string[] = [];
  if (root.getAttributeNS(XSI, 'type') !== 'MailApp') problems.push('OfficeApp must have xsi:type="MailApp"');

  const top = names(root);
  for (const name of outOfOrder(top, MAIL_APP_ORDER)) {
    problems.push(`OfficeApp: <${name}> is unknown or out of the schema's order`);
  }
  for (const name of MAIL_APP_REQUIRED) {
    if (!top.includes(name)) problems.push(`OfficeApp: <${name}> is required`);
  }
  const id = child(root, 'Id')?.textContent?.trim() ?? '';
  if (top.includes('Id') && !GUID.test(id)) problems.push(`<Id> must be a GUID, not "${id}"`);
  const version = child(root, 'Version')?.textContent?.trim() ?? '';
  if (top.includes('Version') && !XML_VERSION.test(version)) {
    problems.push(`<Version> must be one to four numbers of at most five digits, not "${version}"`);
  }
  if (child(root, 'DefaultLocale')?.textContent?.trim() !== DEFAULT_LOCALE.toLowerCase()) {
    problems.push(`<DefaultLocale> must be ${DEFAULT_LOCALE.toLowerCase()}`);
  }

  problems.push(...checkVersionOverrides(root));
  problems.push(...checkUrls(root, options.host));
  problems.push(...checkLanguages(root));
  return [...new Set(problems)];
}

function checkVersionOverrides(root: Element): string[] {
  const problems: string[] = [];
  const v10 = child(root, 'VersionOverrides');
  if (!v10) return ['OfficeApp: <VersionOverrides> (V1_0, with the ribbon button) is missing'];
  if (v10.getAttributeNS(XSI, 'type') !== 'VersionOverridesV1_0') {
    problems.push('The outer VersionOverrides must have xsi:type="VersionOverridesV1_0"');
  }
  for (const name of outOfOrder(names(v10), V1_0_ORDER)) {
    problems.push(`VersionOverrides V1_0: <${name}> is unknown or out of order`);
  }
  const last = elements(v10).at(-1);
  const v11 =
    last?.localName === 'VersionOverrides' && last.getAttributeNS(XSI, 'type') === 'VersionOverridesV1_1'
      ? last
      : undefined;
  const blocks = [v10];
  if (!v11) {
    problems.push('VersionOverrides V1_1 must be the last child of V1_0');
  } else {
    blocks.push(v11);
    for (const name of outOfOrder(names(v11), V1_1_ORDER)) {
      problems.push(`VersionOverrides V1_1: <${name}> is unknown or out of order`);
    }
  }
  // Only the V1_1 schema knows SupportsPinning.
  if (descendants(v10, 'SupportsPinning').some((e) => !v11?.contains(e))) {
    problems.push('SupportsPinning is allowed only inside VersionOverrides V1_1');
  }
  for (const block of blocks) {
    const label = block === v10 ? 'V1_0' : 'V1_1';
    // The block's own elements: V1_0's exclude the nested V1_1.
    const inBlock = (e: Element) => block === v11 || !v11?.contains(e);
    const resources = child(block, 'Resources');
    const ids = resources
      ? elements(resources).flatMap((group) => elements(group).map((r) => r.getAttribute('id')))
      : [];
    const seen = new Set<string>();
    for (const resourceId of ids) {
      if (!resourceId) problems.push(`VersionOverrides ${label}: a resource has no id`);
      else if (seen.has(resourceId)) problems.push(`VersionOverrides ${label}: resource id "${resourceId}" repeats`);
      else seen.add(resourceId);
    }
    const hosts = child(block, 'Hosts');
    if (!hosts) {
      problems.push(`VersionOverrides ${label}: <Hosts> is required`);
      continue;
    }
    for (const host of elements(hosts)) {
      for (const name of outOfOrder(names(host), MAIL_HOST_ORDER)) {
        problems.push(`VersionOverrides ${label}: <Host> child <${name}> is unknown or out of order`);
      }
    }
    const refs = descendants(hosts)
      .filter(inBlock)
      .flatMap((e) => e.getAttribute('resid') ?? []);
    if (!refs.length) problems.push(`VersionOverrides ${label}: no control refers to a resource`);
    for (const ref of new Set(refs)) {
      if (!seen.has(ref)) problems.push(`VersionOverrides ${label}: resid "${ref}" names no resource`);
    }
    const controlIds = descendants(hosts)
      .filter((e) => inBlock(e) && ['Group', 'Control'].includes(e.localName ?? ''))
      .map((e) => e.getAttribute('id') ?? '');
    const controls = new Set<string>();
    for (const controlId of controlIds) {
      if (!controlId) problems.push(`VersionOverrides ${label}: a group or control has no id`);
      else if (controls.has(controlId)) problems.push(`VersionOverrides ${label}: id "${controlId}" repeats`);
      controls.add(controlId);
    }
  }
  return problems;
}

/** Every URL (attribute or text) is https on the add-in's host. */
function checkUrls(root: Element, expected: string | undefined): string[] {
  const appDomain = child(child(root, 'AppDomains') ?? root, 'AppDomain')?.textContent?.trim();
  const host = expected ?? appDomain;
  if (!host) return ["<AppDomains> must name the add-in's https origin"];
  const problems: string[] = [];
  if (!/^https:\/\/[^/]+$/.test(host)) problems.push(`The add-in's host must be an https origin, not "${host}"`);
  if (appDomain !== host) problems.push(`<AppDomain> must be ${host}, not "${appDomain ?? ''}"`);
  const urls: string[] = [];
  for (const el of descendants(root)) {
    for (const attr of Array.from(el.attributes)) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(attr.value) && attr.name !== 'xmlns' && !attr.name.startsWith('xmlns:')) {
        urls.push(attr.value);
      }
    }
    const text = elements(el).length ? '' : (el.textContent?.trim() ?? '');
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) urls.push(text);
  }
  if (!urls.some((url) => url !== host)) problems.push('The manifest names no URL on its host');
  for (const url of urls) {
    if (url !== host && !url.startsWith(`${host}/`)) problems.push(`URL ${url} is not https on ${host}`);
  }
  return problems;
}

/** Every localized element and string has a non-empty Override for each other language, within Microsoft's lengths. */
function checkLanguages(root: Element): string[] {
  const problems: string[] = [];
  const expected = otherLocales();
  const localized = [
    child(root, 'DisplayName'),
    child(root, 'Description'),
    ...descendants(root, 'String').filter((e) => e.namespaceURI?.includes('officeappbasictypes')),
  ].filter((e): e is Element => e !== undefined);
  for (const el of localized) {
    const what = el.getAttribute('id') ?? el.localName ?? '';
    const parent = el.localName === 'String' ? ((el.parentNode as Element | null)?.localName ?? '') : el.localName;
    const max = MAX_LENGTH[parent ?? ''] ?? Infinity;
    const values = [el.getAttribute('DefaultValue') ?? '', ...elements(el).map((o) => o.getAttribute('Value') ?? '')];
    if (values.some((value) => !value.trim())) problems.push(`${what}: a language has an empty text`);
    if (values.some((value) => value.length > max)) problems.push(`${what}: a text is over ${max} characters`);
    const locales = elements(el).map((o) => o.getAttribute('Locale') ?? '');
    const missing = expected.filter((l) => !locales.includes(l));
    const unknown = locales.filter((l) => !expected.includes(l));
    if (missing.length) problems.push(`${what}: no Override for ${missing.join(', ')}`);
    if (unknown.length) problems.push(`${what}: Override for unexpected locale ${unknown.join(', ')}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// The unified manifest

export type UnifiedSchemas = { manifest: object; localization: object };

/** Microsoft's schemas as @microsoft/app-manifest ships them (its copy of microsoft/json-schemas). */
export function loadPackagedUnifiedSchemas(version = UNIFIED_SCHEMA_VERSION): UnifiedSchemas {
  const require = createRequire(import.meta.url);
  const dir = path.join(
    path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
    'build/json-schemas/teams',
    `v${version}`,
  );
  const read = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as object;
  return {
    manifest: read('MicrosoftTeams.schema.json'),
    localization: read('MicrosoftTeams.Localization.schema.json'),
  };
}

const ajvProblems = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).slice(0, 50).map((e) => {
    const detail = 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : '';
    return `${e.instancePath || '/'} ${e.message ?? 'is not valid'}${detail}`;
  });

function parseJson(json: string): { value: unknown; problem?: never } | { problem: string; value?: never } {
  try {
    return { value: JSON.parse(json) as unknown };
  } catch (error) {
    return { problem: `The JSON is not valid: ${(error as Error).message}` };
  }
}

/** Every string in a JSON value, with its path. */
function* strings(value: unknown, at = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [at || '/', value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, `${at}/${i}`);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* strings(item, `${at}/${key}`);
  }
}

type UnifiedShape = {
  id?: string;
  version?: unknown;
  $schema?: string;
  extensions?: {
    runtimes?: { actions?: { id?: string }[] }[];
    ribbons?: {
      tabs?: {
        groups?: { controls?: { actionId?: string }[] }[];
        customMobileRibbonGroups?: { controls?: { actionId?: string }[] }[];
      }[];
    }[];
    alternates?: { hide?: { customOfficeAddin?: { officeAddinId?: string } } }[];
  }[];
  localizationInfo?: { defaultLanguageTag?: string; additionalLanguages?: { languageTag?: string }[] };
};

/**
 * Checks for the unified manifest and its language files against Microsoft's schemas
 * (compiled once: about a quarter of a second). `schemas` defaults to the packaged copy.
 */
export function createUnifiedManifestChecker(schemas: UnifiedSchemas = loadPackagedUnifiedSchemas()) {
  // strict: false, as Microsoft's schemas break Ajv's strict mode (e.g. boolean defaults
  // written as strings); unicodeRegExp: false, as a pattern of the localization schema
  // (`\b]`) is not valid with the u flag. Neither changes what a valid manifest is.
  const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  const validateManifest = ajv.compile(schemas.manifest);
  const validateLocalization = ajv.compile(schemas.localization);

  return {
    /** The problems of manifest.json; `host`, when given, is the origin every URL must be on. */
    checkManifest(json: string, options: { host?: string } = {}): string[] {
      const parsed = parseJson(json);
      if (parsed.problem !== undefined) return [parsed.problem];
      const problems = validateManifest(parsed.value) ? [] : ajvProblems(validateManifest.errors);
      const manifest = parsed.value as UnifiedShape;
      // The schema says only "a string"; the admin center compares versions as semver.
      if (typeof manifest.version === 'string' && !/^\d{1,9}\.\d{1,9}\.\d{1,9}$/.test(manifest.version)) {
        problems.push(`/version must be major.minor.patch, not "${manifest.version}"`);
      }
      const extension = manifest.extensions?.[0];
      const code = (extension?.runtimes ?? [])[0] as { code?: { page?: string } } | undefined;
      const host = options.host ?? (code?.code?.page ? new URL(code.code.page).origin : undefined);
      if (!host) problems.push("No runtime page names the add-in's host");
      for (const [at, value] of strings(parsed.value)) {
        if (at === '/$schema' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
        if (host && value !== host && !value.startsWith(`${host}/`))
          problems.push(`${at}: ${value} is not https on ${host}`);
      }
      const actions = new Set((extension?.runtimes ?? []).flatMap((r) => (r.actions ?? []).map((a) => a.id)));
      const controls = (extension?.ribbons ?? []).flatMap((ribbon) =>
        (ribbon.tabs ?? []).flatMap((tab) =>
          [...(tab.groups ?? []), ...(tab.customMobileRibbonGroups ?? [])].flatMap((g) => g.controls ?? []),
        ),
      );
      for (const control of controls) {
        if (control.actionId && !actions.has(control.actionId)) {
          problems.push(`A control's actionId "${control.actionId}" names no runtime action`);
        }
      }
      const hidden = extension?.alternates?.flatMap((a) => a.hide?.customOfficeAddin?.officeAddinId ?? []) ?? [];
      if (!hidden.length) problems.push('extensions[0].alternates must hide the XML add-in (customOfficeAddin)');
      if (hidden.includes(manifest.id ?? '')) {
        problems.push("The unified manifest's id must differ from the XML add-in's id it hides");
      }
      const languages = [
        manifest.localizationInfo?.defaultLanguageTag,
        ...(manifest.localizationInfo?.additionalLanguages ?? []).map((l) => l.languageTag),
      ];
      const expected = LOCALES.map((l) => l.toLowerCase());
      if (languages.join() !== expected.join()) {
        problems.push(`localizationInfo must name ${expected.join(', ')}, not ${languages.join(', ')}`);
      }
      return [...new Set(problems)];
    },
    /** The problems of a language file of the app package. */
    checkLocalization(json: string): string[] {
      const parsed = parseJson(json);
      if (parsed.problem !== undefined) return [parsed.problem];
      return validateLocalization(parsed.value) ? [] : ajvProblems(validateLocalization.errors);
    },
  };
}

export type UnifiedManifestChecker = ReturnType<typeof createUnifiedManifestChecker>;
