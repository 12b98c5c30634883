// The web app's strings: the shell's own (nav, titles) in the namespace `web`, English
// bundled and the other languages loaded when chosen; the shell's sign-in and errors;
// and each feature's namespace, which its page adds with useFeatureStrings.
import type { i18n, Resource, TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { createI18n, type Language, type Locale } from '../i18n/index.ts';
import { addShellStrings, addStringBundles, initialLocale } from '../shell/index.ts';
import en from './locales/en.json';

export const WEB_NAMESPACE = 'web';
/** Where the web app remembers the language chosen (localStorage). */
export const WEB_LANGUAGE_KEY = 'crm-web-language';

const loaders = import.meta.glob<{ default: Resource }>(['./locales/*.json', '!./locales/en.json']);

export async function startWebI18n(locale: Locale): Promise<i18n> {
  const resources: Resource = { en: { [WEB_NAMESPACE]: en } };
  if (locale.language !== 'en') {
    const load = loaders[`./locales/${locale.language}.json`];
    if (load) resources[locale.language] = { [WEB_NAMESPACE]: (await load()).default };
  }
  const instance = await createI18n(locale, resources, WEB_NAMESPACE);
  addShellStrings(instance);
  return instance;
}

/** The language chosen before in the web app (this browser), else the browser's own. */
export const initialWebLocale = (storage: Pick<Storage, 'getItem'> | null, browserLanguage: string): Locale =>
  initialLocale(storage, browserLanguage, WEB_LANGUAGE_KEY);

/**
 * A feature's strings (every language, `addin/src/web/<feature>/locales/*.json`) added to
 * the app's i18n instance the first time its page renders, and its `t`. Pass a constant
 * (the feature's strings.ts), not an object made in render.
 */
export function useFeatureStrings(namespace: string, strings: Record<Language, object>): TFunction {
  const { i18n } = useTranslation();
  // Before useTranslation(namespace) reads them; adding is idempotent, so a second render or
  // a language change (a new instance) is fine.
  addStringBundles(i18n, namespace, strings);
  return useTranslation(namespace).t;
}
