// The tasks' strings (My tasks and the tasks on a record page) in the five languages,
// as the i18next namespace `tasks`: a page adds them with useFeatureStrings.
import type { Language } from '../../i18n/index.ts';
import en from './locales/en.json';
import fa from './locales/fa.json';
import ka from './locales/ka.json';
import sv from './locales/sv.json';
import ta from './locales/ta.json';

export const TASKS_NAMESPACE = 'tasks';

/** Every language has the English keys (checked by the compiler here, and by strings.test.ts). */
export const TASKS_STRINGS: Record<Language, typeof en> = { en, ka, fa, sv, ta };
