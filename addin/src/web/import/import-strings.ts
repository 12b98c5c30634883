// The import page's strings in the web app's five languages, as their own i18next
// namespace, added by the page with useFeatureStrings.
import type { Language } from '../../i18n/index.ts';
import en from './locales/en.json';
import fa from './locales/fa.json';
import ka from './locales/ka.json';
import sv from './locales/sv.json';
import ta from './locales/ta.json';

export const IMPORT_NAMESPACE = 'import';

/** Every language has the English keys (checked here by the compiler). */
export const IMPORT_STRINGS: Record<Language, typeof en> = { en, ka, fa, sv, ta };
