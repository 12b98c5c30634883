// The shell's strings (the sign-in, the header, errors) in the five languages, as an
// i18next namespace of their own that the console and the web app add to their
// instance, and the way any part adds its bundles.
import type { i18n } from 'i18next';
import type { Language } from '../i18n/index.ts';
import en from './locales/en.json';
import fa from './locales/fa.json';
import ka from './locales/ka.json';
import sv from './locales/sv.json';
import ta from './locales/ta.json';

export const SHELL_NAMESPACE = 'shell';

/** Every language has the English keys (checked here by the compiler, and by strings.test.ts). */
export const SHELL_STRINGS: Record<Language, typeof en> = { en, ka, fa, sv, ta };

/** Adds a namespace's strings in every language to an instance, once (later calls keep the first). */
export function addStringBundles(instance: i18n, namespace: string, strings: Record<Language, object>): void {
  for (const [language, bundle] of Object.entries(strings)) {
    if (!instance.hasResourceBundle(language, namespace)) instance.addResourceBundle(language, namespace, bundle);
  }
}

export const addShellStrings = (instance: i18n) => addStringBundles(instance, SHELL_NAMESPACE, SHELL_STRINGS);
