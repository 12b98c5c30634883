// Which of the pane's languages a display language gets, and its direction. Plain code
// with no imports: the pane runs it at start, and the server runs it to send
// taskpane.html in the right language and direction before any script runs.
export const LANGUAGES = ['en', 'ka', 'fa', 'sv', 'ta'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The regional format each language gets when Outlook names no region of its own. */
const DEFAULT_REGION: Record<Language, string> = { en: 'en-US', ka: 'ka-GE', fa: 'fa-IR', sv: 'sv-SE', ta: 'ta-IN' };

export type Locale = { language: Language; formatLocale: string; dir: 'ltr' | 'rtl' };

export function pickLocale(displayLanguage: string): Locale {
  let tag: Intl.Locale;
  try {
    tag = new Intl.Locale(displayLanguage);
  } catch {
    tag = new Intl.Locale('en-US');
  }
  const language = (LANGUAGES as readonly string[]).includes(tag.language) ? (tag.language as Language) : 'en';
  const formatLocale = language === tag.language && tag.region ? tag.baseName : DEFAULT_REGION[language];
  return { language, formatLocale, dir: language === 'fa' ? 'rtl' : 'ltr' };
}
