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
import { DEFAULT_LOCALE, MANIFEST_STRINGS, type ManifestStrings } from './strings.ts';

export const ADDIN_ID = '6f1b4f7e-3c2a-4d8e-9b1a-2f5c7d9e0a41';
export const ADDIN_VERSION = '1.0.0.0';
export const DEFAULT_HOST = 'https://localhost:3000';

/** Icon sizes the manifest refers to: ribbon 16/32/80, mobile 25/32/48, store 64/128. */
export const ICON_SIZES = [16, 25, 32, 48, 64, 80, 128] as const;
export const ICON_PATH = (size: number) => `/assets/icons/icon-${size}.png`;
export const TASKPANE_PATH = '/taskpane.html';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The origin of an https URL; anything else is refused (Outlook loads add-ins over HTTPS only). */
export function normalizeHost(host: string): string {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new Error(`Not a URL: ${host}`);
  }
  if (url.protocol !== 'https:') throw new Error(`The add-in host must use https: ${host}`);
  if (url.pathname !== '/' || url.search || url.hash) throw new Error(`Give the host alone, without a path: ${host}`);
  return url.origin;
}

const defaults: ManifestStrings = MANIFEST_STRINGS[DEFAULT_LOCALE];
const others = Object.entries(MANIFEST_STRINGS).filter(([locale]) => locale !== DEFAULT_LOCALE);
const text = (strings: ManifestStrings, key: keyof ManifestStrings) => escape(strings[key]);

/** A base element with its default value and one Override per other locale. */
const localizedElement = (name: string, key: keyof ManifestStrings, indent: string) =>
  [
    `${indent}<${name} DefaultValue="${text(defaults, key)}">`,
    ...others.map(
      ([locale, strings]) => `${indent}  <Override Locale="${locale.toLowerCase()}" Value="${text(strings, key)}"/>`,
    ),
    `${indent}</${name}>`,
  ].join('\n');

/** A bt:String resource with its overrides. */
const localizedString = (id: string, key: keyof ManifestStrings, indent: string) =>
  [
    `${indent}<bt:String id="${id}" DefaultValue="${text(defaults, key)}">`,
    ...others.map(
      ([locale, strings]) => `${indent}  <bt:Override Locale="${locale.toLowerCase()}" Value="${text(strings, key)}"/>`,
    ),
    `${indent}</bt:String>`,
  ].join('\n');

function resources(origin: string, indent: string) {
  const i = indent;
  return `${i}<Resources>
${i}  <bt:Images>
${ICON_SIZES.map((size) => `${i}    <bt:Image id="Icon.${size}" DefaultValue="${origin}${ICON_PATH(size)}"/>`).join('\n')}
${i}  </bt:Images>
${i}  <bt:Urls>
${i}    <bt:Url id="Taskpane.Url" DefaultValue="${origin}${TASKPANE_PATH}"/>
${i}  </bt:Urls>
${i}  <bt:ShortStrings>
${localizedString('Group.Label', 'groupLabel', `${i}    `)}
${localizedString('Button.Label', 'buttonLabel', `${i}    `)}
${i}  </bt:ShortStrings>
${i}  <bt:LongStrings>
${localizedString('Button.Tooltip', 'buttonTooltip', `${i}    `)}
${i}  </bt:LongStrings>
${i}</Resources>`;
}

function readSurface(indent: string, pinnable: boolean) {
  const i = indent;
  return `${i}<ExtensionPoint xsi:type="MessageReadCommandSurface">
${i}  <OfficeTab id="TabDefault">
${i}    <Group id="CrmReadGroup">
${i}      <Label resid="Group.Label"/>
${i}      <Control xsi:type="Button" id="CrmReadOpenPane">
${i}        <Label resid="Button.Label"/>
${i}        <Supertip>
${i}          <Title resid="Button.Label"/>
${i}          <Description resid="Button.Tooltip"/>
${i}        </Supertip>
${i}        <Icon>
${i}          <bt:Image size="16" resid="Icon.16"/>
${i}          <bt:Image size="32" resid="Icon.32"/>
${i}          <bt:Image size="80" resid="Icon.80"/>
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
${i}  <Group id="CrmMobileReadGroup">
${i}    <Label resid="Group.Label"/>
${i}    <Control xsi:type="MobileButton" id="CrmMobileOpenPane">
${i}      <Label resid="Button.Label"/>
${i}      <Icon>
${i}        <bt:Image size="25" scale="1" resid="Icon.25"/>
${i}        <bt:Image size="25" scale="2" resid="Icon.48"/>
${i}        <bt:Image size="25" scale="3" resid="Icon.80"/>
${i}        <bt:Image size="32" scale="1" resid="Icon.32"/>
${i}        <bt:Image size="32" scale="2" resid="Icon.64"/>
${i}        <bt:Image size="32" scale="3" resid="Icon.128"/>
${i}        <bt:Image size="48" scale="1" resid="Icon.48"/>
${i}        <bt:Image size="48" scale="2" resid="Icon.128"/>
${i}        <bt:Image size="48" scale="3" resid="Icon.128"/>
${i}      </Icon>
${i}      <Action xsi:type="ShowTaskpane">
${i}        <SourceLocation resid="Taskpane.Url"/>
${i}      </Action>
${i}    </Control>
${i}  </Group>
${i}</ExtensionPoint>`;
}

export function renderManifest(host: string = DEFAULT_HOST): string {
  const origin = normalizeHost(host);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated from addin/manifest/manifest.ts by the manifest script (npm run manifest). Do not edit. -->
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0" xmlns:mailappor="http://schemas.microsoft.com/office/mailappversionoverrides/1.0" xsi:type="MailApp">
  <Id>${ADDIN_ID}</Id>
  <Version>${ADDIN_VERSION}</Version>
  <ProviderName>CRM for Outlook</ProviderName>
  <DefaultLocale>${DEFAULT_LOCALE.toLowerCase()}</DefaultLocale>
${localizedElement('DisplayName', 'displayName', '  ')}
${localizedElement('Description', 'description', '  ')}
  <IconUrl DefaultValue="${origin}${ICON_PATH(64)}"/>
  <HighResolutionIconUrl DefaultValue="${origin}${ICON_PATH(128)}"/>
  <SupportUrl DefaultValue="${origin}/support"/>
  <AppDomains>
    <AppDomain>${origin}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Mailbox"/>
  </Hosts>
  <Requirements>
    <Sets>
      <Set Name="Mailbox" MinVersion="1.1"/>
    </Sets>
  </Requirements>
  <FormSettings>
    <Form xsi:type="ItemRead">
      <DesktopSettings>
        <SourceLocation DefaultValue="${origin}${TASKPANE_PATH}"/>
        <RequestedHeight>250</RequestedHeight>
      </DesktopSettings>
    </Form>
  </FormSettings>
  <Permissions>ReadWriteItem</Permissions>
  <Rule xsi:type="RuleCollection" Mode="Or">
    <Rule xsi:type="ItemIs" ItemType="Message" FormType="Read"/>
  </Rule>
  <DisableEntityHighlighting>false</DisableEntityHighlighting>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Requirements>
      <bt:Sets DefaultMinVersion="1.3">
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
${resources(origin, '    ')}
    <VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides/1.1" xsi:type="VersionOverridesV1_1">
      <Requirements>
        <bt:Sets DefaultMinVersion="1.5">
          <bt:Set Name="Mailbox"/>
        </bt:Sets>
      </Requirements>
      <Hosts>
        <Host xsi:type="MailHost">
          <DesktopFormFactor>
${readSurface('            ', true)}
          </DesktopFormFactor>
          <MobileFormFactor>
${mobileReadSurface('            ')}
          </MobileFormFactor>
        </Host>
      </Hosts>
${resources(origin, '      ')}
    </VersionOverrides>
  </VersionOverrides>
</OfficeApp>
`;
}
