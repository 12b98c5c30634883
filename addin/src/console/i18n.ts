// The console's strings: a namespace of their own (console), in the pane's five
// languages, so none of them is bundled into the pane. English is bundled with the
// console; the others load when chosen. The shell's (sign-in, errors) come with it.
import type { i18n, Resource } from 'i18next';
import { createI18n, type Locale } from '../i18n/index.ts';
import { addShellStrings, initialLocale as shellInitialLocale } from '../shell/index.ts';
import { addConnectStrings } from './connect/index.ts';
import en from './locales/en.json';

export const CONSOLE_NAMESPACE = 'console';
export const LANGUAGE_KEY = 'crm-console-language';

const loaders = import.meta.glob<{ default: Resource }>(['./locales/*.json', '!./locales/en.json']);

export async function startConsoleI18n(locale: Locale): Promise<i18n> {
  const resources: Resource = { en: { [CONSOLE_NAMESPACE]: en } };
  if (locale.language !== 'en') {
    const load = loaders[`./locales/${locale.language}.json`];
    if (load) resources[locale.language] = { [CONSOLE_NAMESPACE]: (await load()).default };
  }
  const instance = await createI18n(locale, resources, CONSOLE_NAMESPACE);
  // The connect page's strings (a namespace of their own, every language: a small page).
  addConnectStrings(instance);
  addShellStrings(instance);
  return instance;
}

/** The language chosen before (this browser), else the browser's own. */
export function initialLocale(storage: Pick<Storage, 'getItem'> | null, browserLanguage: string): Locale {
  return shellInitialLocale(storage, browserLanguage, LANGUAGE_KEY);
}
