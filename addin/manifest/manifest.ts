// The add-in-only XML manifest (MailApp), rendered for one public host. The
// repository's manifest.xml is this for https://localhost:3000; the server serves
// it for its PUBLIC_URL at /manifest.xml; `npm run manifest` writes it for any host.
//
// Layout (docs: manifest-element-ordering, pinnable-taskpane, add-mobile-support):
// base MailApp 1.1 with FormSettings and Rule (required, ignored by clients that
// read VersionOverrides), VersionOverrides V1_0 with the read surface, and nested
// as its last child V1_1 (DefaultMinVersion 1.5) with the same surface plus
// SupportsPinning and the mobile read surface. The compose surface comes with the
// compose issue.
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

// The description's parts, re-exported for the code that reads them from here.
export { ADDIN_ID, DEFAULT_HOST, ICON_PATH, ICON_SIZES, normalizeHost, TASKPANE_PATH } from './addin.ts';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The other locales, one Override each (Microsoft's localization guide: language-region, lower case). */
const others = (addin: AddinDescription) =>
  addin.locales
    .filter((locale) => locale !== addin.defaultLocale)
    .map((locale): [Locale, ManifestStrings] => [locale, addin.strings[locale]]);
const text = (strings: ManifestStrings, key: keyof ManifestStrings) => escape(strings[key]);

/** A base element with its default value and one Override per other locale. */
const localizedElement = (addin: AddinDescription, name: string, key: keyof ManifestStrings, indent: string) =>
  [
    `${indent}<${name} DefaultValue="${text(addin.strings[addin.defaultLocale], key)}">`,
    ...others(addin).map(
      ([locale, strings]) => `${indent}  <Override Locale="${locale.toLowerCase()}" Value="${text(strings, key)}"/>`,
    ),
    `${indent}</${name}>`,
  ].join('\n');

/** A bt:String resource with its overrides. */
const localizedString = (addin: AddinDescription, id: string, key: keyof ManifestStrings, indent: string) =>
  [
    `${indent}<bt:String id="${id}" DefaultValue="${text(addin.strings[addin.defaultLocale], key)}">`,
    ...others(addin).map(
      ([locale, strings]) => `${indent}  <bt:Override Locale="${locale.toLowerCase()}" Value="${text(strings, key)}"/>`,
    ),
    `${indent}</bt:String>`,
  ].join('\n');

function resources(addin: AddinDescription, indent: string) {
  const i = indent;
  return `${i}<Resources>
${i}  <bt:Images>
${Object.entries(addin.icons)
  .map(([size, url]) => `${i}    <bt:Image id="Icon.${size}" DefaultValue="${escape(url)}"/>`)
  .join('\n')}
${i}  </bt:Images>
${i}  <bt:Urls>
${i}    <bt:Url id="Taskpane.Url" DefaultValue="${escape(addin.urls.taskpane)}"/>
${i}  </bt:Urls>
${i}  <bt:ShortStrings>
${localizedString(addin, 'Group.Label', 'groupLabel', `${i}    `)}
${localizedString(addin, 'Button.Label', 'buttonLabel', `${i}    `)}
${i}  </bt:ShortStrings>
${i}  <bt:LongStrings>
${localizedString(addin, 'Button.Tooltip', 'buttonTooltip', `${i}    `)}
${i}  </bt:LongStrings>
${i}</Resources>`;
}

function readSurface(indent: string, pinnable: boolean) {
  const i = indent;
  return `${i}<ExtensionPoint xsi:type="MessageReadCommandSurface">
${i}  <OfficeTab id="TabDefault">
${i}    <Group id="${READ_SURFACE.groupId}">
${i}      <Label resid="Group.Label"/>
${i}      <Control xsi:type="Button" id="${READ_SURFACE.buttonId}">
${i}        <Label resid="Button.Label"/>
${i}        <Supertip>
${i}          <Title resid="Button.Label"/>
${i}          <Description resid="Button.Tooltip"/>
${i}        </Supertip>
${i}        <Icon>
${RIBBON_ICONS.map((size) => `${i}          <bt:Image size="${size}" resid="Icon.${size}"/>`).join('\n')}
${i}        </Icon>
${i}        <Action xsi:type="ShowTaskpane">
${i}          <SourceLocation resid="Taskpane.Url"/>${pinnable ? `\n${i}          <SupportsPinning>true</SupportsPinning>` : ''}
${i}        </Action>
${i}      </Control>
${i}    </Group>
${i}  </OfficeTab>
${i}</ExtensionPoint>`;
}

function mobileReadSurface(indent: string) {
  const i = indent;
  return `${i}<ExtensionPoint xsi:type="MobileMessageReadCommandSurface">
${i}  <Group id="${READ_SURFACE.mobileGroupId}">
${i}    <Label resid="Group.Label"/>
${i}    <Control xsi:type="MobileButton" id="${READ_SURFACE.mobileButtonId}">
${i}      <Label resid="Button.Label"/>
${i}      <Icon>
${MOBILE_ICONS.map(({ size, scale, file }) => `${i}        <bt:Image size="${size}" scale="${scale}" resid="Icon.${file}"/>`).join('\n')}
${i}      </Icon>
${i}      <Action xsi:type="ShowTaskpane">
${i}        <SourceLocation resid="Taskpane.Url"/>
${i}      </Action>
${i}    </Control>
${i}  </Group>
${i}</ExtensionPoint>`;
}

/** The add-in only manifest of an add-in description, at a release (its <Version>, see manifestVersions). */
export function renderXmlManifest(addin: AddinDescription, release: number): string {
  const { origin, requirements } = addin;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated from addin/manifest/manifest.ts by the manifest script (npm run manifest). Do not edit. -->
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0" xmlns:mailappor="http://schemas.microsoft.com/office/mailappversionoverrides/1.0" xsi:type="MailApp">
  <Id>${addin.addinId}</Id>
  <Version>${manifestVersions(release).xml}</Version>
  <ProviderName>${escape(addin.provider)}</ProviderName>
  <DefaultLocale>${addin.defaultLocale.toLowerCase()}</DefaultLocale>
${localizedElement(addin, 'DisplayName', 'displayName', '  ')}
${localizedElement(addin, 'Description', 'description', '  ')}
  <IconUrl DefaultValue="${escape(addin.icons[64])}"/>
  <HighResolutionIconUrl DefaultValue="${escape(addin.icons[128])}"/>
  <SupportUrl DefaultValue="${escape(addin.urls.support)}"/>
  <AppDomains>
    <AppDomain>${escape(origin)}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Mailbox"/>
  </Hosts>
  <Requirements>
    <Sets>
      <Set Name="Mailbox" MinVersion="${requirements.install}"/>
    </Sets>
  </Requirements>
  <FormSettings>
    <Form xsi:type="ItemRead">
      <DesktopSettings>
        <SourceLocation DefaultValue="${escape(addin.urls.taskpane)}"/>
        <RequestedHeight>250</RequestedHeight>
      </DesktopSettings>
    </Form>
  </FormSettings>
  <Permissions>${addin.permissions}</Permissions>
  <Rule xsi:type="RuleCollection" Mode="Or">
    <Rule xsi:type="ItemIs" ItemType="Message" FormType="Read"/>
  </Rule>
  <DisableEntityHighlighting>false</DisableEntityHighlighting>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Requirements>
      <bt:Sets DefaultMinVersion="${requirements.commands}">
        <bt:Set Name="Mailbox"/>
      </bt:Sets>
    </Requirements>
    <Hosts>
      <Host xsi:type="MailHost">
        <DesktopFormFactor>
${readSurface('          ', false)}
        </DesktopFormFactor>
      </Host>
    </Hosts>
${resources(addin, '    ')}
    <VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides/1.1" xsi:type="VersionOverridesV1_1">
      <Requirements>
        <bt:Sets DefaultMinVersion="${requirements.pinning}">
          <bt:Set Name="Mailbox"/>
        </bt:Sets>
      </Requirements>
      <Hosts>
        <Host xsi:type="MailHost">
          <DesktopFormFactor>
${readSurface('            ', addin.pinnable)}
          </DesktopFormFactor>
          <MobileFormFactor>
${mobileReadSurface('            ')}
          </MobileFormFactor>
        </Host>
      </Hosts>
${resources(addin, '      ')}
    </VersionOverrides>
  </VersionOverrides>
</OfficeApp>
`;
}

/** The add-in only manifest for a public host (release 0: the repository's manifest.xml). */
export function renderManifest(host: string = DEFAULT_HOST, release = 0): string {
  return renderXmlManifest(describeAddin(host), release);
}
