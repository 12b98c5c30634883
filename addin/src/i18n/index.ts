// The pane's languages: Outlook's display language picks one, English is the fallback.
// English is bundled; the others load with the pane only when chosen.
import i18next, { type i18n, type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import type { Locale } from './locale.ts';

export { LANGUAGES, pickLocale, type Language, type Locale } from './locale.ts';

const loaders = import.meta.glob<{ default: Resource }>(['./locales/*.json', '!./locales/en.json']);

export async function startI18n(locale: Locale): Promise<i18n> {
  const resources: Resource = { en: { translation: en } };
  if (locale.language !== 'en') {
    const load = loaders[`./locales/${locale.language}.json`];
    if (load) resources[locale.language] = { translation: (await load()).default };
  }
  return createI18n(locale, resources, 'translation');
}

/**
 * An i18next instance for the locale over resources already loaded, strings read from
 * `namespace` by default: the pane's (translation) and the admin console's (console).
 */
export async function createI18n(locale: Locale, resources: Resource, namespace: string): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng: locale.language,
    fallbackLng: 'en',
    resources,
    defaultNS: namespace,
    ns: [namespace],
    // Names, stages and numbers inside right-to-left text are isolated (FSI…PDI), so a
    // Latin stage name cannot turn the sentence around it left to right.
    interpolation:
      locale.dir === 'rtl' ? { escapeValue: true, escape: (value) => `\u2068${value}\u2069` } : { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
