// The language of an app in a browser tab: the one chosen before on this browser (each
// app keeps it under its own key in localStorage), else the browser's own.
import { pickLocale, type Language, type Locale } from '../i18n/index.ts';

/** Each language named in itself, for the picker. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  ka: 'ქართული',
  fa: 'فارسی',
  sv: 'Svenska',
  ta: 'தமிழ்',
};

/** The language chosen before (this browser, under `key`), else the browser's own. */
export function initialLocale(storage: Pick<Storage, 'getItem'> | null, browserLanguage: string, key: string): Locale {
  let saved: string | null = null;
  try {
    saved = storage?.getItem(key) ?? null;
  } catch {
    // Storage refused (privacy settings): the browser's language then.
  }
  return pickLocale(saved ?? browserLanguage);
}

/** Remembers a language for the next visit in localStorage, under `key`. */
export const languageSaver = (key: string) => (language: string) => {
  try {
    localStorage.setItem(key, language);
  } catch {
    // Storage refused: the choice lasts for this visit.
  }
};
