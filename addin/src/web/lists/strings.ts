// The lists' strings (contacts and companies) in the five languages, as the i18next
// namespace `lists`, added by the list pages with the shell's useFeatureStrings.
import type { TFunction } from 'i18next';
import type { Language } from '../../i18n/index.ts';
import { useFeatureStrings } from '../i18n.ts';
import en from './locales/en.json';
import fa from './locales/fa.json';
import ka from './locales/ka.json';
import sv from './locales/sv.json';
import ta from './locales/ta.json';

export const LISTS_NAMESPACE = 'lists';

/** Every language has the English keys (checked here by the compiler, and by strings.test.ts). */
export const LISTS_STRINGS: Record<Language, typeof en> = { en, ka, fa, sv, ta };

export const useListStrings = (): TFunction => useFeatureStrings(LISTS_NAMESPACE, LISTS_STRINGS);
