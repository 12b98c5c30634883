// The unified app manifest for Microsoft 365 (manifest.json, schema v1.30), rendered
// from the same description as the XML manifest (addin.ts): the add-in is the one
// entry of `extensions`, with the XML's requirement sets, its read-surface button
// (desktop ribbon and mobile), a pinnable task pane, and `alternates.hide` naming the
// XML add-in's id, so a client that runs this one hides the XML one
// (docs/concepts/duplicate-legacy-metaos-add-ins.md; up to 24 hours until it does).
//
// Microsoft's references: docs/develop/unified-manifest-overview.md (its sample),
// docs/outlook/add-mobile-support.md (customMobileRibbonGroups), the v1.30 schema.
//
// Languages: the manifest holds the default language; each other language is a file
// of the app package named in localizationInfo (MicrosoftTeams.Localization.schema.json),
// rendered by renderUnifiedLocalizations. The app package (zip) is manifest.json, those
// files and the two package icons named in `icons` (color.png 192×192, outline.png 32×32).
import {
  DEFAULT_HOST,
  describeAddin,
  manifestVersions,
  MOBILE_ICONS,
  READ_SURFACE,
  RIBBON_ICONS,
  type AddinDescription,
  type Locale,
} from './addin.ts';
import type { ManifestStrings } from './strings.ts';

export const UNIFIED_SCHEMA_VERSION = '1.30';
export const UNIFIED_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${UNIFIED_SCHEMA_VERSION}/MicrosoftTeams.schema.json`;
export const UNIFIED_LOCALIZATION_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${UNIFIED_SCHEMA_VERSION}/MicrosoftTeams.Localization.schema.json`;
/** The icons of the app package, relative to manifest.json (the schema's `icons` are package files). */
export const PACKAGE_ICONS = { color: 'color.png', outline: 'outline.png' } as const;

const RUNTIME_ID = 'TaskPaneRuntime';
const OPEN_PANE_ACTION = 'OpenCrmPane';

/** The language file of a locale in the app package. */
export const localizationFile = (locale: Locale) => `${locale.toLowerCase()}.json`;

/**
 * Where each localizable string sits in manifest.json, as the localization files name it
 * (paths into the one ribbon, tab, group and button rendered below).
 */
const TAB = 'extensions[0].ribbons[0].tabs[0]';
const LOCALIZED: [path: string, key: keyof ManifestStrings][] = [
  ['name.short', 'displayName'],
  ['name.full', 'displayName'],
  // The unified manifest's short description is at most 80 characters: the button's tooltip says it.
  ['description.short', 'buttonTooltip'],
  ['description.full', 'description'],
  [`${TAB}.groups[0].label`, 'groupLabel'],
  [`${TAB}.groups[0].controls[0].label`, 'buttonLabel'],
  [`${TAB}.groups[0].controls[0].supertip.title`, 'buttonLabel'],
  [`${TAB}.groups[0].controls[0].supertip.description`, 'buttonTooltip'],
  [`${TAB}.customMobileRibbonGroups[0].label`, 'groupLabel'],
  [`${TAB}.customMobileRibbonGroups[0].controls[0].label`, 'buttonLabel'],
];

/** The unified manifest as an object (JSON.stringify gives manifest.json). */
export function buildUnifiedManifest(addin: AddinDescription, release: number) {
  const strings = addin.strings[addin.defaultLocale];
  const icon = (size: (typeof RIBBON_ICONS)[number]) => ({ size, url: addin.icons[size] });
  const mailbox = (minVersion: string) => [{ name: 'Mailbox', minVersion }];
  return {
    $schema: UNIFIED_SCHEMA_URL,
    manifestVersion: UNIFIED_SCHEMA_VERSION,
    version: manifestVersions(release).json,
    id: addin.unifiedAppId,
    developer: {
      name: addin.provider,
      websiteUrl: addin.urls.support,
      privacyUrl: addin.urls.privacy,
      termsOfUseUrl: addin.urls.terms,
    },
    name: { short: strings.displayName, full: strings.displayName },
    description: { short: strings.buttonTooltip, full: strings.description },
    icons: { ...PACKAGE_ICONS },
    accentColor: addin.accentColor,
    localizationInfo: {
      defaultLanguageTag: addin.defaultLocale.toLowerCase(),
      additionalLanguages: addin.locales
        .filter((locale) => locale !== addin.defaultLocale)
        .map((locale) => ({ languageTag: locale.toLowerCase(), file: localizationFile(locale) })),
    },
    authorization: {
      permissions: {
        // The XML manifest's ReadWriteItem.
        resourceSpecific: [{ name: 'MailboxItem.ReadWrite.User', type: 'Delegated' }],
      },
    },
    validDomains: [new URL(addin.origin).host],
    extensions: [
      {
        // Installs where the ribbon button works (the XML's VersionOverrides V1_0).
        requirements: { scopes: ['mail'], capabilities: mailbox(addin.requirements.commands) },
        runtimes: [
          {
            id: RUNTIME_ID,
            type: 'general',
            code: { page: addin.urls.taskpane },
            lifetime: 'short',
            actions: [{ id: OPEN_PANE_ACTION, type: 'openPage', pinnable: addin.pinnable }],
          },
        ],
        ribbons: [
          {
            requirements: { formFactors: ['desktop', 'mobile'] },
            contexts: ['mailRead'],
            tabs: [
              {
                builtInTabId: 'TabDefault',
                groups: [
                  {
                    id: READ_SURFACE.groupId,
                    label: strings.groupLabel,
                    icons: RIBBON_ICONS.map(icon),
                    controls: [
                      {
                        id: READ_SURFACE.buttonId,
                        type: 'button',
                        label: strings.buttonLabel,
                        icons: RIBBON_ICONS.map(icon),
                        supertip: { title: strings.buttonLabel, description: strings.buttonTooltip },
                        actionId: OPEN_PANE_ACTION,
                      },
                    ],
                  },
                ],
                customMobileRibbonGroups: [
                  {
                    id: READ_SURFACE.mobileGroupId,
                    label: strings.groupLabel,
                    controls: [
                      {
                        id: READ_SURFACE.mobileButtonId,
                        type: 'mobileButton',
                        label: strings.buttonLabel,
                        icons: MOBILE_ICONS.map(({ size, scale, file }) => ({ size, scale, url: addin.icons[file] })),
                        actionId: OPEN_PANE_ACTION,
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
        alternates: [
          {
            hide: { customOfficeAddin: { officeAddinId: addin.addinId } },
            // The XML's IconUrl and HighResolutionIconUrl. The schema's icon sizes stop at 80:
            // the high-resolution image is the 64-pixel icon drawn at twice the size.
            alternateIcons: {
              icon: { size: 64, url: addin.icons[64] },
              highResolutionIcon: { size: 64, url: addin.icons[128] },
            },
          },
        ],
      },
    ],
  };
}

export type UnifiedManifest = ReturnType<typeof buildUnifiedManifest>;

/** manifest.json of an add-in description at a release. */
export function renderUnifiedManifestFor(addin: AddinDescription, release: number): string {
  return `${JSON.stringify(buildUnifiedManifest(addin, release), null, 2)}\n`;
}

/** manifest.json for a public host. */
export function renderUnifiedManifest(host: string = DEFAULT_HOST, release = 0): string {
  return renderUnifiedManifestFor(describeAddin(host), release);
}

/** The app package's language files (file name → JSON), one per language besides the default. */
export function renderUnifiedLocalizations(addin: AddinDescription): Record<string, string> {
  return Object.fromEntries(
    addin.locales
      .filter((locale) => locale !== addin.defaultLocale)
      .map((locale) => {
        const strings = addin.strings[locale];
        const file = {
          $schema: UNIFIED_LOCALIZATION_SCHEMA_URL,
          ...Object.fromEntries(LOCALIZED.map(([path, key]) => [path, strings[key]])),
        };
        return [localizationFile(locale), `${JSON.stringify(file, null, 2)}\n`];
      }),
  );
}
