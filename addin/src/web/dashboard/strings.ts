// The dashboard's strings in the five languages, as the namespace `dashboard` that the
// page adds with the shell's useFeatureStrings.
import type { Language } from '../../i18n/index.ts';
import en from './locales/en.json';
import fa from './locales/fa.json';
import ka from './locales/ka.json';
import sv from './locales/sv.json';
import ta from './locales/ta.json';

export const DASHBOARD_NAMESPACE = 'dashboard';

/** Every language has the English keys (checked by the compiler). */
export const DASHBOARD_STRINGS: Record<Language, typeof en> = { en, ka, fa, sv, ta };
