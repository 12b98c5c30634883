// The record pages' strings (a contact's and a company's) in the five languages, as
// the i18next namespace `records`: each record page adds them with useFeatureStrings.
import type { Language } from '../../i18n/index.ts';
import en from './locales/en.json';
import fa from './locales/fa.json';
import ka from './locales/ka.json';
import sv from './locales/sv.json';
import ta from './locales/ta.json';

export const RECORDS_NAMESPACE = 'records';

/** Every language has the English keys (checked by the compiler here, and by strings.test.ts). */
export const RECORDS_STRINGS: Record<Language, typeof en> = { en, ka, fa, sv, ta };
