// The deals page's strings in the five languages, as their own i18next namespace:
// the page registers them with the shell's useFeatureStrings; its parts read them
// with useDealsT.
import { useTranslation } from 'react-i18next';
import type { Language } from '../../i18n/index.ts';
import en from './locales/en.json';
import fa from './locales/fa.json';
import ka from './locales/ka.json';
import sv from './locales/sv.json';
import ta from './locales/ta.json';

export const DEALS_NAMESPACE = 'deals';

/** Every language has the English keys (checked here by the compiler). */
export const DEALS_STRINGS: Record<Language, typeof en> = { en, ka, fa, sv, ta };

export const useDealsT = () => useTranslation(DEALS_NAMESPACE).t;
