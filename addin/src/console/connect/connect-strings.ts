// The connect page's strings in the console's five languages, as their own i18next
// namespace: the console adds them to its i18n instance (addConnectStrings) and the
// page reads them with useTranslation(CONNECT_NAMESPACE). Self-contained so the page can
// be mounted by the console shell without touching the pane's string files.
import type { i18n } from 'i18next';
import type { Language } from '../../i18n/index.ts';
import en from './locales/en.json';
import fa from './locales/fa.json';
import ka from './locales/ka.json';
import sv from './locales/sv.json';
import ta from './locales/ta.json';

export const CONNECT_NAMESPACE = 'connect';

/** Every language has the English keys (checked here by the compiler, and by connect-strings.test.ts). */
export const CONNECT_STRINGS: Record<Language, typeof en> = { en, ka, fa, sv, ta };

/** The server's onboarding result codes (crm/tenants/onboarding.service.ts ONBOARDING_RESULTS). */
export type ConnectResult = keyof typeof en.result;
export const CONNECT_RESULTS = Object.keys(en.result) as ConnectResult[];

export function addConnectStrings(instance: i18n): void {
  for (const [language, strings] of Object.entries(CONNECT_STRINGS)) {
    if (!instance.hasResourceBundle(language, CONNECT_NAMESPACE)) {
      instance.addResourceBundle(language, CONNECT_NAMESPACE, strings);
    }
  }
}
