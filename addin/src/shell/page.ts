// What a tab app's start (console, web app) needs of the browser page before React.
import type { Locale } from '../i18n/index.ts';

/** The browser's storage, or null where privacy settings refuse it. */
export function browserStorage(kind: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return window[kind];
  } catch {
    return null;
  }
}

/** The page in the app's language: lang and dir on <html> (Persian right to left), the title. */
export const showLocale = (locale: Locale, title: string) => {
  document.documentElement.lang = locale.language;
  document.documentElement.dir = locale.dir;
  document.title = title;
};
