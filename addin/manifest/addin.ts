// The add-in, described once: what Outlook needs to know about it (ids, names and
// descriptions in five languages, icons, URLs, requirement sets, the read surface).
// Two renderers turn this into Microsoft's two manifest formats: manifest.ts the
// add-in only XML manifest, unified.ts the unified app manifest (manifest.json).
// A change here changes both, and the server gives both a new release number.
import { DEFAULT_LOCALE, MANIFEST_STRINGS, type ManifestStrings } from './strings.ts';

/** The add-in only (XML) manifest's <Id>. The unified manifest hides the XML add-in by this id. */
export const ADDIN_ID = '6f1b4f7e-3c2a-4d8e-9b1a-2f5c7d9e0a41';
/**
 * The unified manifest's own `id`. Microsoft asks for a GUID different from the XML
 * add-in's <Id> (docs/concepts/duplicate-legacy-metaos-add-ins.md: "Be sure that the
 * "id" property of the unified manifest … is a different GUID"); the two are linked by
 * `extensions[0].alternates[0].hide.customOfficeAddin.officeAddinId` = ADDIN_ID instead.
 */
export const UNIFIED_APP_ID = 'c3d9a0e2-5b7f-4e61-8a2c-9d4f1b6e3a70';
export const DEFAULT_HOST = 'https://localhost:3000';
export const PROVIDER_NAME = 'CRM for Outlook';
/** Fluent's brand blue, the icon's background (scripts/make-icons.ts). */
export const ACCENT_COLOR = '#0F6CBD';

/** Icon sizes the manifests refer to: ribbon 16/32/80, mobile 25/32/48, store 64/128. */
export const ICON_SIZES = [16, 25, 32, 48, 64, 80, 128] as const;
export type IconSize = (typeof ICON_SIZES)[number];
export const ICON_PATH = (size: number) => `/assets/icons/icon-${size}.png`;
export const TASKPANE_PATH = '/taskpane.html';

export type Locale = keyof typeof MANIFEST_STRINGS;
export const LOCALES = Object.keys(MANIFEST_STRINGS) as Locale[];

/**
 * Mailbox requirement sets: the add-in installs from 1.1 (base manifest), its ribbon
 * button needs 1.3 (VersionOverrides V1_0), pinning and the mobile button 1.5 (V1_1).
 */
export const REQUIREMENTS = { install: '1.1', commands: '1.3', pinning: '1.5' } as const;

/** Outlook's icon sizes for a mobile button: each size at scale 1, 2 and 3, and the file drawn for it. */
export const MOBILE_ICONS: { size: 25 | 32 | 48; scale: 1 | 2 | 3; file: IconSize }[] = [
  { size: 25, scale: 1, file: 25 },
  { size: 25, scale: 2, file: 48 },
  { size: 25, scale: 3, file: 80 },
  { size: 32, scale: 1, file: 32 },
  { size: 32, scale: 2, file: 64 },
  { size: 32, scale: 3, file: 128 },
  { size: 48, scale: 1, file: 48 },
  { size: 48, scale: 2, file: 128 },
  { size: 48, scale: 3, file: 128 },
];
/** The desktop ribbon's icon sizes. */
export const RIBBON_ICONS = [16, 32, 80] as const satisfies readonly IconSize[];

/** Ids of the read surface's group and button (the same in every manifest and block). */
export const READ_SURFACE = {
  groupId: 'CrmReadGroup',
  buttonId: 'CrmReadOpenPane',
  mobileGroupId: 'CrmMobileReadGroup',
  mobileButtonId: 'CrmMobileOpenPane',
} as const;

export type AddinDescription = Readonly<{
  addinId: string;
  unifiedAppId: string;
  provider: string;
  defaultLocale: Locale;
  locales: readonly Locale[];
  strings: Readonly<Record<Locale, ManifestStrings>>;
  /** The https origin every URL points at. */
  origin: string;
  urls: Readonly<{ taskpane: string; support: string; privacy: string; terms: string }>;
  icons: Readonly<Record<IconSize, string>>;
  requirements: typeof REQUIREMENTS;
  /** The XML manifest's <Permissions>; the unified manifest names it MailboxItem.ReadWrite.User. */
  permissions: 'ReadWriteItem';
  accentColor: string;
  /** The task pane can be pinned (follows the selection). */
  pinnable: boolean;
}>;

/** The origin of an https URL; anything else is refused (Outlook loads add-ins over HTTPS only). */
export function normalizeHost(host: string): string {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new Error(`Not a URL: ${host}`);
  }
  if (url.protocol !== 'https:') throw new Error(`The add-in host must use https: ${host}`);
  if (url.username || url.password) throw new Error(`Give the host without a user name or password: ${host}`);
  if (url.pathname !== '/' || url.search || url.hash) throw new Error(`Give the host alone, without a path: ${host}`);
  return url.origin;
}

/** The add-in as served from `host` (an https origin). */
export function describeAddin(host: string, strings = MANIFEST_STRINGS): AddinDescription {
  const origin = normalizeHost(host);
  return Object.freeze({
    addinId: ADDIN_ID,
    unifiedAppId: UNIFIED_APP_ID,
    provider: PROVIDER_NAME,
    defaultLocale: DEFAULT_LOCALE,
    locales: LOCALES,
    strings,
    origin,
    urls: {
      taskpane: `${origin}${TASKPANE_PATH}`,
      support: `${origin}/support`,
      privacy: `${origin}/privacy`,
      terms: `${origin}/terms`,
    },
    icons: Object.fromEntries(ICON_SIZES.map((size) => [size, `${origin}${ICON_PATH(size)}`])) as Record<
      IconSize,
      string
    >,
    requirements: REQUIREMENTS,
    permissions: 'ReadWriteItem',
    accentColor: ACCENT_COLOR,
    pinnable: true,
  });
}

/**
 * The version both manifests carry for a release number (ManifestRelease.release):
 * the XML <Version> has four parts (at most 5 digits each), the unified manifest semver.
 * Release 0 is the repository's manifest.xml; the server's releases start at 1.
 */
export function manifestVersions(release: number): { xml: string; json: string } {
  if (!Number.isInteger(release) || release < 0 || release > 99_999) {
    throw new Error(`A manifest release is an integer from 0 to 99999, not ${release}`);
  }
  return { xml: `1.0.${release}.0`, json: `1.0.${release}` };
}
